package org.nebulaha.oned.model;

import java.util.Map;
import java.util.TreeMap;
import org.nebulaha.oned.xmlrpc.OneXml;
import org.w3c.dom.Element;

/**
 * A virtual network (4.2 vnet.xsd). RANGED: every IP from IP_START to IP_END can be leased and
 * only the leases in use (or on hold) are kept; FIXED: the leases are the ones given. A lease's
 * MAC is the 02:00 prefix and the IP's four bytes, its IP6_LINK derived from the MAC, as 4.2.
 * A lease in use has the VM's id as VID, one on hold VID -1.
 */
public final class Vnet extends PoolObject {
    public static final int RANGED = 0, FIXED = 1;

    /** One lease: address and MAC, whether it is used and by which VM (-1: on hold). */
    public record Lease(String mac, boolean used, int vid) {}

    public int type;
    public String bridge = "";
    public boolean vlan;
    public String phydev = "";
    public String vlanId = "";
    public long ipStart;
    public long ipEnd;
    /** By IP as a number. */
    public TreeMap<Long, Lease> leases = new TreeMap<>();

    public long usedLeases() {
        return leases.values().stream().filter(Lease::used).count();
    }

    /** {@code extended}: with LEASES, as one.vn.info (the pool leaves them out, as 4.2). */
    public String toXml(boolean extended) {
        StringBuilder sb = open("VNET");
        el(sb, "CLUSTER_ID", -1); el(sb, "CLUSTER", ""); el(sb, "TYPE", type); el(sb, "BRIDGE", bridge); el(sb, "VLAN", vlan ? 1 : 0);
        el(sb, "PHYDEV", phydev); el(sb, "VLAN_ID", vlanId); el(sb, "GLOBAL_PREFIX", ""); el(sb, "SITE_PREFIX", "");
        if (type == RANGED) sb.append("<RANGE><IP_START>").append(ip(ipStart)).append("</IP_START><IP_END>").append(ip(ipEnd)).append("</IP_END></RANGE>");
        el(sb, "TOTAL_LEASES", usedLeases());
        sb.append(template.toXml());
        if (extended) {
            sb.append("<LEASES>");
            for (Map.Entry<Long, Lease> l : leases.entrySet()) {
                sb.append("<LEASE>");
                el(sb, "MAC", l.getValue().mac()); el(sb, "IP", ip(l.getKey())); el(sb, "IP6_LINK", ip6Link(l.getValue().mac()));
                el(sb, "USED", l.getValue().used() ? 1 : 0); el(sb, "VID", l.getValue().vid());
                sb.append("</LEASE>");
            }
            sb.append("</LEASES>");
        }
        return sb.append("</VNET>").toString();
    }

    @Override
    public String toXml() {
        return toXml(true);
    }

    public static Vnet fromXml(String xml) {
        Element e = parse(xml);
        Vnet n = new Vnet();
        n.readCommon(e);
        n.type = OneXml.num(e, "TYPE");
        n.bridge = OneXml.text(e, "BRIDGE");
        n.vlan = OneXml.num(e, "VLAN") == 1;
        n.phydev = OneXml.text(e, "PHYDEV");
        n.vlanId = OneXml.text(e, "VLAN_ID");
        Element r = OneXml.child(e, "RANGE");
        if (r != null) {
            n.ipStart = ipNumber(OneXml.text(r, "IP_START"));
            n.ipEnd = ipNumber(OneXml.text(r, "IP_END"));
        }
        Element ls = OneXml.child(e, "LEASES");
        if (ls != null) for (Element l : OneXml.children(ls, "LEASE"))
            n.leases.put(ipNumber(OneXml.text(l, "IP")), new Lease(OneXml.text(l, "MAC"), OneXml.num(l, "USED") == 1, OneXml.num(l, "VID")));
        return n;
    }

    @Override
    public Vnet copy() {
        return fromXml(toXml(true));
    }

    /** "10.0.0.1" as a number, or -1 when it is not a dotted IPv4 address. */
    public static long ipNumber(String ip) {
        String[] p = ip.strip().split("\\.", -1);
        if (p.length != 4) return -1;
        long n = 0;
        for (String s : p) {
            if (!s.matches("\\d{1,3}")) return -1;
            int b = Integer.parseInt(s);
            if (b > 255) return -1;
            n = n << 8 | b;
        }
        return n;
    }

    public static String ip(long n) {
        return (n >> 24 & 255) + "." + (n >> 16 & 255) + "." + (n >> 8 & 255) + "." + (n & 255);
    }

    /** 4.2's MAC for an IP: prefix 02:00, then the IP's bytes. */
    public static String mac(long ip) {
        return String.format("02:00:%02x:%02x:%02x:%02x", ip >> 24 & 255, ip >> 16 & 255, ip >> 8 & 255, ip & 255);
    }

    /** The link-local IPv6 address of a MAC (EUI-64: universal/local bit flipped, ff:fe inserted). */
    public static String ip6Link(String mac) {
        String[] m = mac.split(":");
        if (m.length != 6) return "";
        int[] b = new int[8];
        try {
            b[0] = Integer.parseInt(m[0], 16) ^ 2; b[1] = Integer.parseInt(m[1], 16); b[2] = Integer.parseInt(m[2], 16);
            b[3] = 0xff; b[4] = 0xfe; b[5] = Integer.parseInt(m[3], 16); b[6] = Integer.parseInt(m[4], 16); b[7] = Integer.parseInt(m[5], 16);
        } catch (NumberFormatException e) {
            return "";
        }
        // fe80:0:0:0 then the four groups; the zero run (taking in a zero first group) is written "::".
        StringBuilder sb = new StringBuilder("fe80:");
        for (int i = 0; i < 8; i += 2) {
            int g = b[i] << 8 | b[i + 1];
            if (i > 0 || g != 0) sb.append(':').append(Integer.toHexString(g));
        }
        return sb.toString();
    }
}

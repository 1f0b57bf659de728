package org.nebulaha.oned.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nebulaha.oned.lifecycle.OneError;
import org.nebulaha.oned.model.Template;
import org.nebulaha.oned.model.Vnet;

/**
 * A virtual network from its template, as 4.2's VirtualNetwork::insert and RangedLeases: TYPE
 * (RANGED or FIXED), NAME and BRIDGE (or PHYDEV, then bridge onebrID) are taken out of the
 * template; RANGED takes IP_START/IP_END and/or NETWORK_ADDRESS with a CIDR suffix, NETWORK_MASK
 * or NETWORK_SIZE (A, B, C or a number; default C), and gets NETWORK_MASK written back; FIXED takes
 * its LEASES = [IP, MAC] vectors.
 */
final class Networks {
    private Networks() {}

    static Vnet define(int id, Template t) throws OneError {
        Vnet n = new Vnet();
        n.id = id;
        String type = t.get("TYPE").orElse("").strip().toUpperCase();
        if (type.isEmpty()) throw fail("No TYPE in template for Virtual Network.");
        if (!type.equals("RANGED") && !type.equals("FIXED")) throw fail("Wrong type \"" + type + "\" in template for Virtual Network.");
        n.type = type.equals("RANGED") ? Vnet.RANGED : Vnet.FIXED;
        n.name = t.get("NAME").orElse("").strip();
        if (n.name.isEmpty()) throw fail("No NAME in template for Virtual Network.");
        n.phydev = t.get("PHYDEV").orElse("").strip();
        n.vlanId = t.get("VLAN_ID").orElse("").strip();
        String vlan = t.get("VLAN").orElse("").strip().toUpperCase();
        n.vlan = vlan.equals("YES") || vlan.isEmpty() && !n.phydev.isEmpty();
        n.bridge = t.get("BRIDGE").orElse("").strip();
        if (n.bridge.isEmpty()) {
            if (n.phydev.isEmpty()) throw fail("No BRIDGE in template for Virtual Network.");
            n.bridge = "onebr" + id;
        }
        Template rest = t;
        for (String k : List.of("TYPE", "NAME", "PHYDEV", "VLAN_ID", "VLAN", "BRIDGE", "IP_START", "IP_END", "NETWORK_SIZE", "LEASES"))
            rest = rest.without(k);
        if (n.type == Vnet.RANGED) {
            rest = range(n, t, rest);
        } else {
            for (Map<String, String> l : t.vectors("LEASES")) Leases.add(n, l);
        }
        n.template = rest;
        return n;
    }

    private static Template range(Vnet n, Template t, Template rest) throws OneError {
        String st = t.get("IP_START").orElse("").strip(), en = t.get("IP_END").orElse("").strip();
        long start = 0, end = 0;
        if (!st.isEmpty() && (start = Vnet.ipNumber(st)) < 0) throw fail("IP_START " + st + " is not a valid IP.");
        if (!en.isEmpty() && (end = Vnet.ipNumber(en)) < 0) throw fail("IP_END " + en + " is not a valid IP.");
        String addr = t.get("NETWORK_ADDRESS").orElse("").strip();
        if (addr.isEmpty()) {
            if (start == 0 || end == 0) throw fail("No NETWORK_ADDRESS in template for Virtual Network.");
            if (end < start) throw fail("IP_START " + st + " cannot be greater than the IP_END " + en + ".");
            n.ipStart = start;
            n.ipEnd = end;
            return rest;
        }
        int hostBits;
        int slash = addr.indexOf('/');
        if (slash >= 0) {
            String bits = addr.substring(slash + 1);
            addr = addr.substring(0, slash);
            if (!bits.matches("\\d{1,2}") || Integer.parseInt(bits) > 32) throw fail("A CIDR prefix of " + bits + " bits is not valid.");
            hostBits = 32 - Integer.parseInt(bits);
        } else if (t.get("NETWORK_MASK").isPresent()) {
            String m = t.get("NETWORK_MASK").get().strip();
            long mask = Vnet.ipNumber(m);
            if (mask < 0) throw fail("NETWORK_MASK " + m + " is not a valid network mask.");
            hostBits = 0;
            while (hostBits < 32 && (mask >> hostBits & 1) != 1) hostBits++;
        } else {
            String size = t.get("NETWORK_SIZE").orElse("C").strip().toUpperCase();
            long hosts = switch (size) {
                case "A" -> 16777214;
                case "B" -> 65534;
                case "C" -> 254;
                default -> {
                    if (!size.matches("\\d{1,9}")) throw fail("NETWORK_SIZE is not an integer number.");
                    yield Long.parseLong(size);
                }
            };
            hostBits = 0;
            while ((1L << hostBits) < hosts + 2) hostBits++;
        }
        long mask = 0xFFFFFFFFL << hostBits & 0xFFFFFFFFL;
        long net = Vnet.ipNumber(addr);
        if (net < 0) throw fail("NETWORK_ADDRESS " + addr + " is not a valid IP.");
        if ((net & mask) != net) throw fail("NETWORK_ADDRESS " + addr + " is not a base address for the network mask " + Vnet.ip(mask) + ".");
        if (start == 0) start = net + 1;
        if (end == 0) end = net + (1L << hostBits) - 2;
        if ((start & mask) != net) throw fail("IP_START " + st + " is not part of the network " + addr + "/" + (32 - hostBits) + ".");
        if ((end & mask) != net) throw fail("IP_END " + en + " is not part of the network " + addr + "/" + (32 - hostBits) + ".");
        if (end < start) throw fail("IP_START " + Vnet.ip(start) + " cannot be greater than the IP_END " + Vnet.ip(end) + ".");
        n.ipStart = start;
        n.ipEnd = end;
        List<Template.Attribute> out = new ArrayList<>(rest.with("NETWORK_MASK", Vnet.ip(mask)).attributes());
        return new Template(out);
    }

    private static OneError fail(String m) {
        return new OneError(OneError.INTERNAL, m);
    }
}

package org.nebulaha.oned.catalog;

import java.util.Map;
import org.nebulaha.oned.lifecycle.OneError;
import org.nebulaha.oned.model.Template;
import org.nebulaha.oned.model.Vnet;
import org.nebulaha.oned.model.Vnet.Lease;

/**
 * Pure decisions on a network's leases (4.2 RangedLeases / FixedLeases): which lease a NIC gets,
 * hold, release, add and remove. Each works on the {@link Vnet} given (a copy) and throws with
 * 4.2's message when it cannot, leaving the rest to the caller's commit.
 */
final class Leases {
    private Leases() {}

    /** The IP a NIC gets: {@code wanted} (a given IP) when free, else the lowest free one. */
    static long take(Vnet n, String wanted, int vid) throws OneError {
        long ip;
        if (wanted != null && !wanted.isBlank()) {
            ip = Vnet.ipNumber(wanted);
            if (ip < 0 || !contains(n, ip)) throw new OneError(OneError.ACTION, "IP " + wanted + " is not part of virtual network " + n.id + ".");
            Lease l = n.leases.get(ip);
            if (l != null && l.used()) throw new OneError(OneError.ACTION, "IP " + wanted + " of virtual network " + n.id + " is already in use.");
        } else {
            ip = firstFree(n);
            if (ip < 0) throw new OneError(OneError.ACTION, "Virtual network " + n.id + " (" + n.name + ") has no free leases.");
        }
        Lease l = n.leases.get(ip);
        n.leases.put(ip, new Lease(l == null ? Vnet.mac(ip) : l.mac(), true, vid));
        return ip;
    }

    static boolean contains(Vnet n, long ip) {
        return n.type == Vnet.RANGED ? ip >= n.ipStart && ip <= n.ipEnd : n.leases.containsKey(ip);
    }

    private static long firstFree(Vnet n) {
        if (n.type == Vnet.FIXED) {
            for (Map.Entry<Long, Lease> e : n.leases.entrySet()) if (!e.getValue().used()) return e.getKey();
            return -1;
        }
        for (long ip = n.ipStart; ip <= n.ipEnd; ip++) {
            Lease l = n.leases.get(ip);
            if (l == null || !l.used()) return ip;
        }
        return -1;
    }

    /** Frees the lease of {@code ip} when VM {@code vid} holds it (-1: on hold); false when it does not. */
    static boolean free(Vnet n, long ip, int vid) {
        Lease l = n.leases.get(ip);
        if (l == null || !l.used() || l.vid() != vid) return false;
        if (n.type == Vnet.RANGED) n.leases.remove(ip);
        else n.leases.put(ip, new Lease(l.mac(), false, -1));
        return true;
    }

    /** The first LEASES vector of a one.vn.* lease template. */
    static Map<String, String> lease(String text) throws OneError {
        Template t;
        try {
            t = Template.parse(text);
        } catch (Template.SyntaxException e) {
            throw new OneError(OneError.INTERNAL, "Parse error: " + e.getMessage());
        }
        if (t.vectors("LEASES").isEmpty()) throw new OneError(OneError.ACTION, "Empty lease description.");
        return t.vectors("LEASES").get(0);
    }

    /** one.vn.hold: a free lease is put on hold (USED, VID -1). */
    static void hold(Vnet n, Map<String, String> lease) throws OneError {
        long ip = Vnet.ipNumber(lease.getOrDefault("IP", ""));
        if (ip < 0) throw new OneError(OneError.ACTION, "Wrong Lease format.");
        Lease l = n.leases.get(ip);
        if (l != null && l.used()) throw new OneError(OneError.ACTION, "Lease is in use.");
        if (!contains(n, ip)) throw new OneError(OneError.ACTION, "Lease is not part of the NET.");
        n.leases.put(ip, new Lease(l == null ? Vnet.mac(ip) : l.mac(), true, -1));
    }

    /** one.vn.release: a lease on hold is freed. */
    static void release(Vnet n, Map<String, String> lease) throws OneError {
        long ip = Vnet.ipNumber(lease.getOrDefault("IP", ""));
        if (ip < 0) throw new OneError(OneError.ACTION, "Wrong Lease format.");
        if (!free(n, ip, -1)) throw new OneError(OneError.ACTION, "Lease is not on hold.");
    }

    /** one.vn.addleases (FIXED only): IP and optional MAC (else 4.2's from the IP). */
    static void add(Vnet n, Map<String, String> lease) throws OneError {
        if (n.type != Vnet.FIXED) throw new OneError(OneError.ACTION, "Adding new leases is only supported for FIXED networks.");
        String st = lease.getOrDefault("IP", "");
        long ip = Vnet.ipNumber(st);
        if (ip < 0) throw new OneError(OneError.ACTION, "Error inserting lease, malformed IP = " + st);
        String mac = lease.getOrDefault("MAC", "").strip().toLowerCase();
        if (!mac.isEmpty() && !mac.matches("([0-9a-f]{2}:){5}[0-9a-f]{2}"))
            throw new OneError(OneError.ACTION, "Error inserting lease, malformed MAC = " + mac);
        if (n.leases.containsKey(ip)) throw new OneError(OneError.ACTION, "Error inserting lease, IP " + st + " already exists");
        n.leases.put(ip, new Lease(mac.isEmpty() ? Vnet.mac(ip) : mac, false, -1));
    }

    /** one.vn.rmleases (FIXED only): a lease not in use is removed. */
    static void remove(Vnet n, Map<String, String> lease) throws OneError {
        if (n.type != Vnet.FIXED) throw new OneError(OneError.ACTION, "Removing leases is only supported for FIXED networks.");
        String st = lease.getOrDefault("IP", "");
        long ip = Vnet.ipNumber(st);
        if (ip < 0) throw new OneError(OneError.ACTION, "Error deleting lease, malformed IP = " + st);
        Lease l = n.leases.get(ip);
        if (l == null) throw new OneError(OneError.ACTION, "Error deleting lease, IP " + st + " is not part of NET " + n.id);
        if (l.used()) throw new OneError(OneError.ACTION, "Error deleting lease, IP " + st + " is currently in use");
        n.leases.remove(ip);
    }
}

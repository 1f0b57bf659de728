package org.nebulaha.oned.catalog;

import java.util.Map;
import org.nebulaha.oned.lifecycle.OneError;
import org.nebulaha.oned.model.Vnet;

/** Virtual network changes: allocate from a template, delete, and the lease requests (one.vn.hold ...). */
public final class Vnets {
    private static final System.Logger LOG = System.getLogger("oned.vnets");
    private final Catalog c;

    Vnets(Catalog c) {
        this.c = c;
    }

    public int allocate(int uid, String uname, String text) throws OneError {
        synchronized (c.vnets.lock()) {
            int id = c.vnets.nextId();
            Vnet n = Networks.define(id, Images.parse(text));
            Vnet same = c.vnets.byName(n.name, uid);
            if (same != null) throw new OneError(OneError.INTERNAL, "NAME is already taken by NET " + same.id + ".");
            n.uid = uid;
            n.uname = uname;
            n.gid = Catalog.groupOf(uid);
            n.gname = n.gid == 0 ? "oneadmin" : "users";
            c.vnets.put(n);
            LOG.log(System.Logger.Level.INFO, "vnet " + id + ": " + n.name + " " + (n.type == Vnet.RANGED
                    ? "RANGED " + Vnet.ip(n.ipStart) + "-" + Vnet.ip(n.ipEnd) : "FIXED with " + n.leases.size() + " lease(s)"));
            return id;
        }
    }

    /** Refused while a VM holds one of its leases (a lease on hold does not count). */
    public void delete(int id) throws OneError {
        synchronized (c.vnets.lock()) {
            Vnet n = c.vnets.get(id);
            long inUse = n.leases.values().stream().filter(l -> l.used() && l.vid() >= 0).count();
            if (inUse > 0) throw new OneError(OneError.ACTION, "Cannot delete virtual network " + id + ": " + inUse + " lease(s) are used by VMs.");
            c.vnets.remove(id);
        }
    }

    /** {@code op}: addleases, rmleases, hold or release, with a {@code LEASES = [ IP = ..., MAC = ... ]} template. */
    public void leases(int id, String op, String text) throws OneError {
        synchronized (c.vnets.lock()) {
            Vnet n = c.vnets.get(id);
            Map<String, String> lease = Leases.lease(text);
            switch (op) {
                case "addleases" -> Leases.add(n, lease);
                case "rmleases" -> Leases.remove(n, lease);
                case "hold" -> Leases.hold(n, lease);
                case "release" -> Leases.release(n, lease);
                default -> throw new IllegalArgumentException(op);
            }
            c.vnets.put(n);
        }
    }
}

package org.nebulaha.oned.catalog;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nebulaha.oned.db.CatalogTables;
import org.nebulaha.oned.db.Database;
import org.nebulaha.oned.lifecycle.OneError;
import org.nebulaha.oned.lifecycle.VmResources;
import org.nebulaha.oned.model.Datastore;
import org.nebulaha.oned.model.Image;
import org.nebulaha.oned.model.Perms;
import org.nebulaha.oned.model.PoolObject;
import org.nebulaha.oned.model.Template;
import org.nebulaha.oned.model.VmTemplate;
import org.nebulaha.oned.model.Vnet;

/**
 * The four pools (VM templates, images, datastores, virtual networks) and what VMs take from them:
 * a VM's DISK=[IMAGE_ID|IMAGE] holds the image (RUNNING_VMS, USED) and its NIC=[NETWORK_ID|NETWORK]
 * takes a lease, both given back when the VM is DONE. Every change holds the core's lock.
 */
public final class Catalog implements VmResources {
    private static final System.Logger LOG = System.getLogger("oned.catalog");

    public final Store<VmTemplate> templates;
    public final Store<Image> images;
    public final Store<Datastore> datastores;
    public final Store<Vnet> vnets;
    public final Images imageOps;
    public final Vnets networkOps;
    private final CatalogTables tables;
    private final Object lock;
    /** Where datastores keep their files: ONE_LOCATION/var/datastores/ID. */
    final Path datastoresDir;

    public Catalog(Database db, Object lock, Path var) throws SQLException, OneError {
        this.tables = new CatalogTables(db);
        this.lock = lock;
        this.datastoresDir = var.resolve("datastores");
        templates = new Store<>(tables, CatalogTables.TEMPLATES, "template", lock, VmTemplate::fromXml);
        images = new Store<>(tables, CatalogTables.IMAGES, "image", lock, Image::fromXml);
        datastores = new Store<>(tables, CatalogTables.DATASTORES, "datastore", lock, Datastore::fromXml);
        vnets = new Store<>(tables, CatalogTables.VNETS, "virtual network", lock, Vnet::fromXml);
        imageOps = new Images(this);
        networkOps = new Vnets(this);
        synchronized (lock) {
            if (!tables.everAllocated(CatalogTables.DATASTORES)) createDefaultDatastores();
        }
        imageOps.restartInterruptedCopies();
    }

    /**
     * 4.2's bootstrap datastores: 0 system, 1 default (images), 2 files; owned by oneadmin, 0 and 1
     * readable by the group, 1 and 2 usable by everyone. TM_MAD is the dummy transfer driver oned runs.
     */
    private void createDefaultDatastores() throws OneError {
        String[][] defaults = {{"system", "SYSTEM_DS", "", "0640"}, {"default", "IMAGE_DS", "fs", "0644"}, {"files", "FILE_DS", "fs", "0644"}};
        for (String[] d : defaults) {
            Datastore ds = new Datastore();
            ds.id = datastores.nextId();
            ds.name = d[0];
            ds.type = Datastore.TYPES.indexOf(d[1]);
            ds.dsMad = d[2];
            ds.tmMad = "dummy";
            ds.perms = Perms.octal(Integer.parseInt(d[3], 8));
            ds.basePath = datastoresDir.resolve(String.valueOf(ds.id)).toString();
            Template t = new Template(List.of()).with("TYPE", d[1]);
            if (!d[2].isEmpty()) t = t.with("DS_MAD", d[2]);
            ds.template = t.with("TM_MAD", "dummy");
            datastores.put(ds);
        }
        LOG.log(System.Logger.Level.INFO, "created the default datastores 0 system, 1 default, 2 files under " + datastoresDir);
    }

    /** Whether user {@code uid} (group {@code gid}) may do {@code op} on {@code o}: oneadmin always, else the object's permission bits. */
    public static boolean may(int uid, int gid, PoolObject o, String op) {
        return uid == 0 || o.perms.allows(op, o.uid == uid, o.gid == gid);
    }

    static int groupOf(int uid) {
        return uid == 0 ? 0 : 1;
    }

    // ------------------------------------------------------------------ VMs

    @Override
    public Template acquire(int vid, int uid, Template t) throws OneError {
        synchronized (lock) {
            Map<Integer, Image> heldImages = new LinkedHashMap<>();
            Map<Integer, Vnet> leasedNets = new LinkedHashMap<>();
            List<Template.Attribute> out = new ArrayList<>();
            for (Template.Attribute a : t.attributes()) {
                if (a.isVector() && a.name().equals("DISK") && (a.vector().containsKey("IMAGE_ID") || a.vector().containsKey("IMAGE"))) {
                    out.add(new Template.Attribute("DISK", null, imageOps.hold(vid, uid, a.vector(), heldImages)));
                } else if (a.isVector() && a.name().equals("NIC") && (a.vector().containsKey("NETWORK_ID") || a.vector().containsKey("NETWORK"))) {
                    out.add(new Template.Attribute("NIC", null, lease(vid, uid, a.vector(), leasedNets)));
                } else {
                    out.add(a);
                }
            }
            List<Store<?>> stores = new ArrayList<>();
            List<PoolObject> changed = new ArrayList<>();
            for (Image i : heldImages.values()) { stores.add(images); changed.add(i); }
            for (Vnet n : leasedNets.values()) { stores.add(vnets); changed.add(n); }
            if (!changed.isEmpty()) Store.putAll(tables, stores, changed);
            return new Template(out);
        }
    }

    /** A NIC with its lease: the network by NETWORK_ID or NETWORK (owned by NETWORK_UNAME's user or the VM's owner). */
    private Map<String, String> lease(int vid, int uid, Map<String, String> nic, Map<Integer, Vnet> changed) throws OneError {
        Vnet n;
        if (nic.containsKey("NETWORK_ID")) {
            int id = parseId(nic.get("NETWORK_ID"), "NETWORK_ID");
            n = changed.containsKey(id) ? changed.get(id) : vnets.get(id);
        } else {
            String name = nic.get("NETWORK").strip();
            Vnet found = vnets.byName(name, owner(nic.get("NETWORK_UNAME"), uid));
            if (found == null) throw new OneError(OneError.ACTION, "User " + uid + " does not own a network with name: " + name
                    + " . Set NETWORK_UNAME or NETWORK_UID of owner in NIC.");
            n = changed.containsKey(found.id) ? changed.get(found.id) : vnets.get(found.id);
        }
        if (!may(uid, groupOf(uid), n, "USE"))
            throw new OneError(OneError.AUTHORIZATION, "User [" + uid + "] : Not authorized to perform USE NET [" + n.id + "].");
        long ip = Leases.take(n, nic.get("IP"), vid);
        changed.put(n.id, n);
        Map<String, String> m = new LinkedHashMap<>(nic);
        m.put("NETWORK", n.name);
        m.put("NETWORK_ID", String.valueOf(n.id));
        m.put("BRIDGE", n.bridge);
        m.put("MAC", n.leases.get(ip).mac());
        m.put("IP", Vnet.ip(ip));
        m.put("IP6_LINK", Vnet.ip6Link(n.leases.get(ip).mac()));
        m.put("VLAN", n.vlan ? "YES" : "NO");
        if (!n.phydev.isEmpty()) m.put("PHYDEV", n.phydev);
        if (!n.vlanId.isEmpty()) m.put("VLAN_ID", n.vlanId);
        return m;
    }

    /** The owner a *_UNAME names (-1 when unknown: any owner), else the VM's owner. */
    private int owner(String uname, int uid) {
        if (uname == null || uname.isBlank()) return uid;
        return uname.strip().equals("oneadmin") ? 0 : -1;
    }

    static int parseId(String s, String what) throws OneError {
        try {
            return Integer.parseInt(s.strip());
        } catch (NumberFormatException e) {
            throw new OneError(OneError.ACTION, what + " = \"" + s + "\" is not a number");
        }
    }

    @Override
    public void release(int vid, Template t) {
        synchronized (lock) {
            try {
                List<Store<?>> stores = new ArrayList<>();
                List<PoolObject> changed = new ArrayList<>();
                for (Map<String, String> d : t.vectors("DISK")) {
                    Image i = imageOps.unhold(vid, d.get("IMAGE_ID"));
                    if (i != null) { stores.add(images); changed.add(i); }
                }
                Map<Integer, Vnet> nets = new LinkedHashMap<>();
                for (Map<String, String> nic : t.vectors("NIC")) {
                    String nid = nic.get("NETWORK_ID"), ip = nic.get("IP");
                    if (nid == null || ip == null || !nid.strip().matches("\\d+")) continue;
                    int id = Integer.parseInt(nid.strip());
                    Vnet n = nets.get(id);
                    if (n == null) {
                        try {
                            n = vnets.get(id);
                        } catch (OneError gone) {
                            continue; // the network was deleted: nothing to give back
                        }
                    }
                    if (Leases.free(n, Vnet.ipNumber(ip), vid)) nets.put(id, n);
                }
                for (Vnet n : nets.values()) { stores.add(vnets); changed.add(n); }
                if (!changed.isEmpty()) Store.putAll(tables, stores, changed);
            } catch (OneError e) {
                LOG.log(System.Logger.Level.ERROR, "vm " + vid + ": could not give back its images and leases: " + e.getMessage());
            }
        }
    }

    /**
     * After a crash between a VM's DONE and the release of what it held: drops images' VMs and
     * leases whose VM is not in {@code live} (the VMs that are not DONE).
     */
    public void reconcile(Set<Integer> live) throws OneError {
        synchronized (lock) {
            List<Store<?>> stores = new ArrayList<>();
            List<PoolObject> changed = new ArrayList<>();
            for (Image i : images.all()) {
                if (i.vms.removeIf(v -> !live.contains(v))) {
                    if (i.vms.isEmpty() && (i.state == Image.USED || i.state == Image.USED_PERS)) i.state = Image.READY;
                    stores.add(images);
                    changed.add(i);
                }
            }
            for (Vnet n : vnets.all()) {
                boolean touched = false;
                for (Map.Entry<Long, Vnet.Lease> l : new ArrayList<>(n.leases.entrySet()))
                    if (l.getValue().used() && l.getValue().vid() >= 0 && !live.contains(l.getValue().vid()))
                        touched |= Leases.free(n, l.getKey(), l.getValue().vid());
                if (touched) { stores.add(vnets); changed.add(n); }
            }
            if (!changed.isEmpty()) {
                Store.putAll(tables, stores, changed);
                LOG.log(System.Logger.Level.WARNING, "gave back " + changed.size() + " image(s)/network(s) held by VMs that are DONE or gone");
            }
        }
    }
}

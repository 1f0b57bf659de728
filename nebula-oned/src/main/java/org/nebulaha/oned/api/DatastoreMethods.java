package org.nebulaha.oned.api;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nebulaha.oned.auth.UserPool;
import org.nebulaha.oned.catalog.Catalog;
import org.nebulaha.oned.lifecycle.OneError;
import org.nebulaha.oned.model.Datastore;
import org.nebulaha.oned.model.Image;
import org.nebulaha.oned.model.Template;
import org.nebulaha.oned.model.User;

/**
 * one.datastore.* and one.datastorepool.info (4.2 datastore.xsd). DS_MAD is {@code fs} or
 * {@code dummy} (the drivers this oned has); TM_MAD is recorded (transfers go through oned's
 * TM_MAD driver). BASE_PATH is {@code var/datastores/ID}; sizes are its file system's.
 */
final class DatastoreMethods extends PoolMethods<Datastore> {
    static final List<String> DS_MADS = List.of("fs", "dummy");
    private final Catalog catalog;
    private final Path base;

    DatastoreMethods(Catalog catalog, AccessApi access, Path datastoresDir) {
        super(catalog.datastores, access, "DATASTORE");
        this.catalog = catalog;
        this.base = datastoresDir;
    }

    @Override
    public Map<String, String[]> signatures() {
        return Map.ofEntries(
                Map.entry("one.datastore.allocate", new String[] {"DatastoreAllocate", "s?i"}),
                Map.entry("one.datastore.delete", new String[] {"DatastoreDelete", "i"}),
                Map.entry("one.datastore.info", new String[] {"DatastoreInfo", "i"}),
                Map.entry("one.datastore.update", new String[] {"DatastoreUpdateTemplate", "is"}),
                Map.entry("one.datastore.chown", new String[] {"DatastoreChown", "iii"}),
                Map.entry("one.datastore.chmod", new String[] {"DatastoreChmod", "iiiiiiiiii"}),
                Map.entry("one.datastorepool.info", new String[] {"DatastorePoolInfo", "?i?i?i"}));
    }

    /** Only oneadmin creates datastores (4.2's default ACL); the rest by the datastore's permissions. */
    @Override
    void authorize(User u, Datastore d, String op) throws OneError {
        if (d == null && u.id() != 0) throw denied(u, "CREATE DATASTORE");
        byPermissions(u, d, op);
    }

    @Override
    String document(Datastore d, boolean extended) {
        List<Integer> ids = new ArrayList<>();
        for (Image i : catalog.images.all()) if (i.datastoreId == d.id) ids.add(i.id);
        Path p = Path.of(d.basePath);
        try {
            FileStore fs = Files.getFileStore(Files.exists(p) ? p : base.getParent());
            d.totalMb = fs.getTotalSpace() >> 20;
            d.freeMb = fs.getUsableSpace() >> 20;
            d.usedMb = d.totalMb - d.freeMb;
        } catch (IOException e) {
            d.totalMb = d.freeMb = d.usedMb = 0; // no file system to measure: shown as 0, as 4.2 before the first monitoring
        }
        return d.toXml(ids);
    }

    @Override
    String poolRoot() {
        return "DATASTORE_POOL";
    }

    @Override
    public Object call(String m, List<Object> a, User u) throws OneError {
        switch (m) {
            case "one.datastore.allocate":
                authorize(u, null, "CREATE");
                if (a.size() > 1 && i(a, 1) != -1) throw new OneError(OneError.NO_EXISTS, "Error getting cluster [" + i(a, 1) + "].");
                return allocate(u, parse((String) a.get(0)));
            case "one.datastore.delete":
                synchronized (store.lock()) {
                    Datastore d = get(u, i(a, 0), "MANAGE");
                    long images = catalog.images.all().stream().filter(i -> i.datastoreId == d.id).count();
                    if (images > 0) throw new OneError(OneError.ACTION, "Datastore " + d.id + " is not empty: it holds " + images + " image(s).");
                    store.remove(d.id);
                }
                return i(a, 0);
            case "one.datastorepool.info": return pool(u, a.isEmpty() ? List.of(-2) : a);
            default: return common("one.datastore", m, a, u);
        }
    }

    private int allocate(User u, Template t) throws OneError {
        String type = t.get("TYPE").orElse("IMAGE_DS").strip().toUpperCase();
        if (!Datastore.TYPES.contains(type)) throw new OneError(OneError.INTERNAL, "Wrong type \"" + type + "\": use IMAGE_DS, SYSTEM_DS or FILE_DS.");
        String ds = t.get("DS_MAD").orElse("").strip(), tm = t.get("TM_MAD").orElse("").strip();
        if (!type.equals("SYSTEM_DS") && ds.isEmpty()) throw new OneError(OneError.INTERNAL, "No DS_MAD in template.");
        if (!ds.isEmpty() && !DS_MADS.contains(ds))
            throw new OneError(OneError.INTERNAL, "DS_MAD \"" + ds + "\" is not available: this oned has the datastore drivers " + DS_MADS + ".");
        if (tm.isEmpty()) throw new OneError(OneError.INTERNAL, "No TM_MAD in template.");
        synchronized (store.lock()) {
            String name = t.get("NAME").orElse("");
            if (name.isBlank()) throw new OneError(OneError.INTERNAL, "NAME cannot be empty.");
            Datastore same = store.byName(name.strip(), -1);
            if (same != null) throw new OneError(OneError.INTERNAL, "NAME is already taken by DATASTORE " + same.id + ".");
            Datastore d = new Datastore();
            d.id = store.nextId();
            d.name = name.strip();
            d.uid = u.id();
            d.uname = u.name();
            d.gid = u.gid();
            d.gname = access.groupName(u.gid());
            d.type = Datastore.TYPES.indexOf(type);
            d.dsMad = ds;
            d.tmMad = tm;
            d.basePath = base.resolve(String.valueOf(d.id)).toString();
            d.template = t.without("NAME");
            store.put(d);
            return d.id;
        }
    }
}

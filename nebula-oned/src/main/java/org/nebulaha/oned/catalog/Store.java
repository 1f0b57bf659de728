package org.nebulaha.oned.catalog;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.nebulaha.oned.db.CatalogTables;
import org.nebulaha.oned.lifecycle.OneError;
import org.nebulaha.oned.model.PoolObject;

/**
 * One pool (templates, images, datastores or networks) in memory, backed by its table. Every
 * change is made on a copy, committed, and only then replaces the object, so a failed write
 * changes nothing. All calls hold {@code lock}, the core's lock: the core and the pools share
 * one database connection.
 */
public final class Store<T extends PoolObject> {
    private final CatalogTables tables;
    private final String table;
    /** The object's name in 4.2 messages: "template", "image", "datastore", "virtual network". */
    final String what;
    final Object lock;
    private final Map<Integer, T> objects = new TreeMap<>();

    Store(CatalogTables tables, String table, String what, Object lock, Function<String, T> reader) throws SQLException {
        this.tables = tables;
        this.table = table;
        this.what = what;
        this.lock = lock;
        synchronized (lock) {
            for (String body : tables.bodies(table)) {
                T o = reader.apply(body);
                objects.put(o.id, o);
            }
        }
    }

    /** The lock every change holds (the core's). */
    public Object lock() {
        return lock;
    }

    /** A copy of object {@code id}, or NO_EXISTS "Error getting WHAT [id]." as 4.2. */
    @SuppressWarnings("unchecked")
    public T get(int id) throws OneError {
        synchronized (lock) {
            T o = objects.get(id);
            if (o == null) throw new OneError(OneError.NO_EXISTS, "Error getting " + what + " [" + id + "].");
            return (T) o.copy();
        }
    }

    /** Copies of every object, by id. */
    @SuppressWarnings("unchecked")
    public List<T> all() {
        synchronized (lock) {
            List<T> out = new ArrayList<>();
            for (T o : objects.values()) out.add((T) o.copy());
            return out;
        }
    }

    /** The object named {@code name} owned by {@code uid} (-1 any owner), or null. */
    public T byName(String name, int uid) {
        synchronized (lock) {
            for (T o : objects.values()) if (o.name.equals(name) && (uid < 0 || o.uid == uid)) return o;
            return null;
        }
    }

    public int nextId() throws OneError {
        synchronized (lock) {
            try {
                return tables.db().nextOid(table);
            } catch (SQLException e) {
                throw new OneError(OneError.INTERNAL, "Error allocating a " + what + " id: " + e.getMessage());
            }
        }
    }

    /** Commits {@code o} (new or changed) and keeps it. */
    public void put(T o) throws OneError {
        synchronized (lock) {
            write(() -> tables.save(table, o));
            objects.put(o.id, o);
        }
    }

    public void remove(int id) throws OneError {
        synchronized (lock) {
            write(() -> tables.delete(table, id));
            objects.remove(id);
        }
    }

    /** Writes several stores' objects in one transaction (a VM's leases and images together). */
    static void putAll(CatalogTables tables, List<Store<?>> stores, List<PoolObject> changed) throws OneError {
        try {
            tables.db().inTransaction(() -> {
                for (int i = 0; i < changed.size(); i++) tables.save(stores.get(i).table, changed.get(i));
            });
        } catch (SQLException e) {
            throw new OneError(OneError.INTERNAL, "Error writing to the DB: " + e.getMessage() + "; nothing was changed");
        }
        for (int i = 0; i < changed.size(); i++) stores.get(i).keep(changed.get(i));
    }

    @SuppressWarnings("unchecked")
    private void keep(PoolObject o) {
        objects.put(o.id, (T) o);
    }

    private void write(org.nebulaha.oned.db.Database.SqlWork w) throws OneError {
        try {
            tables.db().inTransaction(w);
        } catch (SQLException e) {
            throw new OneError(OneError.INTERNAL, "Error writing to the DB: " + e.getMessage() + "; nothing was changed");
        }
    }
}

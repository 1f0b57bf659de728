package org.nebulaha.oned.db;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.nebulaha.oned.model.PoolObject;

/**
 * The tables of schema 4: one row per VM template, image, datastore or virtual network, holding
 * the object's 4.2 document as {@code body} with OpenNebula's columns for pool filters (owner,
 * group, USE bits). Called under the core's lock, inside {@link Database#inTransaction}.
 */
public final class CatalogTables {
    public static final String TEMPLATES = "template_pool", IMAGES = "image_pool", DATASTORES = "datastore_pool", VNETS = "network_pool";
    static final List<String> TABLES = List.of(TEMPLATES, IMAGES, DATASTORES, VNETS);

    private final Database db;

    public CatalogTables(Database db) {
        this.db = db;
    }

    public Database db() {
        return db;
    }

    public void save(String table, PoolObject o) throws SQLException {
        check(table);
        try (PreparedStatement p = db.prepare("INSERT INTO " + table
                + " (oid, name, body, uid, gid, owner_u, group_u, other_u) VALUES (?,?,?,?,?,?,?,?) ON CONFLICT (oid) DO UPDATE SET"
                + " name = excluded.name, body = excluded.body, uid = excluded.uid, gid = excluded.gid, owner_u = excluded.owner_u,"
                + " group_u = excluded.group_u, other_u = excluded.other_u")) {
            p.setInt(1, o.id);
            p.setString(2, o.name);
            p.setString(3, o.toXml());
            p.setInt(4, o.uid);
            p.setInt(5, o.gid);
            p.setInt(6, o.perms.ownerU());
            p.setInt(7, o.perms.groupU());
            p.setInt(8, o.perms.otherU());
            p.executeUpdate();
        }
    }

    public void delete(String table, int oid) throws SQLException {
        check(table);
        try (PreparedStatement p = db.prepare("DELETE FROM " + table + " WHERE oid = ?")) {
            p.setInt(1, oid);
            p.executeUpdate();
        }
    }

    /** Every stored document of {@code table}, by id. */
    public List<String> bodies(String table) throws SQLException {
        check(table);
        List<String> out = new ArrayList<>();
        try (PreparedStatement s = db.prepare("SELECT body FROM " + table + " ORDER BY oid"); ResultSet r = s.executeQuery()) {
            while (r.next()) out.add(r.getString(1));
        }
        return out;
    }

    /** Whether the pool has ever numbered an object (4.2 creates the default datastores only on a new pool). */
    public boolean everAllocated(String table) throws SQLException {
        try (PreparedStatement p = db.prepare("SELECT last_oid FROM pool_control WHERE tablename = ?")) {
            p.setString(1, table);
            try (ResultSet r = p.executeQuery()) {
                return r.next();
            }
        }
    }

    private static void check(String table) {
        if (!TABLES.contains(table)) throw new IllegalArgumentException("not a catalog table: " + table);
    }
}

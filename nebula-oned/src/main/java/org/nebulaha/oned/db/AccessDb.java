package org.nebulaha.oned.db;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.nebulaha.oned.auth.AclRule;
import org.nebulaha.oned.model.Cluster;
import org.nebulaha.oned.model.Group;
import org.nebulaha.oned.model.Template;
import org.nebulaha.oned.model.User;

/**
 * The tables of schema 3: groups, clusters and ACL rules, and a host's cluster. Uses the
 * {@link Database}'s connection under the same lock; every write is the caller's transaction
 * ({@link Database#inTransaction}).
 */
public final class AccessDb {
    private final Database db;

    public AccessDb(Database db) {
        this.db = db;
    }

    /** Runs one statement of a migration, as the backend spells it. */
    @FunctionalInterface
    interface Run {
        void sql(String sql) throws SQLException;
    }

    /** Schema 3: new tables with 4.2's initial rows, new columns with the values 4.2 would have. */
    static void migrateTo3(Run s) throws SQLException {
        s.sql("CREATE TABLE group_pool (oid INTEGER PRIMARY KEY, name VARCHAR(128) UNIQUE, quotas TEXT)");
        s.sql("INSERT INTO group_pool VALUES (0, 'oneadmin', NULL), (1, 'users', NULL)");
        s.sql("CREATE TABLE cluster_pool (oid INTEGER PRIMARY KEY, name VARCHAR(128) UNIQUE, datastores TEXT, vnets TEXT)");
        s.sql("CREATE TABLE acl (oid INTEGER PRIMARY KEY, usr BIGINT, resource BIGINT, rights BIGINT)");
        for (AclRule r : AclRule.defaults())
            s.sql("INSERT INTO acl VALUES (" + r.id() + ", " + r.user() + ", " + r.resource() + ", " + r.rights() + ")");
        // As 4.2: groups and clusters made by users are numbered from 100, rules after the defaults.
        s.sql("INSERT INTO pool_control (tablename, last_oid) VALUES ('group_pool', 99), ('cluster_pool', 99), ('acl', "
                + (AclRule.defaults().size() - 1) + ")");
        s.sql("ALTER TABLE user_pool ADD COLUMN gid INTEGER");
        s.sql("ALTER TABLE user_pool ADD COLUMN quotas TEXT");
        s.sql("ALTER TABLE user_pool ADD COLUMN template TEXT");
        s.sql("UPDATE user_pool SET gid = CASE WHEN oid = 0 THEN 0 ELSE 1 END");
        s.sql("ALTER TABLE vm_pool ADD COLUMN gid INTEGER");
        s.sql("ALTER TABLE vm_pool ADD COLUMN gname TEXT");
        s.sql("ALTER TABLE vm_pool ADD COLUMN perms INTEGER DEFAULT 384");
        s.sql("UPDATE vm_pool SET gid = CASE WHEN uid = 0 THEN 0 ELSE 1 END,"
                + " gname = CASE WHEN uid = 0 THEN 'oneadmin' ELSE 'users' END, perms = 384");
        s.sql("INSERT INTO db_versioning VALUES (3, 3, " + System.currentTimeMillis() / 1000
                + ", 'nebula-ha oned schema 3: groups, clusters, ACL rules, quotas, VM group and permissions')");
    }

    /** A stored template (XML) or an empty one; {@code what} names the row in the error. */
    static Template template(String xml, String what) throws SQLException {
        if (xml == null || xml.isBlank()) return User.EMPTY;
        try {
            return Template.parse(xml);
        } catch (Template.SyntaxException e) {
            throw new SQLException(what + ": unreadable: " + e.getMessage());
        }
    }

    // ------------------------------------------------------------------ groups

    public List<Group> loadGroups() throws SQLException {
        List<Group> out = new ArrayList<>();
        try (PreparedStatement s = db.prepare("SELECT oid, name, quotas FROM group_pool ORDER BY oid"); ResultSet r = s.executeQuery()) {
            while (r.next()) out.add(new Group(r.getInt(1), r.getString(2), template(r.getString(3), "group " + r.getInt(1) + " quotas")));
        }
        return out;
    }

    public void saveGroup(Group g) throws SQLException {
        try (PreparedStatement p = db.prepare("INSERT INTO group_pool (oid, name, quotas) VALUES (?, ?, ?)"
                + " ON CONFLICT (oid) DO UPDATE SET name = excluded.name, quotas = excluded.quotas")) {
            p.setInt(1, g.id());
            p.setString(2, g.name());
            p.setString(3, g.quotas().toXml());
            p.executeUpdate();
        }
    }

    public void deleteGroup(int id) throws SQLException {
        delete("group_pool", id);
    }

    // ------------------------------------------------------------------ clusters

    public List<Cluster> loadClusters() throws SQLException {
        List<Cluster> out = new ArrayList<>();
        try (PreparedStatement s = db.prepare("SELECT oid, name, datastores, vnets FROM cluster_pool ORDER BY oid"); ResultSet r = s.executeQuery()) {
            while (r.next()) out.add(new Cluster(r.getInt(1), r.getString(2), ids(r.getString(3)), ids(r.getString(4))));
        }
        return out;
    }

    public void saveCluster(Cluster cl) throws SQLException {
        try (PreparedStatement p = db.prepare("INSERT INTO cluster_pool (oid, name, datastores, vnets) VALUES (?, ?, ?, ?)"
                + " ON CONFLICT (oid) DO UPDATE SET name = excluded.name, datastores = excluded.datastores, vnets = excluded.vnets")) {
            p.setInt(1, cl.id());
            p.setString(2, cl.name());
            p.setString(3, join(cl.datastores()));
            p.setString(4, join(cl.vnets()));
            p.executeUpdate();
        }
    }

    public void deleteCluster(int id) throws SQLException {
        delete("cluster_pool", id);
    }

    /** Sets a host's CLUSTER_ID (-1: none). */
    public void setHostCluster(int hostId, int clusterId) throws SQLException {
        try (PreparedStatement p = db.prepare("UPDATE host_pool SET cluster_id = ? WHERE oid = ?")) {
            p.setInt(1, clusterId);
            p.setInt(2, hostId);
            p.executeUpdate();
        }
    }

    private static List<Integer> ids(String s) {
        List<Integer> out = new ArrayList<>();
        if (s != null) for (String x : s.split(",")) if (!x.isBlank()) out.add(Integer.parseInt(x.strip()));
        return out;
    }

    private static String join(List<Integer> ids) {
        return String.join(",", ids.stream().map(String::valueOf).toList());
    }

    // ------------------------------------------------------------------ ACL rules

    public List<AclRule> loadAcls() throws SQLException {
        List<AclRule> out = new ArrayList<>();
        try (PreparedStatement s = db.prepare("SELECT oid, usr, resource, rights FROM acl ORDER BY oid"); ResultSet r = s.executeQuery()) {
            while (r.next()) out.add(new AclRule(r.getInt(1), r.getLong(2), r.getLong(3), r.getLong(4)));
        }
        return out;
    }

    public void insertAcl(AclRule r) throws SQLException {
        try (PreparedStatement p = db.prepare("INSERT INTO acl (oid, usr, resource, rights) VALUES (?, ?, ?, ?)")) {
            p.setInt(1, r.id());
            p.setLong(2, r.user());
            p.setLong(3, r.resource());
            p.setLong(4, r.rights());
            p.executeUpdate();
        }
    }

    public void deleteAcl(int id) throws SQLException {
        delete("acl", id);
    }

    private void delete(String table, int id) throws SQLException {
        try (PreparedStatement p = db.prepare("DELETE FROM " + table + " WHERE oid = ?")) {
            p.setInt(1, id);
            p.executeUpdate();
        }
    }
}

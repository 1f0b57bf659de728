package org.nebulaha.oned.auth;

import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.nebulaha.oned.db.AccessDb;
import org.nebulaha.oned.db.Database;
import org.nebulaha.oned.lifecycle.OneError;

/**
 * The ACL rules (one.acl.*): kept in memory for authorization, every change committed to the
 * database first. Changes run under {@code lock}, the core's lock (one database connection).
 */
public final class AclPool {
    private static final System.Logger LOG = System.getLogger("oned.acl");
    private final Database db;
    private final AccessDb tables;
    private final Object lock;
    private final List<AclRule> rules = new CopyOnWriteArrayList<>();

    public AclPool(Database db, Object lock) throws SQLException {
        this.db = db;
        this.tables = new AccessDb(db);
        this.lock = lock;
        synchronized (lock) {
            rules.addAll(tables.loadAcls());
        }
    }

    private AclPool(List<AclRule> fixed) {
        this.db = null;
        this.tables = null;
        this.lock = new Object();
        rules.addAll(fixed);
    }

    /** A pool that only answers {@link #rules()}, for tests of the pure authorization. */
    static AclPool fixed(List<AclRule> rules) {
        return new AclPool(rules);
    }

    public List<AclRule> rules() {
        return List.copyOf(rules);
    }

    /** one.acl.addrule with the three words as 4.2's hex strings; returns the new rule's id. */
    public int add(String user, String resource, String rights) throws OneError {
        long u = hex(user, "user"), res = hex(resource, "resource"), r = hex(rights, "rights");
        synchronized (lock) {
            AclRule rule = new AclRule(-1, u, res, r);
            for (AclRule x : rules)
                if (x.sameAs(rule)) throw new OneError(OneError.INTERNAL, "Rule " + rule.text() + " already exists");
            String problem = rule.problem();
            if (problem != null) throw new OneError(OneError.INTERNAL, "Rule " + rule.text() + " is malformed: " + problem);
            try {
                int id = db.nextOid("acl");
                AclRule stored = new AclRule(id, u, res, r);
                db.inTransaction(() -> tables.insertAcl(stored));
                rules.add(stored);
                LOG.log(System.Logger.Level.INFO, "acl " + id + ": added " + stored.text());
                return id;
            } catch (SQLException e) {
                throw new OneError(OneError.INTERNAL, "Error inserting rule in DB: " + e.getMessage() + "; nothing was changed");
            }
        }
    }

    /** one.acl.delrule. */
    public void delete(int id) throws OneError {
        synchronized (lock) {
            AclRule rule = rules.stream().filter(x -> x.id() == id).findFirst()
                    .orElseThrow(() -> new OneError(OneError.INTERNAL, "Rule " + id + " does not exist"));
            try {
                db.inTransaction(() -> tables.deleteAcl(id));
            } catch (SQLException e) {
                throw new OneError(OneError.INTERNAL, "Error deleting rule " + id + " from the DB: " + e.getMessage());
            }
            rules.remove(rule);
            LOG.log(System.Logger.Level.INFO, "acl " + id + ": deleted " + rule.text());
        }
    }

    /** one.acl.info: {@code <ACL_POOL>} with every rule. */
    public String document() {
        StringBuilder sb = new StringBuilder("<ACL_POOL>");
        for (AclRule r : rules) sb.append(r.toXml());
        return sb.append("</ACL_POOL>").toString();
    }

    /** A hex word as 4.2 reads it ({@code 0x} prefix allowed); a clear error otherwise. */
    static long hex(String s, String what) throws OneError {
        String t = s.strip();
        if (t.startsWith("0x") || t.startsWith("0X")) t = t.substring(2);
        try {
            return Long.parseUnsignedLong(t, 16);
        } catch (NumberFormatException e) {
            throw new OneError(OneError.XML_RPC_API, "Wrong [" + what + "] '" + s + "': expected a hexadecimal number, e.g. 200000001");
        }
    }
}

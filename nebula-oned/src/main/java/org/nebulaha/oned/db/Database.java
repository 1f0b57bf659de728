package org.nebulaha.oned.db;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.nebulaha.oned.daemon.OnedConf;
import org.nebulaha.oned.model.DriverOp;
import org.nebulaha.oned.model.History;
import org.nebulaha.oned.model.Host;
import org.nebulaha.oned.model.HostState;
import org.nebulaha.oned.model.LcmState;
import org.nebulaha.oned.model.Template;
import org.nebulaha.oned.model.User;
import org.nebulaha.oned.model.Vm;
import org.nebulaha.oned.model.VmState;

/**
 * oned's state in SQL through JDBC: SQLite in {@code var/one.db}, PostgreSQL or MySQL/MariaDB (SQL
 * that differs by backend is spelled in {@link Dialect}). One connection,
 * used under the core's lock; every write is its own committed transaction before the caller
 * answers. The schema is created and migrated from {@code db_versioning}.
 */
public final class Database implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("oned.db");
    static final int SCHEMA_VERSION = 4;

    private final Connection c;
    private final Dialect dialect;
    private final OwnershipLock lock;
    private final String description;
    private LockKeeper keeper; // server backends: keeps the session alive, reports its loss
    private java.util.concurrent.ScheduledExecutorService keeperThreads;

    private Database(Connection c, Dialect dialect, OwnershipLock lock, String description) {
        this.c = c;
        this.dialect = dialect;
        this.lock = lock;
        this.description = description;
    }

    /**
     * Every statement goes through the backend's {@link Dialect}: new SQL is written once, as SQLite and
     * PostgreSQL spell it. The table classes of this package (same connection, same lock) use it too.
     */
    PreparedStatement prepare(String sql) throws SQLException {
        return c.prepareStatement(dialect.sql(sql));
    }

    void run(Statement s, String sql) throws SQLException {
        s.execute(dialect.sql(sql));
    }

    public String description() {
        return description;
    }

    /** As {@link #open(OnedConf.Db, Path, java.util.function.Consumer)}, only logging a lost lock. */
    public static Database open(OnedConf.Db conf, Path var) throws SQLException, OwnershipLock.HeldException, java.io.IOException {
        return open(conf, var, reason -> LOG.log(System.Logger.Level.ERROR, "database ownership may be lost: " + reason));
    }

    /**
     * Opens the database, takes the ownership lock (waiting up to 2 x LOCK_TIMEOUT + 5 s for a
     * server lock that is held, else throws {@link OwnershipLock.HeldException}) and migrates the
     * schema. On a server, {@code onLost} is called (once, from any thread) when the session, and
     * so the lock, may be gone: the caller must stop serving at once. From then on every write is refused.
     */
    public static Database open(OnedConf.Db conf, Path var, java.util.function.Consumer<String> onLost)
            throws SQLException, OwnershipLock.HeldException, java.io.IOException {
        int wait = 2 * conf.lockTimeout() + 5;
        Connection c;
        OwnershipLock lock;
        String desc;
        if (conf.backend().equals("sqlite")) {
            Path file = var.resolve("one.db");
            lock = OwnershipLock.sqlite(var.resolve("one.db.lock"), file);
            c = DriverManager.getConnection("jdbc:sqlite:" + file);
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=FULL");
                s.execute("PRAGMA busy_timeout=5000");
            }
            desc = "sqlite " + file;
        } else if (conf.backend().equals("mysql")) {
            String url = "jdbc:mariadb://" + conf.server() + ":" + conf.port() + "/" + conf.dbName();
            c = DriverManager.getConnection(url, credentials(conf));
            desc = "mysql " + url;
            lock = OwnershipLock.mysql(c, conf.dbName(), desc, wait);
            SessionTimeouts.mysql(c, conf.lockTimeout());
        } else {
            String url = "jdbc:postgresql://" + conf.server() + ":" + conf.port() + "/" + conf.dbName();
            c = DriverManager.getConnection(url, credentials(conf));
            desc = "postgresql " + url;
            lock = OwnershipLock.postgresql(c, desc, wait);
            SessionTimeouts.postgresql(c, conf.lockTimeout());
        }
        c.setAutoCommit(false);
        Database db = new Database(c, Dialect.of(conf.backend()), lock, desc);
        try {
            db.migrate();
            // after the migration: a long ALTER TABLE must neither time out nor hold up the pings (the session is busy, not silent)
            if (!conf.backend().equals("sqlite")) db.keepAlive(conf.lockTimeout(), onLost);
        } catch (SQLException e) {
            db.close();
            throw e;
        }
        return db;
    }

    private void keepAlive(int lockTimeout, java.util.function.Consumer<String> onLost) throws SQLException {
        // A statement the network leaves unanswered fails after 2 x LOCK_TIMEOUT rather than TCP's ~15 minutes.
        c.setNetworkTimeout(Runnable::run, lockTimeout * 2000);
        keeper = new LockKeeper(this::ping, lockTimeout * 1000L, System::nanoTime, onLost);
        keeperThreads = java.util.concurrent.Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "oned-db-keepalive");
            t.setDaemon(true);
            return t;
        });
        keeper.start(keeperThreads);
    }

    /** The keep-alive round trip; under this object's lock, so it never lands between a transaction's statements and its commit. */
    private synchronized void ping() throws SQLException {
        if (c.isClosed()) throw new SQLException("the connection is closed");
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT 1")) {
            r.next();
        }
    }

    /** SQLSTATE class 08 (connection exception), or a closed connection: the session, and so the lock, may be gone. */
    private void checkConnection(SQLException e) {
        if (keeper == null) return;
        boolean broken = e.getSQLState() != null && e.getSQLState().startsWith("08");
        try {
            broken |= c.isClosed();
        } catch (SQLException ignored) {
            broken = true;
        }
        if (broken) keeper.lost("a statement found the connection broken: " + e.getMessage());
    }

    private static Properties credentials(OnedConf.Db conf) {
        Properties p = new Properties();
        p.setProperty("user", conf.user());
        p.setProperty("password", conf.passwd());
        return p;
    }

    private void migrate() throws SQLException {
        try (Statement s = c.createStatement()) {
            run(s, "CREATE TABLE IF NOT EXISTS db_versioning (oid INTEGER PRIMARY KEY, version INTEGER, timestamp BIGINT, comment TEXT)");
            int current = 0;
            try (ResultSet r = s.executeQuery("SELECT MAX(version) FROM db_versioning")) {
                if (r.next()) current = r.getInt(1);
            }
            if (current > SCHEMA_VERSION)
                throw new SQLException("database schema version " + current + " is newer than this oned (" + SCHEMA_VERSION
                        + "); use the oned that created it");
            if (current < 1) {
                run(s, "CREATE TABLE pool_control (tablename VARCHAR(32) PRIMARY KEY, last_oid INTEGER)");
                run(s, "CREATE TABLE user_pool (oid INTEGER PRIMARY KEY, name VARCHAR(128) UNIQUE, password TEXT)");
                run(s, "CREATE TABLE vm_pool (oid INTEGER PRIMARY KEY, name TEXT, state INTEGER, lcm_state INTEGER,"
                        + " resched INTEGER, stime BIGINT, etime BIGINT, last_poll BIGINT, deploy_id TEXT, memory INTEGER,"
                        + " cpu DOUBLE PRECISION, template TEXT, pending_op TEXT, last_op TEXT, resume_kind TEXT, hotplug_disk INTEGER)");
                run(s, "CREATE INDEX vm_state ON vm_pool (state, lcm_state)");
                run(s, "CREATE TABLE history (vid INTEGER, seq INTEGER, hid INTEGER, hostname TEXT, vmm_mad TEXT,"
                        + " tm_mad TEXT, stime BIGINT, etime BIGINT, reason INTEGER, PRIMARY KEY (vid, seq))");
                run(s, "CREATE TABLE host_pool (oid INTEGER PRIMARY KEY, name VARCHAR(256) UNIQUE, state INTEGER,"
                        + " im_mad TEXT, vm_mad TEXT, vn_mad TEXT, cluster_id INTEGER, last_mon_time BIGINT, max_mem BIGINT,"
                        + " max_cpu BIGINT, used_mem BIGINT, used_cpu BIGINT, monitor TEXT)");
                run(s, "INSERT INTO db_versioning VALUES (1, 1, " + System.currentTimeMillis() / 1000 + ", 'nebula-ha oned schema 1')");
                LOG.log(System.Logger.Level.INFO, "created schema version 1 in " + description);
            }
            if (current < 2) {
                // Schema 2 only adds columns, so a version 1 database keeps every row: VMs get an empty
                // USER_TEMPLATE and oneadmin as owner, users the core driver.
                run(s, "ALTER TABLE vm_pool ADD COLUMN user_template TEXT");
                run(s, "ALTER TABLE vm_pool ADD COLUMN uid INTEGER DEFAULT 0");
                run(s, "ALTER TABLE vm_pool ADD COLUMN uname TEXT DEFAULT 'oneadmin'");
                run(s, "ALTER TABLE user_pool ADD COLUMN auth_driver TEXT DEFAULT 'core'");
                run(s, "INSERT INTO db_versioning VALUES (2, 2, " + System.currentTimeMillis() / 1000
                        + ", 'nebula-ha oned schema 2: USER_TEMPLATE, VM owner, user auth driver')");
                LOG.log(System.Logger.Level.INFO, (current < 1 ? "created" : "migrated to") + " schema version 2 in " + description);
            }
            if (current < 3) {
                // Schema 3 (groups, clusters, ACLs, ownership) only adds: a version 2 database keeps
                // every row; users and VMs get the group 4.2 would have given them.
                AccessDb.migrateTo3(sql -> run(s, sql));
                LOG.log(System.Logger.Level.INFO, (current < 1 ? "created" : "migrated to") + " schema version 3 in " + description);
            }
            if (current < 4) {
                // Schema 4 only adds tables: VM templates, images, datastores and virtual networks, each
                // row the object's 4.2 document with OpenNebula's filter columns (see CatalogTables).
                for (String table : CatalogTables.TABLES)
                    run(s, "CREATE TABLE " + table + " (oid INTEGER PRIMARY KEY, name VARCHAR(128), body TEXT, uid INTEGER,"
                            + " gid INTEGER, owner_u INTEGER, group_u INTEGER, other_u INTEGER)");
                run(s, "INSERT INTO db_versioning VALUES (4, 4, " + System.currentTimeMillis() / 1000
                        + ", 'nebula-ha oned schema 4: templates, images, datastores, virtual networks')");
                LOG.log(System.Logger.Level.INFO, (current < 1 ? "created" : "migrated to") + " schema version 4 in " + description);
            }
        }
        c.commit();
    }

    /** Drops what was written since the last commit (an allocation refused after its id was numbered keeps the id free). */
    public void rollback() {
        try {
            c.rollback();
        } catch (SQLException e) {
            LOG.log(System.Logger.Level.WARNING, "rollback failed: " + e.getMessage());
        }
    }

    /**
     * Runs {@code work} as one transaction: committed when it returns, rolled back if it throws.
     * Refused once the ownership lock may be lost. A commit that succeeds was made by a live
     * session, which holds the lock until it ends, so no acknowledged write can follow a take-over.
     */
    public synchronized void inTransaction(SqlWork work) throws SQLException {
        if (keeper != null && keeper.isLost())
            throw new SQLException("this oned no longer owns the database " + description + " (its session may be gone)", "08003");
        try {
            work.run();
            c.commit();
        } catch (SQLException | RuntimeException e) {
            try {
                c.rollback();
            } catch (SQLException r) {
                if (e instanceof SQLException s) checkConnection(s);
                checkConnection(r);
                throw e;
            }
            if (e instanceof SQLException s) checkConnection(s);
            throw e;
        }
    }

    public interface SqlWork {
        void run() throws SQLException;
    }

    public int nextOid(String table) throws SQLException {
        int next = 0;
        try (PreparedStatement p = prepare("SELECT last_oid FROM pool_control WHERE tablename = ?")) {
            p.setString(1, table);
            try (ResultSet r = p.executeQuery()) {
                if (r.next()) next = r.getInt(1) + 1;
            }
        }
        try (PreparedStatement p = prepare("INSERT INTO pool_control (tablename, last_oid) VALUES (?, ?)"
                + " ON CONFLICT (tablename) DO UPDATE SET last_oid = excluded.last_oid")) {
            p.setString(1, table);
            p.setInt(2, next);
            p.executeUpdate();
        }
        return next;
    }

    // ------------------------------------------------------------------ users

    public String userPassword(String name) throws SQLException {
        try (PreparedStatement p = prepare("SELECT password FROM user_pool WHERE name = ?")) {
            p.setString(1, name);
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? r.getString(1) : null;
            }
        }
    }

    public void createUser(int oid, String name, String passwordHash) throws SQLException {
        saveUser(new User(oid, name, passwordHash, "core"));
    }

    /** Inserts or updates a user (name, password hash, driver, group, quotas, template). */
    public void saveUser(User u) throws SQLException {
        try (PreparedStatement p = prepare("INSERT INTO user_pool (oid, name, password, auth_driver, gid, quotas, template)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (oid) DO UPDATE SET name = excluded.name, password = excluded.password,"
                + " auth_driver = excluded.auth_driver, gid = excluded.gid, quotas = excluded.quotas, template = excluded.template")) {
            p.setInt(1, u.id());
            p.setString(2, u.name());
            p.setString(3, u.password());
            p.setString(4, u.authDriver());
            p.setInt(5, u.gid());
            p.setString(6, u.quotas().toXml());
            p.setString(7, u.template().toXml());
            p.executeUpdate();
        }
    }

    public void deleteUser(int oid) throws SQLException {
        try (PreparedStatement p = prepare("DELETE FROM user_pool WHERE oid = ?")) {
            p.setInt(1, oid);
            p.executeUpdate();
        }
    }

    public List<User> loadUsers() throws SQLException {
        List<User> out = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT oid, name, password, auth_driver, gid, quotas, template FROM user_pool ORDER BY oid")) {
            while (r.next()) {
                String driver = r.getString(4);
                int oid = r.getInt(1);
                out.add(new User(oid, r.getString(2), r.getString(3), driver == null ? "core" : driver, r.getInt(5),
                        AccessDb.template(r.getString(6), "user " + oid + " quotas"), AccessDb.template(r.getString(7), "user " + oid + " template")));
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ VMs

    public void saveVm(Vm v) throws SQLException {
        try (PreparedStatement p = prepare("INSERT INTO vm_pool (oid, name, state, lcm_state, resched, stime, etime,"
                + " last_poll, deploy_id, memory, cpu, template, pending_op, last_op, resume_kind, hotplug_disk, user_template, uid, uname, gid, gname, perms)"
                + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT (oid) DO UPDATE SET name = excluded.name,"
                + " state = excluded.state, lcm_state = excluded.lcm_state, resched = excluded.resched, stime = excluded.stime,"
                + " etime = excluded.etime, last_poll = excluded.last_poll, deploy_id = excluded.deploy_id,"
                + " memory = excluded.memory, cpu = excluded.cpu, template = excluded.template, pending_op = excluded.pending_op,"
                + " last_op = excluded.last_op, resume_kind = excluded.resume_kind, hotplug_disk = excluded.hotplug_disk,"
                + " user_template = excluded.user_template, uid = excluded.uid, uname = excluded.uname,"
                + " gid = excluded.gid, gname = excluded.gname, perms = excluded.perms")) {
            int i = 1;
            p.setInt(i++, v.id);
            p.setString(i++, v.name);
            p.setInt(i++, v.state.code);
            p.setInt(i++, v.lcm.code);
            p.setInt(i++, v.resched ? 1 : 0);
            p.setLong(i++, v.stime);
            p.setLong(i++, v.etime);
            p.setLong(i++, v.lastPoll);
            p.setString(i++, v.deployId);
            p.setInt(i++, v.memory);
            p.setDouble(i++, v.cpu);
            p.setString(i++, v.template.toXml());
            p.setString(i++, v.pendingOp == null ? null : v.pendingOp.name());
            p.setString(i++, v.lastOp == null ? null : v.lastOp.name());
            p.setString(i++, v.resumeKind);
            p.setInt(i++, v.hotplugDisk);
            p.setString(i++, v.userTemplate.toXml());
            p.setInt(i++, v.uid);
            p.setString(i++, v.uname);
            p.setInt(i++, v.gid);
            p.setString(i++, v.gname);
            p.setInt(i, v.perms);
            p.executeUpdate();
        }
        try (PreparedStatement p = prepare("INSERT INTO history (vid, seq, hid, hostname, vmm_mad, tm_mad, stime, etime, reason)"
                + " VALUES (?,?,?,?,?,?,?,?,?) ON CONFLICT (vid, seq) DO UPDATE SET etime = excluded.etime, reason = excluded.reason")) {
            for (History h : v.history) {
                p.setInt(1, v.id);
                p.setInt(2, h.seq());
                p.setInt(3, h.hostId());
                p.setString(4, h.hostname());
                p.setString(5, h.vmmMad());
                p.setString(6, h.tmMad());
                p.setLong(7, h.stime());
                p.setLong(8, h.etime());
                p.setInt(9, h.reason());
                p.addBatch();
            }
            p.executeBatch();
        }
    }

    public Vm loadVm(int id) throws SQLException {
        Vm v;
        try (PreparedStatement p = prepare("SELECT * FROM vm_pool WHERE oid = ?")) {
            p.setInt(1, id);
            try (ResultSet r = p.executeQuery()) {
                if (!r.next()) return null;
                v = new Vm();
                v.id = id;
                v.name = r.getString("name");
                v.state = VmState.of(r.getInt("state"));
                v.lcm = LcmState.of(r.getInt("lcm_state"));
                v.resched = r.getInt("resched") != 0;
                v.stime = r.getLong("stime");
                v.etime = r.getLong("etime");
                v.lastPoll = r.getLong("last_poll");
                v.deployId = r.getString("deploy_id");
                v.memory = r.getInt("memory");
                v.cpu = r.getDouble("cpu");
                try {
                    v.template = Template.parse(r.getString("template"));
                } catch (Template.SyntaxException e) {
                    throw new SQLException("vm_pool row " + id + ": unreadable template: " + e.getMessage());
                }
                String po = r.getString("pending_op"), lo = r.getString("last_op");
                v.pendingOp = po == null ? null : DriverOp.valueOf(po);
                v.lastOp = lo == null ? null : DriverOp.valueOf(lo);
                v.resumeKind = r.getString("resume_kind");
                v.hotplugDisk = r.getInt("hotplug_disk");
                String ut = r.getString("user_template");
                try {
                    v.userTemplate = ut == null ? new Template(List.of()) : Template.parse(ut);
                } catch (Template.SyntaxException e) {
                    throw new SQLException("vm_pool row " + id + ": unreadable user_template: " + e.getMessage());
                }
                v.uid = r.getInt("uid");
                String un = r.getString("uname");
                v.uname = un == null ? "oneadmin" : un;
                v.gid = r.getInt("gid");
                String gn = r.getString("gname");
                v.gname = gn == null ? (v.gid == 0 ? "oneadmin" : "users") : gn;
                v.perms = r.getInt("perms");
            }
        }
        try (PreparedStatement p = prepare("SELECT * FROM history WHERE vid = ? ORDER BY seq")) {
            p.setInt(1, id);
            try (ResultSet r = p.executeQuery()) {
                while (r.next())
                    v.history.add(new History(r.getInt("seq"), r.getInt("hid"), r.getString("hostname"), r.getString("vmm_mad"),
                            r.getString("tm_mad"), r.getLong("stime"), r.getLong("etime"), r.getInt("reason")));
            }
        }
        return v;
    }

    /** VM ids in [start, end] (end -1 = no limit) whose state matches (-2 any, -1 any but DONE, else that state). */
    public List<Integer> vmIds(int start, int end, int state) throws SQLException {
        return vmIds(start, end, state, -1);
    }

    /** As {@link #vmIds(int, int, int)}, owned by {@code uid} (-1: any owner). */
    public List<Integer> vmIds(int start, int end, int state, int uid) throws SQLException {
        String sql = "SELECT oid FROM vm_pool WHERE oid >= ?" + (end >= 0 ? " AND oid <= ?" : "")
                + (state == -1 ? " AND state <> 6" : state >= 0 ? " AND state = ?" : "")
                + (uid >= 0 ? " AND uid = ?" : "") + " ORDER BY oid";
        List<Integer> out = new ArrayList<>();
        try (PreparedStatement p = prepare(sql)) {
            int i = 1;
            p.setInt(i++, Math.max(start, 0));
            if (end >= 0) p.setInt(i++, end);
            if (state >= 0) p.setInt(i++, state);
            if (uid >= 0) p.setInt(i, uid);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) out.add(r.getInt(1));
            }
        }
        return out;
    }

    /** VMs that are ACTIVE in an LCM state other than RUNNING or LCM_INIT. */
    public List<Integer> activeNotRunning() throws SQLException {
        List<Integer> out = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT oid FROM vm_pool WHERE state = 3 AND lcm_state NOT IN (0, 3) ORDER BY oid")) {
            while (r.next()) out.add(r.getInt(1));
        }
        return out;
    }

    // ------------------------------------------------------------------ hosts

    public void saveHost(Host h) throws SQLException {
        try (PreparedStatement p = prepare("INSERT INTO host_pool (oid, name, state, im_mad, vm_mad, vn_mad, cluster_id,"
                + " last_mon_time, max_mem, max_cpu, used_mem, used_cpu, monitor) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)"
                + " ON CONFLICT (oid) DO UPDATE SET state = excluded.state, last_mon_time = excluded.last_mon_time,"
                + " max_mem = excluded.max_mem, max_cpu = excluded.max_cpu, used_mem = excluded.used_mem,"
                + " used_cpu = excluded.used_cpu, monitor = excluded.monitor")) {
            p.setInt(1, h.id);
            p.setString(2, h.name);
            p.setInt(3, h.state.code);
            p.setString(4, h.imMad);
            p.setString(5, h.vmMad);
            p.setString(6, h.vnMad);
            p.setInt(7, h.clusterId);
            p.setLong(8, h.lastMonTime);
            p.setLong(9, h.maxMem);
            p.setLong(10, h.maxCpu);
            p.setLong(11, h.usedMem);
            p.setLong(12, h.usedCpu);
            p.setString(13, h.monitor);
            p.executeUpdate();
        }
    }

    public void deleteHost(int id) throws SQLException {
        try (PreparedStatement p = prepare("DELETE FROM host_pool WHERE oid = ?")) {
            p.setInt(1, id);
            p.executeUpdate();
        }
    }

    public List<Host> loadHosts() throws SQLException {
        List<Host> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT * FROM host_pool ORDER BY oid")) {
            while (r.next()) {
                Host h = new Host();
                h.id = r.getInt("oid");
                h.name = r.getString("name");
                h.state = HostState.of(r.getInt("state"));
                h.imMad = r.getString("im_mad");
                h.vmMad = r.getString("vm_mad");
                h.vnMad = r.getString("vn_mad");
                h.clusterId = r.getInt("cluster_id");
                h.lastMonTime = r.getLong("last_mon_time");
                h.maxMem = r.getLong("max_mem");
                h.maxCpu = r.getLong("max_cpu");
                h.usedMem = r.getLong("used_mem");
                h.usedCpu = r.getLong("used_cpu");
                h.monitor = r.getString("monitor");
                out.add(h);
            }
        }
        // Which VMs run where is derived from the VMs' open history records.
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(
                "SELECT h.vid, h.hid FROM history h JOIN vm_pool v ON v.oid = h.vid WHERE h.etime = 0 AND v.state NOT IN (1, 2, 4, 6, 7, 9)")) {
            while (r.next()) for (Host h : out) if (h.id == r.getInt(2)) h.vms.add(r.getInt(1));
        }
        return out;
    }

    @Override
    public void close() {
        if (keeper != null) keeper.close();
        if (keeperThreads != null) keeperThreads.shutdownNow();
        try {
            c.close();
        } catch (SQLException e) {
            LOG.log(System.Logger.Level.WARNING, "close failed: " + e.getMessage());
        }
        lock.close();
    }
}

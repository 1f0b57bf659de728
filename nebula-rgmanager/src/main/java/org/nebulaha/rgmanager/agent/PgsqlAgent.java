package org.nebulaha.rgmanager.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.nebulaha.conf.model.Resource;
import org.nebulaha.rgmanager.model.ReplicaRecord;
import org.nebulaha.rgmanager.plan.ReplicaRules;
import org.nebulaha.rgmanager.plan.ReplicaRules.LocalData;

/**
 * The {@code pgsql} resource (our addition): PostgreSQL 15 streaming replication between the nodes
 * of the service's failover domain. The node that runs the service holds the primary (start: create,
 * run or promote, as {@link ReplicaRules#start} decides; status: the server runs, is not in recovery,
 * and the record of its standbys is kept, see {@link ReplicaRules#primaryCheck}); every other member
 * keeps a synchronous standby following it ({@link #follow}, called by the node daemon's standby
 * keeper). Commits wait for the standby (synchronous_commit=remote_apply with
 * synchronous_standby_names='FIRST 1 (*)') while one is recorded in sync or streams.
 *
 * <p>Commands run as the OS user {@code user} (default postgres) through {@code runuser}; the
 * server's socket lives beside its data folder ({@code PGDATA.run}), so several clusters can share a machine.
 */
public final class PgsqlAgent implements ResourceAgent {
    private static final System.Logger LOG = System.getLogger("rgmanager.pgsql");
    static final String SYNC_NAMES = "FIRST 1 (*)";
    private final ProcessRunner runner;
    private final ReplicaCluster cluster;
    private final Path root;
    private final Clock clock;
    /** Standbys the primary saw streaming, by node: when, and their replay lag in bytes. */
    private final Map<String, Instant> lastSeen = new ConcurrentHashMap<>();
    private final Map<String, Long> lag = new ConcurrentHashMap<>();
    private volatile Instant primarySince = Instant.EPOCH;
    private volatile String lastRefusal = "";
    private volatile String lastFollowError = "";

    /** @param root where the node's paths live (NebulaRoot, "/" on a real host): pgdata and password files are under it */
    public PgsqlAgent(ProcessRunner runner, ReplicaCluster cluster, Path root, Clock clock) {
        this.runner = runner;
        this.cluster = cluster;
        this.root = root;
        this.clock = clock;
    }

    /** The resource's settings with their defaults. */
    record Settings(Path pgdata, Path bindir, int port, String user, String replUser, Path replPasswordFile,
                    String listen, Duration syncTimeout, boolean force, String dbName, String dbUser, Path dbPasswordFile) {
        static Settings of(Resource r, Path root) {
            String p = r.attr("port");
            int port;
            try {
                port = p == null ? 5432 : Integer.parseInt(p.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(r.id() + ": port '" + p + "' is not a number");
            }
            return new Settings(under(root, attr(r, "pgdata", "/var/lib/postgresql/15/nebula")),
                    Path.of(attr(r, "bindir", "/usr/lib/postgresql/15/bin")), port, attr(r, "user", "postgres"),
                    attr(r, "repl_user", "replicator"), under(root, attr(r, "repl_password_file", "/etc/cluster/pgsql_repl.pass")),
                    attr(r, "listen_addresses", "*"), ResourceOps.parse(attr(r, "sync_timeout", "30"), r.id() + " sync_timeout"),
                    "1".equals(r.attr("force_promote")), attr(r, "db_name", ""), attr(r, "db_user", ""),
                    r.attr("db_password_file") == null ? null : under(root, r.attr("db_password_file")));
        }

        private static String attr(Resource r, String k, String dflt) {
            String v = r.attr(k);
            return v == null || v.isBlank() ? dflt : v.strip();
        }

        private static Path under(Path root, String abs) {
            return root.resolve(abs.startsWith("/") ? abs.substring(1) : abs);
        }
    }

    // --- the primary (the node that runs the service) ---------------------------------------------

    @Override
    public synchronized AgentResult start(Resource r, Duration timeout) {
        try {
            Settings s = Settings.of(r, root);
            String self = cluster.self();
            // the operator's force: the resource's force_promote="1", or clusvcadm --force-promote for this node (one start)
            boolean force = s.force() || self.equals(cluster.record().force());
            ReplicaRules.Start d = ReplicaRules.start(self, localData(s), cluster.record(), cluster.trusted(), force);
            if (d.kind() == ReplicaRules.StartKind.REFUSE) {
                LOG.log(System.Logger.Level.ERROR, "pgsql: " + d.why());
                lastRefusal = d.why();
                // for clustat everywhere; never from a record that may be stale (its version would outrank the real one)
                if (cluster.trusted()) cluster.publish(cluster.record().withNote("refused " + self + ": " + d.why()).next(cluster.record()));
                return AgentResult.error(AgentResult.OCF_ERR_GENERIC, d.why());
            }
            LOG.log(d.forced() ? System.Logger.Level.WARNING : System.Logger.Level.INFO, "pgsql: " + d.kind() + " on " + self + ": " + d.why());
            ReplicaRecord cur = cluster.record();
            ReplicaRecord next = d.record().withNote(d.forced() ? d.record().note() : "").withForce(""); // a force is used once
            lastRefusal = "";
            if (!next.sameContent(cur) && !cluster.publish(d.forced() ? next.nextForced(cur) : next.next(cur)))
                return AgentResult.error(AgentResult.OCF_ERR_GENERIC, "not every online member acknowledged the record making " + self
                        + " primary; not starting it (will be retried)");
            switch (d.kind()) {
                case INIT -> init(s);
                case RUN_PRIMARY -> {
                    writeConf(s, null);
                    if (!running(s)) pgCtl(s, "start", timeout);
                }
                case PROMOTE -> {
                    if (!running(s)) pgCtl(s, "start", timeout);
                    pgCtl(s, "promote", timeout);
                    // pg_control names the new timeline only after a checkpoint: until then pg_rewind of the
                    // old primary would find "the same timeline" and skip the rewind it needs
                    psql(s, "CHECKPOINT");
                    writeConf(s, null);
                }
                default -> throw new IllegalStateException(d.kind().toString());
            }
            lastSeen.clear();
            primarySince = clock.instant();
            String q = psql(s, "SELECT pg_is_in_recovery()").strip();
            if (!q.equals("f")) return AgentResult.error(AgentResult.OCF_ERR_GENERIC, "PostgreSQL on " + self + " is still in recovery after " + d.kind());
            setSyncNames(s, ReplicaRules.primaryCheck(self, cluster.record(), List.of(), Set.of(), Set.of()).waitForStandbys());
            return AgentResult.ok(d.kind().name().toLowerCase() + " on " + self + ": " + d.why());
        } catch (IOException | IllegalArgumentException e) {
            return AgentResult.error(AgentResult.OCF_ERR_GENERIC, r.id() + " start: " + e.getMessage());
        }
    }

    @Override
    public synchronized AgentResult stop(Resource r, Duration timeout) {
        try {
            Settings s = Settings.of(r, root);
            if (!running(s)) return AgentResult.ok("PostgreSQL in " + s.pgdata() + " is not running");
            pgCtl(s, "stop", timeout);
            return AgentResult.ok("stopped PostgreSQL in " + s.pgdata());
        } catch (IOException | IllegalArgumentException e) {
            return AgentResult.error(AgentResult.OCF_ERR_GENERIC, r.id() + " stop: " + e.getMessage());
        }
    }

    /** Runs, is the primary, and the record of its standbys is kept (outdating those it stops waiting for first). */
    @Override
    public synchronized AgentResult status(Resource r, Duration timeout) {
        try {
            Settings s = Settings.of(r, root);
            if (!running(s)) return AgentResult.error(AgentResult.OCF_NOT_RUNNING, "PostgreSQL in " + s.pgdata() + " is not running");
            if (!psql(s, "SELECT pg_is_in_recovery()").strip().equals("f"))
                return AgentResult.error(AgentResult.OCF_ERR_GENERIC, "PostgreSQL in " + s.pgdata() + " runs as a standby, not as the primary");
            return AgentResult.ok(checkStandbys(s));
        } catch (IOException | IllegalArgumentException e) {
            return AgentResult.error(AgentResult.OCF_ERR_GENERIC, r.id() + " status: " + e.getMessage());
        }
    }

    private String checkStandbys(Settings s) throws IOException {
        String self = cluster.self();
        Instant now = clock.instant();
        List<ReplicaRules.Standby> rows = new ArrayList<>();
        String out = psql(s, "SELECT application_name, state, sync_state, coalesce(pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn), -1)::bigint"
                + " FROM pg_stat_replication");
        for (String line : out.split("\n")) {
            String[] f = line.split("\\|");
            if (f.length < 4) continue;
            rows.add(new ReplicaRules.Standby(f[0], f[1], f[2]));
            lastSeen.put(f[0], now);
            lag.put(f[0], Long.parseLong(f[3].strip()));
        }
        ReplicaRecord cur = cluster.record();
        Set<String> gone = new java.util.TreeSet<>();
        Set<String> away = new java.util.TreeSet<>();
        for (String n : cur.copies().keySet()) {
            if (n.equals(self)) continue;
            if (cluster.gone(n)) gone.add(n);
            Instant seen = lastSeen.getOrDefault(n, primarySince);
            if (Duration.between(seen, now).compareTo(s.syncTimeout()) > 0) away.add(n);
        }
        // a gone node's row is its dead WAL sender (listed until wal_sender_timeout): it neither counts nor stays
        rows.stream().map(ReplicaRules.Standby::node).forEach(away::remove);
        for (String n : cur.copies().keySet()) if (gone.contains(n) || rows.stream().noneMatch(x -> x.node().equals(n))) lag.remove(n);
        ReplicaRules.PrimaryCheck c = ReplicaRules.primaryCheck(self, cur, rows, gone, away);
        if (!c.record().sameContent(cur)) {
            // the record first: a standby is outdated everywhere before the primary stops waiting for it
            if (!cluster.publish(c.record().next(cur))) {
                LOG.log(System.Logger.Level.WARNING, "pgsql: not every online member acknowledged the record (" + c.changes()
                        + "); keeping the current synchronous setting");
                return "primary; record change not yet acknowledged: " + c.changes();
            }
            LOG.log(System.Logger.Level.INFO, "pgsql: " + c.changes());
        }
        setSyncNames(s, c.waitForStandbys());
        for (String n : gone) if (rows.stream().anyMatch(x -> x.node().equals(n))) endDeadSender(s, n);
        return "primary on " + self + (rows.isEmpty() ? ", no standby streaming" : ", standbys " + rows.size());
    }

    /**
     * Ends the WAL sender of a fenced (or departed) node's standby: its connection is dead, and a
     * fast shutdown of this server would otherwise wait for it until wal_sender_timeout.
     */
    private void endDeadSender(Settings s, String node) {
        try {
            psql(s, "SELECT pg_terminate_backend(pid) FROM pg_stat_replication WHERE application_name = " + lit(node));
            LOG.log(System.Logger.Level.INFO, "pgsql: ended the WAL sender of " + node + "'s standby (its node is fenced or left)");
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "pgsql: could not end the WAL sender of " + node + "'s standby: " + e.getMessage());
        }
    }

    /** Why the last start here was refused ("" if it was not), for clustat on this node. */
    public String lastRefusal() {
        return lastRefusal;
    }

    /** Forgets the last refusal (its copy is in sync again). */
    public void clearRefusal() {
        lastRefusal = "";
    }

    /** Replay lag in bytes of each standby the primary here saw streaming at its last check. */
    public Map<String, Long> lag() {
        return Map.copyOf(lag);
    }

    private void setSyncNames(Settings s, boolean wait) throws IOException {
        String want = wait ? SYNC_NAMES : "";
        String have = psql(s, "SHOW synchronous_standby_names").strip();
        if (have.equals(want)) return;
        psql(s, "ALTER SYSTEM SET synchronous_standby_names = '" + want + "'", "SELECT pg_reload_conf()");
        LOG.log(System.Logger.Level.INFO, "pgsql: synchronous_standby_names = '" + want + "' on " + cluster.self()
                + (wait ? " (commits wait for a standby)" : " (commits no longer wait: no standby in sync)"));
    }

    private void init(Settings s) throws IOException {
        String replPw = password(s.replPasswordFile(), "replication");
        Files.createDirectories(s.pgdata());
        own(s, s.pgdata());
        Files.setPosixFilePermissions(s.pgdata(), java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        as(s, List.of(bin(s, "initdb"), "-D", s.pgdata().toString(), "-U", s.user(), "-E", "UTF8", "--locale=C",
                "--auth-local=peer", "--auth-host=scram-sha-256"), Duration.ofSeconds(120), "initdb");
        Files.writeString(s.pgdata().resolve("postgresql.conf"), "\ninclude_if_exists = 'nebula.conf'\n", java.nio.file.StandardOpenOption.APPEND);
        Files.writeString(s.pgdata().resolve("pg_hba.conf"), "\n# nebula-ha: standbys and clients, by password\n"
                + "host replication " + s.replUser() + " 0.0.0.0/0 scram-sha-256\nhost replication " + s.replUser() + " ::/0 scram-sha-256\n"
                + "host all all 0.0.0.0/0 scram-sha-256\nhost all all ::/0 scram-sha-256\n", java.nio.file.StandardOpenOption.APPEND);
        writeConf(s, null);
        pgCtl(s, "start", Duration.ofSeconds(60));
        String u = s.replUser();
        // pg_rewind reads the source's files through these functions
        psql(s, "CREATE ROLE " + u + " REPLICATION LOGIN PASSWORD " + lit(replPw),
                "GRANT EXECUTE ON FUNCTION pg_ls_dir(text, boolean, boolean) TO " + u,
                "GRANT EXECUTE ON FUNCTION pg_stat_file(text, boolean) TO " + u,
                "GRANT EXECUTE ON FUNCTION pg_read_binary_file(text) TO " + u,
                "GRANT EXECUTE ON FUNCTION pg_read_binary_file(text, bigint, bigint, boolean) TO " + u);
        if (!s.dbUser().isEmpty() && s.dbPasswordFile() != null) {
            psql(s, "CREATE ROLE " + s.dbUser() + " LOGIN PASSWORD " + lit(password(s.dbPasswordFile(), "database")));
            if (!s.dbName().isEmpty()) psql(s, "CREATE DATABASE " + s.dbName() + " OWNER " + s.dbUser());
        }
        LOG.log(System.Logger.Level.INFO, "pgsql: created the database in " + s.pgdata() + " on " + cluster.self());
    }

    // --- a standby (every other member of the domain) ----------------------------------------------

    /**
     * Keeps a standby here following the primary on {@code primaryNode}: a standby folder is (re)started
     * with primary_conninfo pointing there; a former primary's folder is rewound first (pg_rewind); no
     * folder, or a failed rewind, gets a fresh pg_basebackup (the failed folder is kept aside, never
     * deleted). Cheap when all is well: a status and one query. One operation at a time: the
     * service may start here while a follow runs.
     */
    public synchronized AgentResult follow(Resource r, String primaryNode, Duration timeout) {
        try {
            Settings s = Settings.of(r, root);
            ReplicaRecord rec = cluster.record();
            // the recorded primary is never turned into a standby: a keeper acting on a service table that
            // lags a relocation (the service just started here) would otherwise stop and rewind it
            if (rec.state(cluster.self()) == org.nebulaha.rgmanager.model.CopyState.PRIMARY)
                return followFailed(AgentResult.error(AgentResult.OCF_ERR_GENERIC, "the copy on " + cluster.self() + " is the recorded"
                        + " primary (record version " + rec.version() + "): not making it a standby of " + primaryNode));
            LocalData local = localData(s);
            ReplicaRules.RejoinKind how = ReplicaRules.rejoin(local, false);
            boolean run = running(s);
            if (how == ReplicaRules.RejoinKind.FOLLOW && run && writeConf(s, primaryNode) == false
                    && psql(s, "SELECT pg_is_in_recovery()").strip().equals("t")) {
                // running and configured, but is it receiving? (a wrong password or an unreachable primary shows only here)
                if (psql(s, "SELECT count(*) FROM pg_stat_wal_receiver WHERE status = 'streaming'").strip().equals("0"))
                    return followFailed(AgentResult.error(AgentResult.OCF_ERR_GENERIC, "standby on " + cluster.self()
                            + " is not streaming from the primary on " + primaryNode + " (its copy falls behind and will be outdated); server.log: "
                            + tail(s.pgdata().resolve("server.log"), 2)));
                lastFollowError = "";
                return AgentResult.ok("standby following " + primaryNode);
            }
            LOG.log(System.Logger.Level.INFO, "pgsql: " + how + " on " + cluster.self() + " to follow the primary on " + primaryNode);
            if (run && how != ReplicaRules.RejoinKind.FOLLOW) pgCtl(s, "stop", timeout);
            if (how == ReplicaRules.RejoinKind.REWIND) {
                ProcessRunner.Result rw = asResult(s, withPassword(s), List.of(bin(s, "pg_rewind"), "-D", s.pgdata().toString(),
                        "--source-server=" + conninfo(s, primaryNode, false), "--progress"), timeout);
                LOG.log(System.Logger.Level.INFO, "pgsql: pg_rewind from " + primaryNode + ": " + rw.output().strip().replace("\n", " | "));
                if (rw.ok()) {
                    Files.writeString(s.pgdata().resolve("standby.signal"), "");
                    own(s, s.pgdata().resolve("standby.signal"));
                } else {
                    LOG.log(System.Logger.Level.WARNING, "pgsql: pg_rewind from " + primaryNode + " failed (" + rw.summary(timeout)
                            + "); taking a fresh copy instead");
                    how = ReplicaRules.rejoin(local, true);
                }
            }
            if (how == ReplicaRules.RejoinKind.BASEBACKUP) baseBackup(s, primaryNode, timeout);
            writeConf(s, primaryNode);
            if (running(s)) pgCtl(s, "reload", timeout);
            else pgCtl(s, "start", timeout);
            lastFollowError = "";
            return AgentResult.ok("standby on " + cluster.self() + " follows " + primaryNode + " (" + how.name().toLowerCase() + ")");
        } catch (IOException | IllegalArgumentException e) {
            return followFailed(AgentResult.error(AgentResult.OCF_ERR_GENERIC, "standby on " + cluster.self() + " cannot follow the primary on "
                    + primaryNode + ": " + e.getMessage()));
        }
    }

    private AgentResult followFailed(AgentResult r) {
        lastFollowError = r.message();
        return r;
    }

    /** What clustat on this node notes under the copies: the last refused start, else the standby's last failure to follow. */
    public String localNote() {
        return !lastRefusal.isEmpty() ? lastRefusal : lastFollowError;
    }

    /** A fresh copy in a folder beside; only once it is whole is the previous copy moved aside (never deleted). */
    private void baseBackup(Settings s, String primaryNode, Duration timeout) throws IOException {
        Path tmp = s.pgdata().resolveSibling(s.pgdata().getFileName() + ".basebackup");
        deleteTree(tmp); // a copy an earlier attempt left half-done
        Files.createDirectories(tmp);
        own(s, tmp);
        Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        ReplicaCluster.Endpoint e = endpoint(s, primaryNode);
        ProcessRunner.Result b = asResult(s, withPassword(s), List.of(bin(s, "pg_basebackup"), "-D", tmp.toString(), "-X", "stream",
                "-c", "fast", "-w", "-h", e.host(), "-p", String.valueOf(e.port()), "-U", s.replUser()), timeout);
        if (!b.ok()) deleteTree(tmp); // a half copy only takes space (disk full); the previous copy was not touched
        if (!b.ok()) throw new IOException("pg_basebackup from " + primaryNode + " (" + e.host() + ":" + e.port() + ") failed: " + b.summary(timeout));
        Files.writeString(tmp.resolve("standby.signal"), "");
        own(s, tmp.resolve("standby.signal"));
        if (Files.exists(s.pgdata())) {
            try (var l = Files.list(s.pgdata())) {
                if (l.findAny().isPresent()) {
                    Path aside = s.pgdata().resolveSibling(s.pgdata().getFileName() + ".old-" + clock.millis());
                    Files.move(s.pgdata(), aside);
                    LOG.log(System.Logger.Level.WARNING, "pgsql: kept the previous copy aside in " + aside);
                } else {
                    Files.delete(s.pgdata());
                }
            }
        }
        Files.move(tmp, s.pgdata()); // the folder appears only whole
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) return;
        try (var w = Files.walk(p)) {
            for (Path x : w.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(x);
        }
    }

    // --- edges -------------------------------------------------------------------------------------

    static LocalData localData(Settings s) {
        if (!Files.isRegularFile(s.pgdata().resolve("PG_VERSION"))) return LocalData.NONE;
        return Files.exists(s.pgdata().resolve("standby.signal")) ? LocalData.STANDBY : LocalData.PRIMARY;
    }

    /**
     * The server's Unix socket folder, {@code PGDATA.run} beside the data folder: not inside it, where
     * pg_rewind would try to copy the socket, and not /var/run/postgresql, which a node's private /run lacks.
     */
    static Path socketDir(Settings s) {
        return s.pgdata().resolveSibling(s.pgdata().getFileName() + ".run");
    }

    private void ensureSocketDir(Settings s) throws IOException {
        Path d = socketDir(s);
        if (Files.isDirectory(d)) return;
        Files.createDirectories(d);
        own(s, d);
    }

    private boolean running(Settings s) throws IOException {
        if (localData(s) == LocalData.NONE) return false;
        return asResult(s, Map.of(), List.of(bin(s, "pg_ctl"), "status", "-D", s.pgdata().toString()), Duration.ofSeconds(10)).ok();
    }

    private void pgCtl(Settings s, String op, Duration timeout) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(bin(s, "pg_ctl"), op, "-D", s.pgdata().toString()));
        if (op.equals("start")) ensureSocketDir(s);
        switch (op) {
            case "start" -> cmd.addAll(List.of("-w", "-t", String.valueOf(Math.max(5, timeout.toSeconds() - 5)), "-l", s.pgdata().resolve("server.log").toString()));
            case "stop" -> cmd.addAll(List.of("-w", "-m", "fast"));
            case "promote" -> cmd.add("-w");
            default -> { }
        }
        ProcessRunner.Result res = asResult(s, Map.of(), cmd, timeout);
        if (res.ok()) return;
        String why = "pg_ctl " + op + " failed: " + res.summary(timeout);
        if (op.equals("start")) why += "; server.log: " + tail(s.pgdata().resolve("server.log"), 4);
        throw new IOException(why);
    }

    private static String tail(Path log, int n) {
        try {
            List<String> l = Files.readAllLines(log);
            return String.join(" | ", l.subList(Math.max(0, l.size() - n), l.size()));
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    /**
     * Writes nebula.conf (our settings, included by postgresql.conf); a standby's names its primary.
     * Returns whether the file changed.
     */
    private boolean writeConf(Settings s, String primaryNode) throws IOException {
        String conf = "# written by nebula-ha's pgsql agent; edits are replaced\n"
                + "listen_addresses = " + lit(s.listen()) + "\nport = " + s.port() + "\n"
                + "unix_socket_directories = " + lit(socketDir(s).toString()) + "\n"
                + "wal_level = replica\nmax_wal_senders = 10\nwal_log_hints = on\nwal_keep_size = '256MB'\nhot_standby = on\n"
                + "synchronous_commit = remote_apply\ncluster_name = " + lit(cluster.self()) + "\n"
                + (primaryNode == null ? "" : "primary_conninfo = " + lit(conninfo(s, primaryNode, true) + " application_name=" + cluster.self()) + "\n");
        Path f = s.pgdata().resolve("nebula.conf");
        if (Files.exists(f) && Files.readString(f).equals(conf)) return false;
        org.nebulaha.common.AtomicFiles.write(f, conf.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        own(s, f);
        return true;
    }

    private String conninfo(Settings s, String node, boolean withPassword) throws IOException {
        ReplicaCluster.Endpoint e = endpoint(s, node);
        return "host=" + e.host() + " port=" + e.port() + " user=" + s.replUser() + " dbname=postgres connect_timeout=5"
                + (withPassword ? " password=" + password(s.replPasswordFile(), "replication") : "");
    }

    private ReplicaCluster.Endpoint endpoint(Settings s, String node) {
        ReplicaCluster.Endpoint e = cluster.endpoint(node);
        return e.port() == 0 ? new ReplicaCluster.Endpoint(e.host(), s.port()) : e;
    }

    private Map<String, String> withPassword(Settings s) throws IOException {
        return Map.of("PGPASSWORD", password(s.replPasswordFile(), "replication"), "PGCONNECT_TIMEOUT", "5");
    }

    private static String password(Path file, String what) throws IOException {
        if (!Files.isRegularFile(file)) throw new IOException("no " + what + " password: write one to " + file + " on every node");
        String p = Files.readString(file).strip();
        if (p.isEmpty() || p.contains("'") || p.contains(" ") || p.contains("\\"))
            throw new IOException(file + ": the " + what + " password must be one word without quotes or backslashes");
        return p;
    }

    private String psql(Settings s, String... commands) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(bin(s, "psql"), "-X", "-A", "-t", "-q", "-v", "ON_ERROR_STOP=1",
                "-h", socketDir(s).toString(), "-p", String.valueOf(s.port()), "-d", "postgres"));
        for (String c : commands) cmd.addAll(List.of("-c", c));
        return as(s, cmd, Duration.ofSeconds(20), "psql");
    }

    private String as(Settings s, List<String> cmd, Duration timeout, String what) throws IOException {
        ProcessRunner.Result res = asResult(s, Map.of(), cmd, timeout);
        if (!res.ok()) throw new IOException(what + " failed: " + res.summary(timeout));
        return res.output();
    }

    private ProcessRunner.Result asResult(Settings s, Map<String, String> env, List<String> cmd, Duration timeout) throws IOException {
        List<String> full = new ArrayList<>(List.of("runuser", "-u", s.user(), "--"));
        full.addAll(cmd);
        return runner.run(full, env, timeout);
    }

    private static String bin(Settings s, String tool) {
        return s.bindir().resolve(tool).toString();
    }

    private static void own(Settings s, Path p) throws IOException {
        var lookup = p.getFileSystem().getUserPrincipalLookupService();
        Files.setOwner(p, lookup.lookupPrincipalByName(s.user()));
    }

    private static String lit(String v) {
        return "'" + v.replace("'", "''") + "'";
    }
}

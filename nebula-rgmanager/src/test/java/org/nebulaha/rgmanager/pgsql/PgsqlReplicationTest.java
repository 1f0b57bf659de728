package org.nebulaha.rgmanager.pgsql;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nebulaha.conf.model.Resource;
import org.nebulaha.rgmanager.agent.AgentResult;
import org.nebulaha.rgmanager.agent.PgsqlAgent;
import org.nebulaha.rgmanager.agent.ProcessRunner;
import org.nebulaha.rgmanager.agent.ReplicaCluster;
import org.nebulaha.rgmanager.agent.SystemProcessRunner;
import org.nebulaha.rgmanager.model.CopyState;
import org.nebulaha.rgmanager.model.ReplicaRecord;
import org.nebulaha.testkit.Poll;

/**
 * The pgsql agent against real PostgreSQL 15 servers on loopback (Debian's postgresql package, run
 * as the postgres user, one port and data folder each): start as primary, a synchronous standby
 * (a commit on the primary is visible on the standby when it returns), promotion after the primary
 * is lost, the old primary rewound into a standby, an outdated copy refused (and forced), and the
 * faults a standby meets: wrong replication password, unreachable primary.
 */
class PgsqlReplicationTest {
    static final Path BIN = Path.of("/usr/lib/postgresql/15/bin");
    static final Duration T = Duration.ofSeconds(40);
    @TempDir Path tmp;
    final ProcessRunner runner = new SystemProcessRunner();
    final Map<String, Integer> ports = new HashMap<>();
    final Set<String> gone = ConcurrentHashMap.newKeySet();
    volatile ReplicaRecord record = ReplicaRecord.EMPTY;
    volatile boolean trusted = true;

    /** The cluster as the agents see it: one shared record (every publish acknowledged), a set of fenced nodes. */
    ReplicaCluster cluster(String self) {
        return new ReplicaCluster() {
            public String self() { return self; }
            public ReplicaRecord record() { return record; }
            public boolean trusted() { return trusted; }
            public boolean publish(ReplicaRecord r) { record = r; return true; }
            public boolean gone(String node) { return gone.contains(node); }
            public Endpoint endpoint(String node) { return new Endpoint("127.0.0.1", ports.get(node)); }
        };
    }

    PgsqlAgent agent(String node) {
        return new PgsqlAgent(runner, cluster(node), Path.of("/"), Clock.systemUTC());
    }

    Resource res(String node, String... extra) {
        Map<String, String> a = new HashMap<>(Map.of("name", "db", "pgdata", tmp.resolve(node + "/data").toString(),
                "port", String.valueOf(ports.get(node)), "listen_addresses", "127.0.0.1", "bindir", BIN.toString(),
                "repl_password_file", tmp.resolve("repl.pass").toString(), "sync_timeout", "60"));
        for (int i = 0; i < extra.length; i += 2) a.put(extra[i], extra[i + 1]);
        return new Resource("pgsql", a, List.of());
    }

    @BeforeEach
    void setUp() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(BIN.resolve("initdb")), "PostgreSQL 15 not installed (Debian package postgresql; .ci/run installs it)");
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "runs the servers as postgres through runuser: needs root");
        Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(tmp.resolve("repl.pass"), "s3cret\n");
        Files.writeString(tmp.resolve("wrong.pass"), "guess\n");
        for (String n : List.of("a", "b", "c")) {
            try (ServerSocket s = new ServerSocket(0)) {
                ports.put(n, s.getLocalPort());
            }
            Files.createDirectories(tmp.resolve(n));
            run("chown", "postgres:postgres", tmp.resolve(n).toString());
        }
    }

    @AfterEach
    void tearDown() throws Exception {
        for (String n : List.of("a", "b", "c"))
            if (Files.exists(tmp.resolve(n + "/data/postmaster.pid"))) crash(n);
    }

    @Test
    void primaryStandbyPromoteRewindAndRefuseOutdated() throws Exception {
        // start as primary: nothing anywhere yet, so the database is created on a
        AgentResult started = agent("a").start(res("a"), T);
        assertThat(started.isOk()).as(started.toString()).isTrue();
        assertThat(record.copies()).containsExactly(Map.entry("a", CopyState.PRIMARY));
        PgsqlAgent a = agent("a");
        a.start(res("a"), T); // a restart in place of a running primary is idempotent
        assertThat(a.status(res("a"), T).isOk()).isTrue();

        // start as standby: b copies a and is waited for once it streams
        AgentResult follow = agent("b").follow(res("b"), "a", T);
        assertThat(follow.isOk()).as(follow.toString()).isTrue();
        assertThat(follow.message()).contains("basebackup");
        Poll.until(T, () -> a.status(res("a"), T).isOk() && record.state("b") == CopyState.SYNC, () -> record.format());
        assertThat(sql("a", "SHOW synchronous_standby_names")).isEqualTo("FIRST 1 (*)");
        sql("a", "CREATE TABLE vm (id int)", "INSERT INTO vm VALUES (1)");
        // remote_apply: the commit returned only once b applied it, so b shows it at once
        assertThat(sql("b", "SELECT count(*) FROM vm")).isEqualTo("1");
        assertThat(agent("b").follow(res("b"), "a", T).message()).isEqualTo("standby following a");

        // wrong replication password and unreachable primary: clear messages, nothing copied
        AgentResult wrong = agent("c").follow(res("c", "repl_password_file", tmp.resolve("wrong.pass").toString()), "a", T);
        assertThat(wrong.isOk()).isFalse();
        assertThat(wrong.message()).contains("cannot follow the primary on a").contains("password authentication failed");
        AgentResult unreachable = agent("c").follow(res("c"), "c", T); // c's own port: nobody listens
        assertThat(unreachable.isOk()).isFalse();
        assertThat(unreachable.message()).contains("pg_basebackup from c").contains("127.0.0.1:" + ports.get("c"));
        assertThat(tmp.resolve("c/data")).doesNotExist();

        // the primary is lost (crash) and fenced: b was in sync, so it is promoted with every commit
        crash("a");
        gone.add("a");
        AgentResult promoted = agent("b").start(res("b"), T);
        assertThat(promoted.isOk()).as(promoted.toString()).isTrue();
        assertThat(promoted.message()).startsWith("promote on b");
        assertThat(record.copies()).containsExactlyInAnyOrderEntriesOf(Map.of("a", CopyState.OUTDATED, "b", CopyState.PRIMARY));
        assertThat(sql("b", "SELECT count(*) FROM vm")).isEqualTo("1");
        PgsqlAgent b = agent("b");
        assertThat(b.status(res("b"), T).isOk()).isTrue();
        assertThat(sql("b", "SHOW synchronous_standby_names")).isEmpty(); // a is outdated: commits do not wait for it
        sql("b", "INSERT INTO vm VALUES (2)");
        // a's old primary folder cannot reach its new primary (c's port: nobody listens): the rewind and the
        // fresh copy both fail, and the folder stays as it was (a base backup replaces it only once whole)
        AgentResult cannot = agent("a").follow(res("a"), "c", T);
        assertThat(cannot.isOk()).isFalse();
        assertThat(tmp.resolve("a/data/PG_VERSION")).exists();
        try (var l = Files.list(tmp.resolve("a"))) {
            assertThat(l.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("data.old-"));
        }
        // the recorded primary is never turned into a standby (a keeper on a lagging service table)
        AgentResult notMine = b.follow(res("b"), "a", T);
        assertThat(notMine.message()).contains("the copy on b is the recorded primary");
        assertThat(b.status(res("b"), T).isOk()).isTrue();

        // a comes back: its crashed primary folder is rewound into a standby of b, and is in sync again
        gone.remove("a");
        AgentResult rejoin = agent("a").follow(res("a"), "b", T);
        assertThat(rejoin.isOk()).as(rejoin.toString()).isTrue();
        assertThat(rejoin.message()).contains("rewind");
        Poll.until(T, () -> b.status(res("b"), T).isOk() && record.state("a") == CopyState.SYNC, () -> record.format() + diag("b") + log("a"));
        assertThat(sql("a", "SELECT count(*) FROM vm")).isEqualTo("2");

        // a's node is lost and fenced: b marks it outdated and stops waiting, so writes go on
        crash("a");
        gone.add("a");
        Poll.until(T, () -> b.status(res("b"), T).isOk() && record.state("a") == CopyState.OUTDATED, () -> record.format());
        assertThat(sql("b", "SHOW synchronous_standby_names")).isEmpty();
        sql("b", "SET statement_timeout = '10s'", "INSERT INTO vm VALUES (3)");

        // then b is lost too; a (outdated) must not become primary, and its folder stays as it was
        crash("b");
        gone.add("b");
        AgentResult refused = agent("a").start(res("a"), T);
        assertThat(refused.isOk()).isFalse();
        assertThat(refused.message()).contains("refusing").contains("copy on a is outdated").contains("last good copy is on b")
                .contains("force_promote");
        assertThat(Files.exists(tmp.resolve("a/data/standby.signal"))).isTrue();
        assertThat(Files.exists(tmp.resolve("a/data/postmaster.pid"))).isFalse();
        assertThat(record.state("b")).isEqualTo(CopyState.PRIMARY);
        // the same from a record read from disk after a restart
        trusted = false;
        assertThat(agent("a").start(res("a"), T).message()).contains("restarted and no member");

        // the operator forces it, knowing write 3 is lost: clusvcadm --force-promote records the force for a's next start
        record = record.withForce("a").nextForced(record);
        AgentResult forced = agent("a").start(res("a"), T);
        assertThat(forced.isOk()).as(forced.toString()).isTrue();
        assertThat(forced.message()).contains("FORCED");
        assertThat(record.copies()).containsExactlyInAnyOrderEntriesOf(Map.of("a", CopyState.PRIMARY, "b", CopyState.OUTDATED));
        assertThat(record.force()).as("a force is used by one start").isEmpty();
        assertThat(sql("a", "SELECT string_agg(id::text, ',' ORDER BY id) FROM vm")).isEqualTo("1,2");
    }

    /**
     * The standby's node hangs and is fenced: its WAL sender on the primary stays listed as
     * streaming/sync (until wal_sender_timeout, a minute). The primary's check must not trust that
     * row: it marks the copy outdated, stops waiting (commits return) and ends the dead sender.
     */
    @Test
    void aFencedStandbysDeadSenderDoesNotKeepThePrimaryWaiting() throws Exception {
        PgsqlAgent a = agent("a");
        assertThat(a.start(res("a"), T).isOk()).isTrue();
        assertThat(agent("b").follow(res("b"), "a", T).isOk()).isTrue();
        Poll.until(T, () -> a.status(res("a"), T).isOk() && record.state("b") == CopyState.SYNC, () -> record.format());
        long postmaster = Long.parseLong(Files.readAllLines(tmp.resolve("b/data/postmaster.pid")).get(0).strip());
        List<String> pids = new java.util.ArrayList<>(List.of(String.valueOf(postmaster)));
        ProcessHandle.of(postmaster).ifPresent(h -> h.descendants().forEach(d -> pids.add(String.valueOf(d.pid()))));
        signal("STOP", pids);
        try {
            gone.add("b");
            assertThat(sql("a", "SELECT state || ' ' || sync_state FROM pg_stat_replication")).isEqualTo("streaming sync");
            assertThat(a.status(res("a"), T).isOk()).isTrue();
            assertThat(record.state("b")).isEqualTo(CopyState.OUTDATED);
            assertThat(sql("a", "SHOW synchronous_standby_names")).isEmpty();
            sql("a", "SET statement_timeout = '10s'", "CREATE TABLE t (id int)", "INSERT INTO t VALUES (1)");
            Poll.until(T, () -> {
                try {
                    return sql("a", "SELECT count(*) FROM pg_stat_replication").equals("0");
                } catch (IOException e) {
                    return false;
                }
            }, () -> diag("a"));
        } finally {
            signal("KILL", pids); // a stopped server cannot be stopped by pg_ctl
        }
    }

    /**
     * A running standby whose replication password turns wrong (or whose primary it cannot reach) still
     * runs in recovery: the follow says it is not streaming, with the server's reason, for clustat and
     * the log; its copy stays as it was, and the primary outdates it once it stayed away sync_timeout.
     */
    @Test
    void aStandbyThatStopsStreamingSaysWhy() throws Exception {
        PgsqlAgent a = agent("a");
        assertThat(a.start(res("a"), T).isOk()).isTrue();
        PgsqlAgent b = agent("b");
        assertThat(b.follow(res("b"), "a", T).isOk()).isTrue();
        Poll.until(T, () -> a.status(res("a"), T).isOk() && record.state("b") == CopyState.SYNC, () -> record.format());
        Resource wrong = res("b", "repl_password_file", tmp.resolve("wrong.pass").toString(), "sync_timeout", "2");
        b.follow(wrong, "a", T); // new conninfo, reloaded: the receiver reconnects with the wrong password
        Poll.until(T, () -> !b.follow(wrong, "a", T).isOk(), () -> b.localNote());
        assertThat(b.localNote()).contains("standby on b is not streaming from the primary on a").contains("password authentication failed");
        assertThat(Files.exists(tmp.resolve("b/data/standby.signal"))).as("the copy is kept").isTrue();
        Resource shortWait = res("a", "sync_timeout", "2");
        Poll.until(T, () -> a.status(shortWait, T).isOk() && record.state("b") == CopyState.OUTDATED, () -> record.format());
        sql("a", "SET statement_timeout = '10s'", "CREATE TABLE t (id int)");
        // the right password again: it streams and is in sync again
        assertThat(b.follow(res("b"), "a", T).isOk()).isTrue();
        Poll.until(T, () -> a.status(res("a"), T).isOk() && record.state("b") == CopyState.SYNC, () -> record.format() + diag("a"));
        assertThat(b.localNote()).isEmpty();
    }

    void signal(String sig, List<String> pids) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("kill", "-" + sig));
        cmd.addAll(pids);
        runner.run(cmd, Map.of(), Duration.ofSeconds(10));
    }

    String diag(String node) {
        try {
            return "\npg_stat_replication on " + node + ": " + sql(node, "SELECT application_name, state, sync_state FROM pg_stat_replication")
                    + ", synchronous_standby_names '" + sql(node, "SHOW synchronous_standby_names") + "'";
        } catch (Exception | AssertionError e) {
            return "\n" + e.getMessage();
        }
    }

    String log(String node) {
        try {
            List<String> l = Files.readAllLines(tmp.resolve(node + "/data/server.log"));
            return "\nserver.log of " + node + ":\n" + String.join("\n", l.subList(Math.max(0, l.size() - 15), l.size()));
        } catch (IOException e) {
            return "\n" + e;
        }
    }

    /** Power loss: the server dies without a shutdown checkpoint. */
    void crash(String node) throws IOException {
        runner.run(List.of("runuser", "-u", "postgres", "--", BIN.resolve("pg_ctl").toString(), "stop", "-m", "immediate", "-D",
                tmp.resolve(node + "/data").toString()), Map.of(), Duration.ofSeconds(30));
    }

    String sql(String node, String... commands) throws IOException {
        List<String> cmd = new java.util.ArrayList<>(List.of("runuser", "-u", "postgres", "--", BIN.resolve("psql").toString(), "-X", "-A",
                "-t", "-q", "-v", "ON_ERROR_STOP=1", "-h", tmp.resolve(node + "/data.run").toString(), "-p", String.valueOf(ports.get(node)),
                "-d", "postgres"));
        for (String c : commands) cmd.addAll(List.of("-c", c));
        ProcessRunner.Result r = runner.run(cmd, Map.of(), Duration.ofSeconds(30));
        if (!r.ok()) throw new AssertionError("psql on " + node + ": " + r.summary(Duration.ofSeconds(30)));
        return r.output().strip();
    }

    void run(String... cmd) throws Exception {
        ProcessRunner.Result r = runner.run(List.of(cmd), Map.of(), Duration.ofSeconds(30));
        if (!r.ok()) throw new AssertionError(String.join(" ", cmd) + ": " + r.output());
    }
}

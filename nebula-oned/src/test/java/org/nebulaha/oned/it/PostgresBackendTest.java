package org.nebulaha.oned.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nebulaha.oned.cli.OneClient;
import org.nebulaha.oned.cli.OnedCommand;
import org.nebulaha.testkit.JavaProcess;
import org.nebulaha.testkit.Poll;
import org.nebulaha.testkit.Require;

/**
 * The PostgreSQL backend against a real, private PostgreSQL server (Debian's postgresql package,
 * started here as the postgres user on a free port): schema created, state kept across a
 * restart, and the advisory lock lets exactly one oned own the database, even from another
 * ONE_LOCATION (the HA case: two front-ends, one database).
 */
class PostgresBackendTest {
    @TempDir Path tmp;
    Process postgres;
    Process oned;

    @AfterEach
    void stop() throws Exception {
        if (oned != null) oned.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        if (postgres != null) {
            postgres.destroy(); // SIGTERM: smart shutdown
            if (!postgres.waitFor(20, TimeUnit.SECONDS)) postgres.destroyForcibly();
        }
    }

    static Path pgBin() {
        Path local = Path.of("/usr/local/bin/initdb");
        if (Files.isExecutable(local)) return local.getParent();
        try (var s = Files.list(Path.of("/usr/lib/postgresql"))) {
            return s.map(p -> p.resolve("bin")).filter(p -> Files.isExecutable(p.resolve("initdb"))).findFirst().orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    /** Starts a private PostgreSQL server with oned's database; returns its port. */
    private int startPostgres() throws Exception {
        Path bin = pgBin();
        Require.that(bin != null, "PostgreSQL server binaries not installed (Debian package postgresql; .ci/run installs it)");
        Path data = tmp.resolve("pgdata");
        Files.createDirectories(data);
        run(List.of("chown", "-R", "postgres:postgres", tmp.toString()));
        run(List.of("chmod", "755", tmp.toString()));
        run(List.of("runuser", "-u", "postgres", "--", bin.resolve("initdb").toString(), "-D", data.toString(), "-A", "trust", "-U", "oneadmin"));
        int pgPort;
        try (ServerSocket s = new ServerSocket(0)) {
            pgPort = s.getLocalPort();
        }
        postgres = new ProcessBuilder("runuser", "-u", "postgres", "--", bin.resolve("postgres").toString(), "-D", data.toString(),
                "-p", String.valueOf(pgPort), "-k", data.toString(), "-c", "listen_addresses=127.0.0.1")
                .redirectErrorStream(true).redirectOutput(tmp.resolve("postgres.log").toFile()).start();
        Properties p = new Properties();
        p.setProperty("user", "oneadmin");
        String url = "jdbc:postgresql://127.0.0.1:" + pgPort + "/postgres";
        Poll.until(Duration.ofSeconds(30), () -> {
            try (Connection c = DriverManager.getConnection(url, p); Statement st = c.createStatement()) {
                st.execute("CREATE DATABASE opennebula");
                return true;
            } catch (Exception e) {
                return false;
            }
        }, () -> log(tmp.resolve("postgres.log")));
        return pgPort;
    }

    private static String dbConf(int port) {
        // LOCK_TIMEOUT 2 s: a held lock is waited for 2 x 2 + 5 = 9 s
        return "\nDB = [ BACKEND = \"postgresql\", SERVER = \"127.0.0.1\", PORT = " + port
                + ", USER = \"oneadmin\", PASSWD = \"\", DB_NAME = \"opennebula\", LOCK_TIMEOUT = 2 ]\n";
    }

    @Test
    void onedKeepsItsStateInPostgresqlAndOwnsItAlone() throws Exception {
        int pgPort = startPostgres();
        String db = dbConf(pgPort);
        OnedHome a = new OnedHome(tmp.resolve("front1"), db);
        oned = a.startProcess("oned.log");
        a.awaitAnswering(oned, "oned.log");
        assertThat(a.log("oned.log")).contains("with postgresql jdbc:postgresql://127.0.0.1:" + pgPort + "/opennebula");
        OneClient c = a.client();
        int h = (Integer) c.call("one.host.allocate", "pg-h1", "dummy", "dummy", "dummy", -1);
        int vm = (Integer) c.call("one.vm.allocate", "NAME = pg-vm MEMORY = 32 CPU = 1", false);
        c.call("one.vm.deploy", vm, h, false);
        Poll.until(Duration.ofSeconds(20), () -> info(c, vm).contains("<LCM_STATE>3</LCM_STATE>"), () -> info(c, vm));
        c.call("one.vm.update", vm, "NOTE = \"kept in postgresql\"", 1);
        int user = (Integer) c.call("one.user.allocate", "pguser", "pg-secret", "core");

        // A second front-end (its own ONE_LOCATION) pointing at the same database is refused.
        OnedHome b = new OnedHome(tmp.resolve("front2"), db);
        Files.writeString(b.location.oneAuth(), Files.readString(a.location.oneAuth()));
        JavaProcess.Result second = JavaProcess.run(OnedCommand.class, List.of("-f"), Map.of("ONE_LOCATION", b.dir.toString()), null);
        assertThat(second.exitCode()).as(second.toString()).isEqualTo(2);
        assertThat(second.stderr()).contains("another oned owns the database", "advisory lock", "is held by server process", "waited 9 s");
        assertThat(second.stdout()).contains("waiting up to 9 s for it to be released");

        // Once the first is gone (kill -9: the server drops its session and lock), the second takes over with the state.
        oned.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        // Both front-ends see the same hypervisors: share the dummy drivers' record.
        Files.createSymbolicLink(b.location.var().resolve("dummy"), a.location.var().resolve("dummy"));
        oned = b.startProcess("oned.log");
        b.awaitAnswering(oned, "oned.log");
        OneClient cb = b.client();
        assertThat(info(cb, vm)).contains("<NAME>pg-vm</NAME>", "<STATE>3</STATE><LCM_STATE>3</LCM_STATE>", "<HOSTNAME>pg-h1</HOSTNAME>",
                "<USER_TEMPLATE><NOTE><![CDATA[kept in postgresql]]></NOTE></USER_TEMPLATE>");
        OneClient asUser = new OneClient(java.net.URI.create(b.url()), "pguser:pg-secret");
        assertThat((String) asUser.call("one.user.info", -1)).contains("<ID>" + user + "</ID>", "<NAME>pguser</NAME>");
    }

    @Test
    void aSilentOwnerLosesTheLockWithinTheBoundAndStopsItselfWhileASecondOnedTakesOver() throws Exception {
        int pgPort = startPostgres();
        try (SilentProxy proxy = new SilentProxy(pgPort)) {
            // the first front-end reaches the server through a proxy that can go silent, as a powered-off host would
            OnedHome a = new OnedHome(tmp.resolve("front1"), dbConf(proxy.port()));
            oned = a.startProcess("oned.log");
            a.awaitAnswering(oned, "oned.log");
            OneClient c = a.client();
            List<Integer> acknowledged = new ArrayList<>();
            for (int i = 0; i < 20; i++) acknowledged.add((Integer) c.call("one.vm.allocate", "NAME = silent-" + i + " MEMORY = 16 CPU = 1", true));

            // the second front-end, directly on the server, finds the lock held and waits, naming the holder
            OnedHome b = new OnedHome(tmp.resolve("front2"), dbConf(pgPort));
            Files.writeString(b.location.oneAuth(), Files.readString(a.location.oneAuth()));
            Process second = b.startProcess("oned.log");
            try {
                Poll.until(Duration.ofSeconds(30), () -> b.log("oned.log").contains("waiting up to 9 s"), () -> b.log("oned.log"));
                assertThat(b.log("oned.log")).contains("is owned by another oned (advisory lock " + 0x4f4e4544L + " held by server process");
                proxy.freeze();
                // the server ends the silent session after LOCK_TIMEOUT: the second takes over with every acknowledged row
                b.awaitAnswering(second, "oned.log");
                assertThat(b.log("oned.log")).contains("took over the database postgresql jdbc:postgresql://127.0.0.1:" + pgPort);
                OneClient cb = b.client();
                for (int id : acknowledged) assertThat(info(cb, id)).contains("<ID>" + id + "</ID>", "<NAME>silent-");
                // the first, its pings unanswered, stopped itself rather than serve on without the lock
                Process first = oned;
                Poll.until(Duration.ofSeconds(30), () -> !first.isAlive(), () -> a.log("oned.log"));
                assertThat(first.exitValue()).as(a.log("oned.log")).isEqualTo(4);
                assertThat(a.log("oned.log")).contains("self-fence: this oned may no longer own the database");
            } finally {
                second.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static String info(OneClient c, int vm) {
        try {
            return (String) c.call("one.vm.info", vm);
        } catch (OneClient.CallException e) {
            return e.getMessage();
        }
    }

    private static String log(Path f) {
        try {
            return Files.readString(f);
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static void run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(new ArrayList<>(cmd)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0)
            throw new AssertionError(String.join(" ", cmd) + " failed:\n" + out);
    }
}

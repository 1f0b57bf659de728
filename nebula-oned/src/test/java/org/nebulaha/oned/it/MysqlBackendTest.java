package org.nebulaha.oned.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nebulaha.oned.cli.OneClient;
import org.nebulaha.oned.cli.OnedCommand;
import org.nebulaha.testkit.Require;
import org.nebulaha.testkit.JavaProcess;
import org.nebulaha.testkit.Poll;

/**
 * The MySQL backend against a real, private MariaDB server (Debian's mariadb-server, started here
 * as the mysql user on a free port, with a password user as OpenNebula's install guide makes one):
 * the schema is created on MariaDB, the GET_LOCK ownership lock refuses a second oned with a clear
 * message, and when the first oned dies its session and lock go, the second takes over and sees
 * every row the first committed.
 */
class MysqlBackendTest {
    static final Path MARIADBD = Path.of("/usr/sbin/mariadbd");
    static final Path INSTALL_DB = Path.of("/usr/bin/mariadb-install-db");

    @TempDir Path tmp;
    Process mariadb;
    Process oned;

    @AfterEach
    void stop() throws Exception {
        if (oned != null) oned.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        if (mariadb != null) {
            mariadb.destroy(); // SIGTERM: clean shutdown
            if (!mariadb.waitFor(30, TimeUnit.SECONDS)) mariadb.destroyForcibly();
        }
    }

    /** Starts a private MariaDB server with oned's database and user; returns its port. */
    private int startMariadb() throws Exception {
        Require.that(Files.isExecutable(MARIADBD) && Files.isExecutable(INSTALL_DB),
                "MariaDB server not installed (Debian package mariadb-server; .ci/run installs it)");
        Require.root(); // the private MariaDB server runs as the mysql user
        Path data = tmp.resolve("mysql");
        Files.createDirectories(data);
        run(List.of("chown", "-R", "mysql:mysql", data.toString()));
        run(List.of("chmod", "755", tmp.toString()));
        run(List.of(INSTALL_DB.toString(), "--no-defaults", "--datadir=" + data, "--user=mysql", "--skip-test-db"));
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path socket = data.resolve("mysqld.sock");
        mariadb = new ProcessBuilder(MARIADBD.toString(), "--no-defaults", "--datadir=" + data, "--user=mysql", "--port=" + port,
                "--bind-address=127.0.0.1", "--socket=" + socket, "--pid-file=" + data.resolve("mysqld.pid"), "--skip-log-bin")
                .redirectErrorStream(true).redirectOutput(tmp.resolve("mariadb.log").toFile()).start();
        // root reaches a fresh server over its socket (unix_socket authentication): make oned's database and user
        String setup = "CREATE DATABASE opennebula; CREATE USER 'oneadmin'@'%' IDENTIFIED BY 'one-secret';"
                + " GRANT ALL PRIVILEGES ON opennebula.* TO 'oneadmin'@'%';";
        Poll.until(Duration.ofSeconds(60), () -> exitCode(List.of("mariadb", "--no-defaults", "--socket=" + socket, "-u", "root", "-e", setup)) == 0,
                () -> log(tmp.resolve("mariadb.log")));
        return port;
    }

    private static String dbConf(int port) {
        // LOCK_TIMEOUT 2 s: a held lock is waited for 2 x 2 + 5 = 9 s
        return "\nDB = [ BACKEND = \"mysql\", SERVER = \"127.0.0.1\", PORT = " + port
                + ", USER = \"oneadmin\", PASSWD = \"one-secret\", DB_NAME = \"opennebula\", LOCK_TIMEOUT = 2 ]\n";
    }

    @Test
    void onedKeepsItsStateInMariadbAndASecondOnedTakesOverOnlyWhenTheFirstIsGone() throws Exception {
        int port = startMariadb();
        String db = dbConf(port);
        OnedHome a = new OnedHome(tmp.resolve("front1"), db);
        oned = a.startProcess("oned.log");
        a.awaitAnswering(oned, "oned.log");
        assertThat(a.log("oned.log")).contains("with mysql jdbc:mariadb://127.0.0.1:" + port + "/opennebula");
        OneClient c = a.client();
        int h = (Integer) c.call("one.host.allocate", "my-h1", "dummy", "dummy", "dummy", -1);
        int vm = (Integer) c.call("one.vm.allocate", "NAME = my-vm MEMORY = 32 CPU = 1", false);
        c.call("one.vm.deploy", vm, h, false);
        Poll.until(Duration.ofSeconds(20), () -> info(c, vm).contains("<LCM_STATE>3</LCM_STATE>"), () -> info(c, vm));
        c.call("one.vm.update", vm, "NOTE = \"kept in mariadb\"", 1);
        // users compare by exact name, as on SQLite and PostgreSQL (MySQL's default collation would ignore case)
        int user = (Integer) c.call("one.user.allocate", "myuser", "my-secret", "core");
        int upper = (Integer) c.call("one.user.allocate", "MyUser", "other-secret", "core");
        assertThat(upper).isNotEqualTo(user);
        List<Integer> acknowledged = new ArrayList<>();
        for (int i = 0; i < 40; i++) acknowledged.add((Integer) c.call("one.vm.allocate", "NAME = burst-" + i + " MEMORY = 16 CPU = 1", true));

        // A second front-end (its own ONE_LOCATION) on the same database waits for the lock, then is refused while the first holds it.
        OnedHome b = new OnedHome(tmp.resolve("front2"), db);
        Files.writeString(b.location.oneAuth(), Files.readString(a.location.oneAuth()));
        JavaProcess.Result second = JavaProcess.run(OnedCommand.class, List.of("-f"), Map.of("ONE_LOCATION", b.dir.toString()), null);
        assertThat(second.exitCode()).as(second.toString()).isEqualTo(2);
        assertThat(second.stderr()).contains("another oned owns the database mysql jdbc:mariadb://127.0.0.1:" + port + "/opennebula",
                "lock 'nebula-ha oned opennebula' is held by connection", "waited 9 s");
        assertThat(second.stdout()).contains("waiting up to 9 s for it to be released");

        // kill -9: the server sees the connection drop and frees the lock; the second takes over with every committed row.
        oned.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        Files.createSymbolicLink(b.location.var().resolve("dummy"), a.location.var().resolve("dummy"));
        oned = b.startProcess("oned.log");
        b.awaitAnswering(oned, "oned.log");
        OneClient cb = b.client();
        assertThat(info(cb, vm)).contains("<NAME>my-vm</NAME>", "<STATE>3</STATE><LCM_STATE>3</LCM_STATE>", "<HOSTNAME>my-h1</HOSTNAME>",
                "<USER_TEMPLATE><NOTE><![CDATA[kept in mariadb]]></NOTE></USER_TEMPLATE>");
        for (int id : acknowledged) assertThat(info(cb, id)).contains("<ID>" + id + "</ID>", "<NAME>burst-");
        OneClient asUser = new OneClient(java.net.URI.create(b.url()), "myuser:my-secret");
        assertThat((String) asUser.call("one.user.info", -1)).contains("<ID>" + user + "</ID>", "<NAME>myuser</NAME>");
        // the oid sequence continued from the database: the next VM does not reuse an id
        int next = (Integer) cb.call("one.vm.allocate", "NAME = after-take-over MEMORY = 16 CPU = 1", true);
        assertThat(next).isGreaterThan(acknowledged.get(acknowledged.size() - 1));
    }

    @Test
    void aSilentOwnerLosesTheLockWithinTheBoundAndStopsItselfWhileASecondOnedTakesOver() throws Exception {
        int port = startMariadb();
        try (SilentProxy proxy = new SilentProxy(port)) {
            // the first front-end reaches the server through a proxy that can go silent, as a powered-off host would
            OnedHome a = new OnedHome(tmp.resolve("front1"), dbConf(proxy.port()));
            oned = a.startProcess("oned.log");
            a.awaitAnswering(oned, "oned.log");
            OneClient c = a.client();
            List<Integer> acknowledged = new ArrayList<>();
            for (int i = 0; i < 20; i++) acknowledged.add((Integer) c.call("one.vm.allocate", "NAME = silent-" + i + " MEMORY = 16 CPU = 1", true));

            // the second front-end, directly on the server, finds the lock held and waits, naming the holder
            OnedHome b = new OnedHome(tmp.resolve("front2"), dbConf(port));
            Files.writeString(b.location.oneAuth(), Files.readString(a.location.oneAuth()));
            Process second = b.startProcess("oned.log");
            try {
                Poll.until(Duration.ofSeconds(30), () -> b.log("oned.log").contains("waiting up to 9 s"), () -> b.log("oned.log"));
                assertThat(b.log("oned.log")).contains("is owned by another oned (lock 'nebula-ha oned opennebula' held by connection");
                proxy.freeze();
                // the server ends the silent session after LOCK_TIMEOUT: the second takes over with every acknowledged row
                b.awaitAnswering(second, "oned.log");
                assertThat(b.log("oned.log")).contains("took over the database mysql jdbc:mariadb://127.0.0.1:" + port);
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

    private static int exitCode(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static void run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(new ArrayList<>(cmd)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0)
            throw new AssertionError(String.join(" ", cmd) + " failed:\n" + out);
    }
}

package org.nebulaha.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nebulaha.testkit.DistFolder;
import org.nebulaha.testkit.Poll;
import org.nebulaha.testkit.Require;

/**
 * The loopback lab as a user without root would run it: {@code lab up --loopback} as an unprivileged
 * user (this user when not root, else {@code nobody} through setpriv), from a distribution folder
 * built from this build's classes. It checks the client is answered on the floating address, that
 * a power loss of the active node is fenced and the service comes back on one-server2, and that
 * {@code lab down} leaves no process behind.
 */
class LoopbackLabTest {
    static final Path DIST_SRC = Path.of("").toAbsolutePath().resolveSibling("nebula-dist").resolve("src");
    static final String URL = "http://127.10.11.12:9869/";

    Path tmp;
    Path home;
    Path labDir;
    List<String> asUser;
    boolean up;

    @BeforeEach
    void distributionAndUser() throws Exception {
        asUser = unprivileged();
        Require.that(Files.isDirectory(DIST_SRC), "no nebula-dist/src beside nebula-lab (" + DIST_SRC + ")");
        tmp = Files.createTempDirectory(Path.of("/tmp"), "nebula-loopback-");
        home = tmp.resolve("nebula-ha");
        copyTree(DIST_SRC.resolve("bin"), home.resolve("bin"), true);
        copyTree(DIST_SRC.resolve("libexec"), home.resolve("libexec"), true);
        copyTree(DIST_SRC.resolve("etc"), home.resolve("etc"), false);
        try (Stream<Path> s = Files.list(home.resolve("etc/init.d"))) {
            s.forEach(p -> p.toFile().setExecutable(true, false));
        }
        Path lib = home.resolve("lib");
        DistFolder.fillLib(lib);
        // the unprivileged user cannot follow links into root's Maven repository: copies instead
        try (Stream<Path> s = Files.list(lib)) {
            for (Path p : s.toList()) {
                if (!Files.isSymbolicLink(p)) continue;
                Path target = Files.readSymbolicLink(p);
                Files.delete(p);
                Files.copy(target, p);
            }
        }
        labDir = tmp.resolve("lab");
        Files.createDirectories(labDir);
        Files.createDirectories(tmp.resolve("home"));
        giveToUser(tmp);
    }

    @AfterEach
    void down() throws Exception {
        if (up) run(Duration.ofSeconds(60), "down");
        if (tmp != null && !Boolean.getBoolean("nebula.keep")) run(List.of("rm", "-rf", tmp.toString()), Duration.ofSeconds(60));
    }

    @Test
    void upAnswersOnTheFloatingAddressFailsOverAfterFencingAndDownLeavesNothing() throws Exception {
        Result refused = run(Duration.ofSeconds(60), "up");
        assertThat(refused.exit).as(refused.out).isEqualTo(1);
        assertThat(refused.out).contains("lab up needs root for the namespace lab").contains("lab up --loopback");
        assertThat(labDir.resolve("lab.properties")).doesNotExist();

        Result r = run(Duration.ofSeconds(240), "up", "--loopback");
        up = true;
        assertThat(r.exit).as(r.out).isZero();
        assertThat(r.out).contains("[root@one-server1 ~]# ccs -h one-server1 --createcluster opennebula")
                .containsPattern("service:opennebula\\s+one-server1\\s+started").contains("Sunstone: " + URL);
        assertThat(answers()).as("Sunstone on the floating address after up").isTrue();
        Path conf = labDir.resolve("hosts/one-server1/root/etc/cluster/cluster.conf");
        assertThat(Files.readString(conf)).contains("address=\"127.10.11.12\"").contains("agent=\"fence_xvm\"");

        Result partition = run(Duration.ofSeconds(60), "partition", "one-server1", "one-server2");
        assertThat(partition.exit).isEqualTo(1);
        assertThat(partition.out).contains("lab partition needs the namespace lab");

        Result crash = run(Duration.ofSeconds(60), "crash", "one-server1");
        assertThat(crash.exit).as(crash.out).isZero();
        Poll.until(Duration.ofSeconds(90), () -> status().out.matches("(?s).*service:opennebula\\s+one-server2\\s+started.*") && answers(),
                () -> status().out + "\njournal:\n" + journal());
        // fenced on one-server2 fenced one-server1 through fence_xvm and fence_virtd before the service moved
        Path history = labDir.resolve("hosts/one-server2/root/var/lib/cluster/fence_history");
        assertThat(Files.exists(history) ? Files.readString(history) : "").as("fence history of one-server2").contains("one-server1").contains("fence_xvm");
        assertThat(JournalCheck.violations(journal())).as(String.join("\n", journal())).isEmpty();

        Result down = run(Duration.ofSeconds(60), "down");
        up = false;
        assertThat(down.exit).as(down.out).isZero();
        Poll.until(Duration.ofSeconds(10), () -> labProcesses().isEmpty(), () -> "still running: " + labProcesses());
    }

    // --- the unprivileged user ---------------------------------------------------------------------

    /** The command prefix that runs as an unprivileged user; skips the test when there is none. */
    static List<String> unprivileged() {
        Result id = run(List.of("id", "-u"), Duration.ofSeconds(5));
        if (!id.out.strip().equals("0")) return List.of();
        Result uid = run(List.of("id", "-u", "nobody"), Duration.ofSeconds(5));
        Result gid = run(List.of("id", "-g", "nobody"), Duration.ofSeconds(5));
        Result setpriv = run(List.of("sh", "-c", "command -v setpriv"), Duration.ofSeconds(5));
        Require.that(uid.exit == 0 && gid.exit == 0 && setpriv.exit == 0,
                "running as root, and no unprivileged user to run the loopback lab as (needs the user nobody and setpriv from util-linux)");
        return List.of("setpriv", "--reuid=" + uid.out.strip(), "--regid=" + gid.out.strip(), "--clear-groups");
    }

    private void giveToUser(Path dir) throws IOException {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        if (asUser.isEmpty()) return;
        String uid = asUser.get(1).substring("--reuid=".length());
        String gid = asUser.get(2).substring("--regid=".length());
        Result r = run(List.of("chown", "-R", uid + ":" + gid, dir.toString()), Duration.ofSeconds(60));
        assertThat(r.exit).as(r.out).isZero();
    }

    // --- what the test looks at -------------------------------------------------------------------

    Result run(Duration timeout, String... labArgs) {
        List<String> cmd = new ArrayList<>(asUser);
        cmd.addAll(List.of("env", "HOME=" + tmp.resolve("home"), home.resolve("bin/lab").toString(), "--dir", labDir.toString()));
        cmd.addAll(List.of(labArgs));
        return run(cmd, timeout);
    }

    Result status() {
        return run(Duration.ofSeconds(30), "status");
    }

    /** The client's view: Sunstone answers on the floating address (any HTTP status; a redirect to the login counts). */
    static boolean answers() {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create(URL).toURL().openConnection();
            c.setConnectTimeout(1000);
            c.setReadTimeout(2000);
            c.setInstanceFollowRedirects(false);
            int code = c.getResponseCode();
            c.disconnect();
            return code > 0;
        } catch (IOException e) {
            return false;
        }
    }

    List<String> journal() {
        try {
            Path j = labDir.resolve("journal");
            return Files.exists(j) ? Files.readAllLines(j) : List.of();
        } catch (IOException e) {
            return List.of("(cannot read the journal: " + e + ")");
        }
    }

    /** Processes of this lab: a host's NEBULA_ROOT in their environment, or the lab folder on their command line. */
    List<String> labProcesses() {
        List<String> found = new ArrayList<>();
        String mark = labDir.toString();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    String env = new String(Files.readAllBytes(p.resolve("environ")), StandardCharsets.UTF_8);
                    String cmdline = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8).replace('\0', ' ');
                    if (env.contains("NEBULA_ROOT=" + mark) || cmdline.contains(mark)) found.add(p.getFileName() + ": " + cmdline);
                } catch (IOException gone) {
                    // ended meanwhile, or not ours to read
                }
            }
        } catch (IOException e) {
            found.add("cannot list /proc: " + e);
        }
        return found;
    }

    // --- helpers ----------------------------------------------------------------------------------

    record Result(int exit, String out) {}

    static Result run(List<String> cmd, Duration timeout) {
        try {
            Path out = Files.createTempFile("loopback-lab", ".out");
            try {
                Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
                if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly();
                    return new Result(124, "timed out after " + timeout + ": " + cmd + "\n" + Files.readString(out));
                }
                return new Result(p.exitValue(), Files.readString(out));
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            return new Result(127, cmd + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(130, "interrupted");
        }
    }

    static void copyTree(Path from, Path to, boolean executable) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path f : s.toList()) {
                Path t = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(f, t);
                    if (executable) t.toFile().setExecutable(true, false);
                    t.toFile().setReadable(true, false);
                }
            }
        }
    }
}

package org.nebulaha.fence.virtd;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nebulaha.fence.TestLab;
import org.nebulaha.fence.cli.FenceVirtdCommand;
import org.nebulaha.testkit.JavaProcess;
import org.nebulaha.testkit.Poll;

/** fence_virtd as a process: startup refusals with their messages, detaching, the pid file. */
class FenceVirtdCommandTest {
    @TempDir
    Path dir;

    JavaProcess.Result virtd(String... args) throws Exception {
        return JavaProcess.run(FenceVirtdCommand.class, List.of(args), Map.of("NEBULA_ROOT", dir.toString()), "");
    }

    @Test
    void refusesAMalformedFileNamingTheLine() throws Exception {
        Path f = Files.writeString(dir.resolve("fence_virt.conf"), "fence_virtd {\n  listener = \"multicast\"\n}\n");
        JavaProcess.Result r = virtd("-F", "-f", f.toString(), "-p", dir.resolve("p.pid").toString());
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.stderr()).contains(f + ":3: expected ';' after the value of 'listener', found '}'");
        assertThat(dir.resolve("p.pid")).doesNotExist();
    }

    @Test
    void refusesAMissingKeyFileSayingHowToCreateIt() throws Exception {
        TestLab lab = TestLab.create(dir.resolve("lab"), Map.of("n1", true));
        Path f = Files.writeString(dir.resolve("fence_virt.conf"), "fence_virtd { listener = \"tcp\"; backend = \"lab\"; }\n"
                + "listeners { tcp { key_file = \"" + dir.resolve("none.key") + "\"; port = \"0\"; } }\n"
                + "backends { lab { power_command = \"" + lab.command() + "\"; } }\n");
        JavaProcess.Result r = virtd("-F", "-f", f.toString(), "-p", dir.resolve("p.pid").toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr()).contains("port 0 is out of range");
        Files.writeString(f, Files.readString(f).replace("port = \"0\";", "port = \"29229\";"));
        r = virtd("-F", "-f", f.toString(), "-p", dir.resolve("p.pid").toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr()).contains("cannot read key file " + dir.resolve("none.key")).contains("dd if=/dev/urandom");
    }

    @Test
    void detachesWritesThePidFileAndRefusesASecondInstance() throws Exception {
        TestLab lab = TestLab.create(dir.resolve("lab"), Map.of("n1", true));
        Path key = Files.writeString(dir.resolve("k"), "key");
        Path f = Files.writeString(dir.resolve("fence_virt.conf"), "fence_virtd { listener = \"tcp\"; backend = \"lab\"; }\n"
                + "listeners { tcp { key_file = \"" + key + "\"; port = \"0\"; } }\n"
                + "backends { lab { power_command = \"" + lab.command() + "\"; } }\n");
        Files.writeString(f, Files.readString(f).replace("\"0\"", "\"" + freePort() + "\""));
        Path pid = dir.resolve("run/fence_virtd.pid");
        JavaProcess.Result first = virtd("-f", f.toString(), "-p", pid.toString());
        assertThat(first.exitCode()).as(first.toString()).isZero();
        long daemonPid = Long.parseLong(Files.readString(pid).strip());
        ProcessHandle daemon = ProcessHandle.of(daemonPid).orElseThrow();
        try {
            assertThat(daemon.isAlive()).isTrue();
            JavaProcess.Result second = virtd("-F", "-f", f.toString(), "-p", pid.toString());
            assertThat(second.exitCode()).isEqualTo(1);
            assertThat(second.stderr()).contains("already running as pid " + daemonPid);
            Path log = dir.resolve("var/log/fence_virtd.log");
            Poll.until(Duration.ofSeconds(10), () -> read(log).contains("started: listener tcp, backend lab"), () -> read(log));
        } finally {
            daemon.destroy();
        }
        Poll.until(Duration.ofSeconds(10), () -> !Files.exists(pid), () -> "pid file still there after SIGTERM");
    }

    static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            return "(" + e + ")";
        }
    }

    static int freePort() throws Exception {
        try (var s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}

package org.nebulaha.oned.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nebulaha.common.HotStandby;
import org.nebulaha.oned.cli.OneClient;
import org.nebulaha.oned.cli.OnedCommand;
import org.nebulaha.testkit.JavaProcess;
import org.nebulaha.testkit.Poll;

/**
 * {@code oned --standby}: warm but owning nothing (no database file opened or created, the
 * ownership lock free, the port closed), SIGUSR1 takes over and serves the database's data,
 * SIGUSR2 gives up (port closed, lock free again) without exiting, and a second takeover in the
 * same JVM serves again what the first one wrote.
 */
class HotStandbyTest {
    @TempDir Path tmp;
    Process standby;

    @AfterEach
    void stop() {
        if (standby != null) standby.destroyForcibly();
    }

    /** oned -f --standby STATE in {@code home}, its output in the home's var/standby.log. */
    static Process startStandby(OnedHome home, Path state) throws java.io.IOException {
        return JavaProcess.builder(OnedCommand.class, List.of("--standby", state.toString()), Map.of("ONE_LOCATION", home.dir.toString()))
                .redirectErrorStream(true).redirectOutput(home.location.var().resolve("standby.log").toFile()).start();
    }

    @Test
    void takesOverGivesUpAndTakesOverAgainWithoutExiting() throws Exception {
        OnedHome home = new OnedHome(tmp.resolve("one"), "");
        Path state = tmp.resolve("oned.state");
        standby = startStandby(home, state);
        long pid = standby.pid();
        awaitState(state, "standby " + pid, home);

        assertThat(home.location.var().resolve("one.db")).doesNotExist();
        assertThat(lockIsFree(home)).isTrue();
        assertThat(listening(home.port)).isFalse();
        assertThat(home.log("standby.log")).contains("drivers of " + home.location.onedConf() + " launched");

        signal("USR1", pid);
        awaitState(state, "active " + pid, home);
        OneClient c = home.client();
        assertThat((String) c.call("one.system.version")).isNotBlank();
        int vm = (Integer) c.call("one.vm.allocate", "NAME = first\nCPU = 1\nMEMORY = 64", false);
        assertThat(lockIsFree(home)).isFalse();

        signal("USR2", pid);
        awaitState(state, "standby " + pid, home);
        assertThat(standby.isAlive()).isTrue();
        assertThat(listening(home.port)).isFalse();
        assertThat(lockIsFree(home)).isTrue();

        signal("USR1", pid);
        awaitState(state, "active " + pid, home);
        assertThat((String) c.call("one.vm.info", vm)).contains("<NAME>first</NAME>");

        standby.destroy(); // SIGTERM: gives up and exits
        assertThat(standby.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(lockIsFree(home)).isTrue();
    }

    @Test
    void aTakeoverThatCannotOwnTheDatabaseEndsTheProcess() throws Exception {
        OnedHome home = new OnedHome(tmp.resolve("one"), "");
        Path state = tmp.resolve("oned.state");
        standby = startStandby(home, state);
        awaitState(state, "standby " + standby.pid(), home);
        try (FileChannel ch = FileChannel.open(home.location.var().resolve("one.db.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock held = ch.lock()) {
            signal("USR1", standby.pid());
            assertThat(standby.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        }
        assertThat(standby.exitValue()).isEqualTo(1);
        assertThat(HotStandby.readState(state)).isEqualTo("failed " + standby.pid());
        assertThat(home.log("standby.log")).contains("takeover failed: another oned owns the database");
    }

    private static void awaitState(Path state, String expected, OnedHome home) {
        Poll.until(Duration.ofSeconds(60), () -> {
            try {
                return expected.equals(HotStandby.readState(state));
            } catch (IOException e) {
                return false;
            }
        }, () -> "state file: " + read(state) + "\n" + home.log("standby.log"));
    }

    private static String read(Path p) {
        try {
            return HotStandby.readState(p);
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static void signal(String sig, long pid) throws IOException, InterruptedException {
        assertThat(new ProcessBuilder("kill", "-" + sig, String.valueOf(pid)).start().waitFor()).isZero();
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether another process could take oned's SQLite ownership lock now. */
    private static boolean lockIsFree(OnedHome home) throws IOException {
        Path lock = home.location.var().resolve("one.db.lock");
        if (!Files.exists(lock)) return true;
        try (FileChannel ch = FileChannel.open(lock, StandardOpenOption.WRITE); FileLock l = ch.tryLock()) {
            return l != null;
        }
    }
}

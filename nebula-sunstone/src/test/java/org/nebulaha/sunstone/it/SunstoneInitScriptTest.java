package org.nebulaha.sunstone.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.nebulaha.testkit.DistFolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nebulaha.testkit.Poll;

/** The LSB script etc/init.d/opennebula-sunstone from a distribution-shaped folder: status is true only while Sunstone answers HTTP. */
class SunstoneInitScriptTest {
    static final Path DIST_SRC = Path.of("").toAbsolutePath().resolveSibling("nebula-dist").resolve("src");

    @TempDir Path tmp;
    Path home, root;
    Map<String, String> env;

    record Result(int exit, String out) {}

    @AfterEach
    void stop() {
        if (home != null) run("etc/init.d/opennebula-sunstone", "stop");
    }

    @Test
    void startsAnswersReportsAndStops() throws Exception {
        home = tmp.resolve("nebula-ha");
        root = tmp.resolve("root");
        for (String d : List.of("bin", "libexec", "lib", "etc/init.d")) Files.createDirectories(home.resolve(d));
        copy(DIST_SRC.resolve("bin/sunstone-server"), home.resolve("bin/sunstone-server"));
        copy(DIST_SRC.resolve("bin/ccs"), home.resolve("bin/ccs")); // nebula-init-functions finds the home by it
        for (String f : List.of("nebula-java", "nebula-init-functions")) copy(DIST_SRC.resolve("libexec").resolve(f), home.resolve("libexec").resolve(f));
        copy(DIST_SRC.resolve("etc/init.d/opennebula-sunstone"), home.resolve("etc/init.d/opennebula-sunstone"));
        DistFolder.fillLib(home.resolve("lib"));
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        env = Map.of("NEBULA_ROOT", root.toString(), "ONE_LOCATION", tmp.resolve("one").toString(),
                "SUNSTONE_OPTS", "--port " + port + " --oned http://127.0.0.1:1/RPC2", "SUNSTONE_URL", "http://127.0.0.1:" + port + "/login");

        assertThat(run("etc/init.d/opennebula-sunstone", "status").exit).isEqualTo(3);
        Result start = run("etc/init.d/opennebula-sunstone", "start");
        assertThat(start.exit).as(start.out + log()).isZero();
        assertThat(run("etc/init.d/opennebula-sunstone", "status").exit).isZero();
        assertThat(tmp.resolve("one/var/sunstone/sunstone.key")).exists();

        long pid = Long.parseLong(Files.readString(root.resolve("var/run/sunstone.pid")).strip());
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        Poll.until(Duration.ofSeconds(10), () -> ProcessHandle.of(pid).isEmpty());
        assertThat(run("etc/init.d/opennebula-sunstone", "status").exit).isEqualTo(1);
        assertThat(run("etc/init.d/opennebula-sunstone", "stop").exit).isZero();
        assertThat(run("etc/init.d/opennebula-sunstone", "status").exit).isEqualTo(3);
    }

    private String log() {
        try {
            return Files.readString(root.resolve("var/log/cluster/sunstone.log"));
        } catch (IOException e) {
            return e.toString();
        }
    }

    Result run(String cmd, String... args) {
        try {
            List<String> c = new ArrayList<>(List.of(home.resolve(cmd).toString()));
            c.addAll(List.of(args));
            ProcessBuilder pb = new ProcessBuilder(c).redirectErrorStream(true);
            pb.environment().putAll(env);
            Process p = pb.start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(120, TimeUnit.SECONDS)) p.destroyForcibly();
            return new Result(p.exitValue(), out);
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
        to.toFile().setExecutable(true);
    }


}

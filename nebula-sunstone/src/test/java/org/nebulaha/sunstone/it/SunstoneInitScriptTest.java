package org.nebulaha.sunstone.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nebulaha.testkit.DistHome;
import org.nebulaha.testkit.Poll;

/** The LSB script etc/init.d/opennebula-sunstone from a distribution-shaped folder: status is true only while Sunstone answers HTTP. */
class SunstoneInitScriptTest {
    @TempDir Path tmp;
    Path root;
    DistHome home;

    @AfterEach
    void stop() {
        if (home != null) home.run("etc/init.d/opennebula-sunstone", "stop");
    }

    @Test
    void startsAnswersReportsAndStops() throws Exception {
        root = tmp.resolve("root");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        // bin/ccs: nebula-init-functions finds the home by it
        home = DistHome.create(tmp.resolve("nebula-ha"), List.of("sunstone-server", "ccs"), List.of("opennebula-sunstone"),
                Map.of("NEBULA_ROOT", root.toString(), "ONE_LOCATION", tmp.resolve("one").toString(),
                        "SUNSTONE_OPTS", "--port " + port + " --oned http://127.0.0.1:1/RPC2", "SUNSTONE_URL", "http://127.0.0.1:" + port + "/login"));

        assertThat(home.run("etc/init.d/opennebula-sunstone", "status").exit()).isEqualTo(3);
        DistHome.Result start = home.run("etc/init.d/opennebula-sunstone", "start");
        assertThat(start.exit()).as(start.out() + log()).isZero();
        assertThat(home.run("etc/init.d/opennebula-sunstone", "status").exit()).isZero();
        assertThat(tmp.resolve("one/var/sunstone/sunstone.key")).exists();

        long pid = Long.parseLong(Files.readString(root.resolve("var/run/sunstone.pid")).strip());
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        Poll.until(Duration.ofSeconds(10), () -> ProcessHandle.of(pid).isEmpty());
        assertThat(home.run("etc/init.d/opennebula-sunstone", "status").exit()).isEqualTo(1);
        assertThat(home.run("etc/init.d/opennebula-sunstone", "stop").exit()).isZero();
        assertThat(home.run("etc/init.d/opennebula-sunstone", "status").exit()).isEqualTo(3);
    }

    private String log() {
        try {
            return Files.readString(root.resolve("var/log/cluster/sunstone.log"));
        } catch (IOException e) {
            return e.toString();
        }
    }
}

package org.nebulaha.sched.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nebulaha.oned.cli.OneClient;
import org.nebulaha.oned.daemon.OneLocation;
import org.nebulaha.testkit.DistHome;
import org.nebulaha.testkit.Poll;

/**
 * The shipped etc/init.d/opennebula with a hot standby: `standby` starts oned serving nothing,
 * `start` takes that process over, `stop` returns it to standby (it stays alive, stops
 * answering), and a standby that died before it was needed leaves `start` to start cold.
 */
class OpennebulaStandbyInitScriptTest {
    @TempDir Path tmp;
    Path root;
    DistHome home;

    @AfterEach
    void stop() throws IOException {
        if (home == null) return;
        home.run("etc/init.d/opennebula", "stop");
        Path standby = root.resolve("var/run/oned-standby.pid");
        if (Files.exists(standby)) ProcessHandle.of(Long.parseLong(Files.readString(standby).strip())).ifPresent(ProcessHandle::destroyForcibly);
    }

    @Test
    void startTakesOverTheStandbyStopGivesItBackAndADeadStandbyMeansAColdStart() throws Exception {
        root = tmp.resolve("root");
        Path one = tmp.resolve("one");
        int port = OpennebulaInitScriptTest.loopbackOneLocation(one, conf -> conf, "");
        OneLocation loc = new OneLocation(one.resolve("etc"), one.resolve("var"));
        home = DistHome.create(tmp.resolve("nebula-ha"), List.of("oned", "mm_sched", "ccs", "one_vmm_dummy", "one_tm_dummy", "one_im_dummy"),
                List.of("opennebula"), Map.of("NEBULA_ROOT", root.toString(), "ONE_LOCATION", one.toString(), "ONED_SPARE_DELAY", "no"));

        DistHome.Result standby = home.run("etc/init.d/opennebula", "standby");
        assertThat(standby.exit()).as(standby.out()).isZero();
        long pid = pid("oned-standby");
        assertThat(Files.readString(root.resolve("var/run/oned." + pid + ".state")).strip()).isEqualTo("standby " + pid);
        DistHome.Result status = home.run("etc/init.d/opennebula", "status");
        assertThat(status.exit()).isEqualTo(3);
        assertThat(status.out()).contains("hot standby waiting, pid " + pid);
        assertThat(loc.var().resolve("one.db")).doesNotExist();

        DistHome.Result start = home.run("etc/init.d/opennebula", "start");
        assertThat(start.exit()).as(start.out()).isZero();
        assertThat(start.out()).contains("taking over from the hot standby (pid " + pid + ")");
        assertThat(pid("opennebula")).isEqualTo(pid);
        OneClient c = new OneClient(URI.create("http://127.0.0.1:" + port + "/RPC2"), Files.readString(loc.oneAuth()).strip());
        int vm = (Integer) c.call("one.vm.allocate", "NAME = kept MEMORY = 64 CPU = 0.5", false);

        DistHome.Result stop = home.run("etc/init.d/opennebula", "stop");
        assertThat(stop.exit()).as(stop.out()).isZero();
        assertThat(stop.out()).contains("back to hot standby (pid " + pid + ")");
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).contains(true);
        assertThat(pid("oned-standby")).isEqualTo(pid);
        assertThat(home.run("etc/init.d/opennebula", "status").exit()).isEqualTo(3);

        // the standby dies before it is needed: start is the cold one, on the same database
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        Poll.until(Duration.ofSeconds(10), () -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
        start = home.run("etc/init.d/opennebula", "start");
        assertThat(start.exit()).as(start.out()).isZero();
        assertThat(start.out()).doesNotContain("taking over").contains("Starting oned: [  OK  ]");
        assertThat(pid("opennebula")).isNotEqualTo(pid);
        assertThat((String) c.call("one.vm.info", vm)).contains("<NAME>kept</NAME>");
    }

    private long pid(String name) throws IOException {
        return Long.parseLong(Files.readString(root.resolve("var/run/" + name + ".pid")).strip());
    }
}

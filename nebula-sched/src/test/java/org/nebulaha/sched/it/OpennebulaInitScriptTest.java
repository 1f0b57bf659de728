package org.nebulaha.sched.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
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
import org.nebulaha.oned.daemon.OnedConf;
import org.nebulaha.testkit.DistHome;
import org.nebulaha.testkit.Poll;

/** The shipped init script etc/init.d/opennebula starts bin/mm_sched with oned, the scheduler deploys, stop ends both. */
class OpennebulaInitScriptTest {
    @TempDir Path tmp;
    Path root;
    DistHome home;

    @AfterEach
    void stop() {
        if (home != null) home.run("etc/init.d/opennebula", "stop");
    }

    @Test
    void initScriptRunsTheSchedulerWithOned() throws Exception {
        root = tmp.resolve("root");
        Path one = tmp.resolve("one");
        int port = loopbackOneLocation(one, conf -> conf.replace("MONITORING_INTERVAL = 300", "MONITORING_INTERVAL = 1"), "SCHED_INTERVAL = 1\n");
        OneLocation loc = new OneLocation(one.resolve("etc"), one.resolve("var"));
        home = DistHome.create(tmp.resolve("nebula-ha"), List.of("oned", "mm_sched", "ccs", "one_vmm_dummy", "one_tm_dummy", "one_im_dummy"),
                List.of("opennebula"), Map.of("NEBULA_ROOT", root.toString(), "ONE_LOCATION", one.toString()));

        DistHome.Result start = home.run("etc/init.d/opennebula", "start");
        assertThat(start.exit()).as(start.out()).isZero();
        assertThat(start.out()).contains("Starting mm_sched");
        OneClient c = new OneClient(URI.create("http://127.0.0.1:" + port + "/RPC2"), Files.readString(loc.oneAuth()).strip());
        c.call("one.host.allocate", "node1", "dummy", "dummy", "dummy", -1);
        int vm = (Integer) c.call("one.vm.allocate", "NAME = by-sched MEMORY = 64 CPU = 0.5", false);
        Poll.until(Duration.ofSeconds(60), () -> info(c, vm).contains("<LCM_STATE>3</LCM_STATE>"), () -> info(c, vm) + "\n" + log("mm_sched"));
        assertThat(log("mm_sched")).contains("mm_sched: deploy VM " + vm + " to node1");

        long sched = Long.parseLong(Files.readString(root.resolve("var/run/mm_sched.pid")).strip());
        assertThat(home.run("etc/init.d/opennebula", "stop").exit()).isZero();
        Poll.until(Duration.ofSeconds(10), () -> ProcessHandle.of(sched).map(p -> !p.isAlive()).orElse(true));
        assertThat(home.run("etc/init.d/opennebula", "status").exit()).isEqualTo(3);
    }

    static String info(OneClient c, int vm) {
        try {
            return (String) c.call("one.vm.info", vm);
        } catch (OneClient.CallException e) {
            return e.getMessage();
        }
    }

    private String log(String name) {
        try {
            return Files.readString(root.resolve("var/log/cluster/" + name + ".log"));
        } catch (IOException e) {
            return e.toString();
        }
    }

    /**
     * A ONE_LOCATION at {@code one}: oned.conf (the default, edited by {@code onedConf}) with oned on a
     * free port of 127.0.0.1, and sched.conf pointing mm_sched at it (plus {@code schedExtra} lines).
     */
    static int loopbackOneLocation(Path one, java.util.function.UnaryOperator<String> onedConf, String schedExtra) throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        OneLocation loc = new OneLocation(one.resolve("etc"), one.resolve("var"));
        Files.createDirectories(loc.etc());
        Files.writeString(loc.onedConf(), onedConf.apply(OnedConf.DEFAULT.replace("PORT = 2633", "PORT = " + port)
                .replace("LISTEN_ADDRESS = \"0.0.0.0\"", "LISTEN_ADDRESS = \"127.0.0.1\"")));
        Files.writeString(loc.etc().resolve("sched.conf"), "ONED_PORT = " + port + "\n" + schedExtra);
        return port;
    }
}

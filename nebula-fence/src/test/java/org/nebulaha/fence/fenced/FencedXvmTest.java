package org.nebulaha.fence.fenced;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nebulaha.conf.model.ClusterConf;
import org.nebulaha.fence.TestLab;
import org.nebulaha.fence.agent.AgentRunner;
import org.nebulaha.fence.virtd.ConfParser;
import org.nebulaha.fence.virtd.VirtdConfig;
import org.nebulaha.fence.virtd.VirtdDaemon;
import org.nebulaha.testkit.Poll;

/**
 * The guide's fencing chain on loopback: fenced runs our fence_xvm as a separate process (stdin from
 * cluster.conf), which asks our fence_virtd (multicast on lo, a free port) to power a lab host off.
 * While fence_virtd is down every pass fails and the node stays blocked; once it is up the next
 * retry fences it.
 */
class FencedXvmTest {
    @TempDir
    Path dir;
    VirtdDaemon virtd;
    Fenced fenced;

    @AfterEach
    void stop() {
        if (fenced != null) fenced.close();
        if (virtd != null) virtd.close();
    }

    @Test
    void aLostNodeIsPoweredOffThroughFenceXvmOnceFenceVirtdAnswers() throws Exception {
        TestLab lab = TestLab.create(dir.resolve("lab"), Map.of("one-server1", true, "one-server2", true));
        Path key = Files.writeString(dir.resolve("fence_xvm.key"), "0123456789abcdef0123456789abcdef");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path agent = bin.resolve("fence_xvm");
        String java = ProcessHandle.current().info().command().orElse("java");
        Files.writeString(agent, "#!/bin/sh\nexec '" + java + "' -Dnebula.xvm.sources=127.0.0.1 -cp '" + System.getProperty("java.class.path")
                + "' org.nebulaha.fence.cli.FenceXvmCommand \"$@\"\n");
        Files.setPosixFilePermissions(agent, PosixFilePermissions.fromString("rwxr-xr-x"));
        ClusterConf conf = Confs.parse("""
                <cluster name="one" config_version="1">
                  <fence_daemon agent_timeout="20"/>
                  <clusternodes>
                    <clusternode name="one-server1" nodeid="1">
                      <fence><method name="1"><device name="libvirt-kvm" port="one-server1"/></method></fence>
                    </clusternode>
                    <clusternode name="one-server2" nodeid="2">
                      <fence><method name="1"><device name="libvirt-kvm" port="one-server2" action="off"/></method></fence>
                    </clusternode>
                    <clusternode name="one-server3" nodeid="3"/>
                  </clusternodes>
                  <fencedevices>
                    <fencedevice agent="fence_xvm" name="libvirt-kvm" key_file="%s" multicast_address="225.0.0.12" ipport="%d" timeout="1" retrans="3"/>
                  </fencedevices>
                </cluster>
                """.formatted(key, port));
        fenced = new Fenced(conf, "one-server1", new AgentRunner(List.of(bin)), new FenceHistory(dir.resolve("fence_history"), 100),
                Clock.systemUTC(), new Fenced.Backoff(Duration.ofMillis(100), Duration.ofMillis(500)), node -> {});
        for (int i = 1; i <= 3; i++) fenced.memberJoined("one-server" + i, i, 1);
        fenced.quorumChanged(true);
        fenced.memberLost("one-server2", 2, 1, false);

        Poll.until(Duration.ofSeconds(30), () -> fenced.status("one-server2").orElseThrow().failedPasses() >= 1,
                () -> fenced.statusAll().toString());
        assertThat(fenced.isFencedSinceLost("one-server2")).as("no fence_virtd: blocked").isFalse();
        assertThat(lab.state("one-server2")).isEqualTo("on");

        String virtdConf = "fence_virtd { listener = \"multicast\"; backend = \"lab\"; }\n"
                + "listeners { multicast { key_file = \"" + key + "\"; port = \"" + port + "\"; interface = \"lo\"; address = \"225.0.0.12\"; } }\n"
                + "backends { lab { power_command = \"" + lab.command() + "\"; } }\n";
        virtd = VirtdDaemon.start(VirtdConfig.from(ConfParser.parse(virtdConf, "fence_virt.conf"), "fence_virt.conf"), null, Clock.systemUTC());
        Thread t = new Thread(virtd::serve, "fence_virtd");
        t.setDaemon(true);
        t.start();

        Poll.until(Duration.ofSeconds(60), () -> fenced.isFencedSinceLost("one-server2"),
                () -> fenced.statusAll() + " history " + fenced.history().all());
        assertThat(lab.state("one-server2")).isEqualTo("off");
        assertThat(lab.calls()).contains("off one-server2");
        List<FenceAttempt> h = fenced.history().forNode("one-server2");
        assertThat(h.get(h.size() - 1)).satisfies(a -> assertThat(List.of(a.agent(), a.action(), a.result(), a.exitCode()))
                .containsExactly("fence_xvm", "off", "success", 0));
        assertThat(h.subList(0, h.size() - 1)).extracting(FenceAttempt::result).containsOnly("failed");
    }
}

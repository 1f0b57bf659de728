package org.nebulaha.fence.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nebulaha.fence.cli.FenceVirtdCommand;
import org.nebulaha.fence.cli.FenceXvmCommand;

/**
 * Wire compatibility with Debian's fence-virt 4.12 tools, each pair alone in a network namespace
 * with only lo (fence-and-conf.md §2): the real fence_xvm against our fence_virtd, and our
 * fence_xvm against the real fence_virtd, both on libvirt's test driver (domain "test"). Client
 * calls run one after another, since each client owns TCP port 1229 while it waits.
 */
class DebianInteropTest {
    static final String UUID = "6695eb01-f6a4-8304-79aa-97f2502e193f";
    @TempDir
    Path dir;
    Path key;
    Path wrongKey;

    @BeforeEach
    void keys() throws Exception {
        byte[] k = new byte[512];
        new SecureRandom().nextBytes(k);
        key = Files.write(dir.resolve("fence_xvm.key"), k);
        wrongKey = Files.writeString(dir.resolve("wrong.key"), "some other key");
        for (Path p : new Path[] {key, wrongKey}) Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
        Path conf = dir.resolve("fence_virt.conf");
        Files.writeString(conf, """
                fence_virtd {
                	listener = "multicast";
                	backend = "libvirt";
                }
                listeners {
                	multicast {
                		key_file = "%s";
                		address = "225.0.0.12";
                		port = "1229";
                		family = "ipv4";
                		interface = "lo";
                	}
                }
                backends {
                	libvirt {
                		uri = "test:///default";
                	}
                }
                """.formatted(key));
        Files.setPosixFilePermissions(conf, PosixFilePermissions.fromString("rw-------"));
    }

    /**
     * Starts a daemon in the background and polls (bounded, in the shell) until it has written its
     * pid file and something listens on UDP 1229 in this namespace.
     */
    static String startDaemon(String command, String pidFile, String log) {
        return startDaemon(command, pidFile, log, "-Hlun");
    }

    static String startDaemon(String command, String pidFile, String log, String ssFlags) {
        return command + " > " + log + " 2>&1 & VPID=$!\n"
                + "for i in $(seq 150); do [ -s " + pidFile + " ] && ss " + ssFlags + " 'sport = :1229' | grep -q . && break; "
                + "kill -0 $VPID 2>/dev/null || break; sleep 0.1; done\n";
    }

    static final String STOP = "kill $VPID; wait $VPID\n";

    @Test
    void realFenceXvmListsFencesAndQueriesThroughOurFenceVirtd() throws Exception {
        NetnsScript.assumeAvailable("fence_xvm");
        String x = "fence_xvm -k " + key + " -t 4";
        String script = startDaemon(NetnsScript.java() + " " + FenceVirtdCommand.class.getName() + " -F -f " + dir.resolve("fence_virt.conf")
                        + " -p " + dir.resolve("ours.pid"), dir.resolve("ours.pid").toString(), dir.resolve("ours.log").toString())
                + "step list " + x + " -o list\n"
                + "step status " + x + " -o status -H test\n"
                + "step off " + x + " -o off -H test\n"
                + "step status-after-off " + x + " -o status -H test\n"
                + "step on " + x + " -o on -H test\n"
                + "step reboot " + x + " -o reboot -H test\n"
                + "step status-after-reboot " + x + " -o status -H test\n"
                + "step stdin-list sh -c 'printf \"action=list\\nkey_file=" + key + "\\ntimeout=4\\nnodename=n1\\nagent=fence_xvm\\n\" | fence_xvm'\n"
                + "step unknown " + x + " -o off -H nosuch\n"
                + "step wrong-key fence_xvm -k " + wrongKey + " -t 2 -r 10 -o off -H test\n"
                + "step status-at-end " + x + " -o status -H test\n"
                + STOP;
        Map<String, NetnsScript.Step> s = NetnsScript.steps(NetnsScript.run(dir, script, 150));
        String log = Files.exists(dir.resolve("ours.log")) ? Files.readString(dir.resolve("ours.log")) : "(no log)";
        assertThat(s).as("steps run; daemon log:\n" + log).containsKeys("list", "wrong-key", "status-at-end");
        assertThat(s.get("list")).isEqualTo(new NetnsScript.Step("test                             " + UUID + " on\n", 0));
        assertThat(s.get("status")).isEqualTo(new NetnsScript.Step("Status: ON\n", 0));
        assertThat(s.get("off").exitCode()).isZero();
        assertThat(s.get("status-after-off")).isEqualTo(new NetnsScript.Step("Status: OFF\n", 2));
        assertThat(s.get("on").exitCode()).isZero();
        assertThat(s.get("reboot").exitCode()).isZero();
        assertThat(s.get("status-after-reboot")).isEqualTo(new NetnsScript.Step("Status: ON\n", 0));
        assertThat(s.get("stdin-list").output()).contains("test                             " + UUID + " on");
        assertThat(s.get("unknown")).isEqualTo(new NetnsScript.Step("Operation failed\n", 1));
        assertThat(s.get("wrong-key")).isEqualTo(new NetnsScript.Step("Timed out waiting for response\nOperation failed\n", 1));
        assertThat(s.get("status-at-end")).as("the wrong key changed nothing").isEqualTo(new NetnsScript.Step("Status: ON\n", 0));
        assertThat(log).contains("hash mismatch").contains("reboot test for 127.0.0.1");
    }

    @Test
    void ourFenceXvmListsFencesAndQueriesThroughTheRealFenceVirtd() throws Exception {
        NetnsScript.assumeAvailable("fence_virtd");
        String x = NetnsScript.java() + " " + FenceXvmCommand.class.getName() + " -k " + key + " -t 4";
        String script = startDaemon("fence_virtd -F -d 2 -f " + dir.resolve("fence_virt.conf") + " -p " + dir.resolve("real.pid"),
                dir.resolve("real.pid").toString(), dir.resolve("real.log").toString())
                + "step list " + x + " -o list\n"
                + "step status " + x + " -o status -H test\n"
                + "step off " + x + " -o off -H test\n"
                + "step status-after-off " + x + " -o status -H test\n"
                + "step on " + x + " -o on -H test\n"
                + "step reboot " + x + " -o reboot -H test\n"
                + "step status-after-reboot " + x + " -o status -H test\n"
                + "step stdin-status sh -c 'printf \"action=status\\nport=test\\nkey_file=" + key + "\\ntimeout=4\\nnodename=n1\\n\" | "
                + x.replace(" -k " + key + " -t 4", "") + "'\n"
                + "step wrong-key " + x.replace(key.toString(), wrongKey.toString()).replace("-t 4", "-t 2 -r 10") + " -o off -H test\n"
                + "step status-at-end " + x + " -o status -H test\n"
                + STOP;
        Map<String, NetnsScript.Step> s = NetnsScript.steps(NetnsScript.run(dir, script, 150));
        String log = Files.exists(dir.resolve("real.log")) ? Files.readString(dir.resolve("real.log")) : "(no log)";
        assertThat(s).as("steps run; fence_virtd log:\n" + log).containsKeys("list", "wrong-key", "status-at-end");
        assertThat(s.get("list")).as(log).isEqualTo(new NetnsScript.Step("test                             " + UUID + " on\n", 0));
        assertThat(s.get("status")).isEqualTo(new NetnsScript.Step("Status: ON\n", 0));
        assertThat(s.get("off").exitCode()).isZero();
        assertThat(s.get("status-after-off")).isEqualTo(new NetnsScript.Step("Status: OFF\n", 2));
        assertThat(s.get("on").exitCode()).isZero();
        assertThat(s.get("reboot").exitCode()).isZero();
        assertThat(s.get("status-after-reboot")).isEqualTo(new NetnsScript.Step("Status: ON\n", 0));
        assertThat(s.get("stdin-status")).isEqualTo(new NetnsScript.Step("Status: ON\n", 0));
        assertThat(s.get("wrong-key")).isEqualTo(new NetnsScript.Step("Timed out waiting for response\nOperation failed\n", 1));
        assertThat(s.get("status-at-end")).as("the wrong key changed nothing").isEqualTo(new NetnsScript.Step("Status: ON\n", 0));
        assertThat(log).contains("Key mismatch");
    }

    /** fence_virt -T against the TCP listener, both ways (same request, challenge order and reply as multicast). */
    @Test
    void tcpModeWorksBothWays() throws Exception {
        NetnsScript.assumeAvailable("fence_virt", "fence_virtd");
        Path conf = dir.resolve("tcp.conf");
        Files.writeString(conf, """
                fence_virtd { listener = "tcp"; backend = "libvirt"; }
                listeners { tcp { key_file = "%s"; address = "127.0.0.1"; port = "1229"; family = "ipv4"; } }
                backends { libvirt { uri = "test:///default"; } }
                """.formatted(key));
        Files.setPosixFilePermissions(conf, PosixFilePermissions.fromString("rw-------"));
        String ours = NetnsScript.java() + " " + org.nebulaha.fence.cli.FenceVirtCommand.class.getName() + " -T 127.0.0.1 -k " + key + " -t 4";
        String real = "fence_virt -T 127.0.0.1 -k " + key + " -t 4";
        String script = startDaemon("fence_virtd -F -d 2 -f " + conf + " -p " + dir.resolve("real.pid"), dir.resolve("real.pid").toString(),
                        dir.resolve("real.log").toString(), "-Hltn")
                + "step ours-list " + ours + " -o list\n"
                + "step ours-status " + ours + " -o status -H test\n"
                + "step ours-wrong-key " + ours.replace(key.toString(), wrongKey.toString()) + " -o off -H test\n"
                + STOP
                + startDaemon(NetnsScript.java() + " " + FenceVirtdCommand.class.getName() + " -F -f " + conf + " -p " + dir.resolve("ours.pid"),
                        dir.resolve("ours.pid").toString(), dir.resolve("ours.log").toString(), "-Hltn")
                + "step real-list " + real + " -o list\n"
                + "step real-off " + real + " -o off -H test\n"
                + "step real-status " + real + " -o status -H test\n"
                + "step real-wrong-key " + real.replace(key.toString(), wrongKey.toString()) + " -o on -H test\n"
                + "step real-status-at-end " + real + " -o status -H test\n"
                + STOP;
        Map<String, NetnsScript.Step> s = NetnsScript.steps(NetnsScript.run(dir, script, 150));
        String logs = "real:\n" + read(dir.resolve("real.log")) + "\nours:\n" + read(dir.resolve("ours.log"));
        assertThat(s).as(logs).containsKeys("ours-list", "real-status-at-end");
        assertThat(s.get("ours-list")).as(logs).isEqualTo(new NetnsScript.Step("test                             " + UUID + " on\n", 0));
        assertThat(s.get("ours-status")).isEqualTo(new NetnsScript.Step("Status: ON\n", 0));
        assertThat(s.get("ours-wrong-key").exitCode()).isEqualTo(1);
        assertThat(s.get("real-list")).as(logs).isEqualTo(new NetnsScript.Step("test                             " + UUID + " on\n", 0));
        assertThat(s.get("real-off").exitCode()).isZero();
        assertThat(s.get("real-status")).isEqualTo(new NetnsScript.Step("Status: OFF\n", 2));
        assertThat(s.get("real-wrong-key").exitCode()).isEqualTo(1);
        assertThat(s.get("real-status-at-end")).as("the wrong key changed nothing").isEqualTo(new NetnsScript.Step("Status: OFF\n", 2));
    }

    static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            return "(" + e + ")";
        }
    }
}

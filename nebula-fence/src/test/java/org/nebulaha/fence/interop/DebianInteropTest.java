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
        return command + " > " + log + " 2>&1 & VPID=$!\n"
                + "for i in $(seq 150); do [ -s " + pidFile + " ] && ss -Hlun 'sport = :1229' | grep -q . && break; "
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
}

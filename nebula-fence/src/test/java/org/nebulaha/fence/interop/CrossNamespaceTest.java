package org.nebulaha.fence.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nebulaha.fence.TestLab;
import org.nebulaha.fence.cli.FenceVirtdCommand;
import org.nebulaha.fence.cli.FenceXvmCommand;
import org.nebulaha.testkit.Poll;
import org.nebulaha.testkit.Require;

/**
 * The guide's layout in two network namespaces joined by a veth pair: a "physical host" running
 * our fence_virtd on eth0 (lab backend) and a "node" running fence_xvm, which sends from every
 * local address (lo and eth0) and is called back on its eth0 address; over IPv4 and IPv6.
 * Addresses 10.77.9.0/24 and fd77:9::/64 exist only inside these namespaces; both are deleted afterwards.
 */
class CrossNamespaceTest {
    @TempDir
    Path dir;
    final String host = "nf-host-" + ProcessHandle.current().pid();
    final String node = "nf-node-" + ProcessHandle.current().pid();
    final List<Process> started = new ArrayList<>();

    @AfterEach
    void cleanUp() throws Exception {
        for (Process p : started) {
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS)) p.destroyForcibly();
        }
        sh("ip", "netns", "del", host);
        sh("ip", "netns", "del", node);
    }

    static int sh(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor();
    }

    static void must(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) throw new AssertionError(String.join(" ", cmd) + " failed: " + out);
    }

    record Run(int exit, String out) {}

    Run inNode(String... cmd) throws Exception {
        List<String> c = new ArrayList<>(List.of("ip", "netns", "exec", node));
        c.addAll(List.of(cmd));
        Process p = new ProcessBuilder(c).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(c + " did not finish: " + out);
        }
        return new Run(p.exitValue(), out);
    }

    /** Joins the two namespaces with a veth pair, both ends named eth0, with the given addresses. */
    void link(String hostAddress, String nodeAddress) throws Exception {
        String tmp = "nfv-" + ProcessHandle.current().pid() % 100000;
        must("ip", "netns", "add", host);
        must("ip", "netns", "add", node);
        must("ip", "link", "add", tmp, "netns", host, "type", "veth", "peer", "name", "eth0", "netns", node);
        must("ip", "-n", host, "link", "set", tmp, "name", "eth0");
        // nodad: an IPv6 address is usable at once instead of after duplicate address detection
        must("ip", "-n", host, "addr", "add", hostAddress, "dev", "eth0", "nodad");
        must("ip", "-n", node, "addr", "add", nodeAddress, "dev", "eth0", "nodad");
        for (String ns : List.of(host, node)) {
            must("ip", "-n", ns, "link", "set", "lo", "up");
            must("ip", "-n", ns, "link", "set", "eth0", "up");
        }
    }

    /** Starts our fence_virtd in the host namespace (lab backend, multicast on eth0); returns its log file. */
    Path startDaemon(TestLab lab, Path key, String family, String group) throws Exception {
        Path conf = Files.writeString(dir.resolve("fence_virt.conf"), """
                fence_virtd { listener = "multicast"; backend = "lab"; }
                listeners { multicast { interface = "eth0"; port = "1229"; family = "%s"; address = "%s"; key_file = "%s"; } }
                backends { lab { power_command = "%s"; } }
                """.formatted(family, group, key, lab.command()));
        Path pid = dir.resolve("fence_virtd.pid");
        Path log = dir.resolve("fence_virtd.log");
        started.add(new ProcessBuilder("ip", "netns", "exec", host, java(), "-cp", cp(), FenceVirtdCommand.class.getName(), "-F", "-f",
                conf.toString(), "-p", pid.toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start());
        Poll.until(Duration.ofSeconds(30), () -> Files.exists(pid), () -> read(log));
        return log;
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static String cp() {
        return System.getProperty("java.class.path");
    }

    @Test
    void fenceXvmOnANodeFencesThroughFenceVirtdOnThePhysicalHostsEth0() throws Exception {
        NetnsScript.assumeAvailable();
        link("10.77.9.250/24", "10.77.9.101/24");
        TestLab lab = TestLab.create(dir.resolve("lab"), Map.of("one1", true, "one2", true));
        Path key = Files.writeString(dir.resolve("fence_xvm.key"), "Zm9vYmFyYmF6cXV1eDEyMzQ1Njc4OTAx");
        Path log = startDaemon(lab, key, "ipv4", "225.0.0.12");

        Run off = inNode(java(), "-cp", cp(), FenceXvmCommand.class.getName(), "-d", "-k", key.toString(), "-o", "off", "-H", "one2", "-t", "10");
        assertThat(off.exit()).as(off.out() + "\ndaemon log:\n" + read(log)).isZero();
        assertThat(lab.state("one2")).isEqualTo("off");
        Run status = inNode(java(), "-cp", cp(), FenceXvmCommand.class.getName(), "-k", key.toString(), "-o", "status", "-H", "one2", "-t", "10");
        assertThat(status).isEqualTo(new Run(2, "Status: OFF\n"));
        assertThat(read(log)).contains("off one2 for 10.77.9.101");
        if (Require.optional(Files.isExecutable(Path.of("/usr/sbin/fence_xvm")), "Debian's fence_xvm (fence-virt) for the list check")) {
            Run list = inNode("/usr/sbin/fence_xvm", "-k", key.toString(), "-o", "list", "-t", "10");
            assertThat(list.exit()).as(list.out()).isZero();
            assertThat(list.out()).contains("one1 ").contains("one2 ");
        }
    }

    /** IPv6 cannot be tried on loopback (clients skip ::1), so it is tried here: group ff05::3:1, routable addresses. */
    @Test
    void worksOverIpv6() throws Exception {
        NetnsScript.assumeAvailable();
        link("fd77:9::250/64", "fd77:9::101/64");
        TestLab lab = TestLab.create(dir.resolve("lab"), Map.of("one1", true));
        Path key = Files.writeString(dir.resolve("fence_xvm.key"), "an ipv6 key");
        Path log = startDaemon(lab, key, "ipv6", "ff05::3:1");
        Run reboot = inNode(java(), "-cp", cp(), FenceXvmCommand.class.getName(), "-k", key.toString(), "-a", "ff05::3:1", "-o", "reboot",
                "-H", "one1", "-t", "10");
        assertThat(reboot.exit()).as(reboot.out() + "\ndaemon log:\n" + read(log)).isZero();
        assertThat(lab.calls()).contains("reboot one1");
        assertThat(read(log)).contains("reboot one1 for fd77:9:0:0:0:0:0:101");
        if (Require.optional(Files.isExecutable(Path.of("/usr/sbin/fence_xvm")), "Debian's fence_xvm (fence-virt) for the status check")) {
            Run status = inNode("/usr/sbin/fence_xvm", "-k", key.toString(), "-a", "ff05::3:1", "-o", "status", "-H", "one1", "-t", "10");
            assertThat(status).as(read(log)).isEqualTo(new Run(0, "Status: ON\n"));
        }
    }

    static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "(no " + p + ")";
        } catch (IOException e) {
            return "(" + e + ")";
        }
    }
}

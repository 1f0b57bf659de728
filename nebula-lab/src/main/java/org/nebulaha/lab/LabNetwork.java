package org.nebulaha.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The lab's machines and wires: a bridge in a namespace of its own (nothing is added to the
 * machine's own network), one network namespace per host joined to it by a veth pair, and in
 * each host a private mount/UTS/PID namespace under tini. Faults act on these parts: a crash
 * takes the link down first (so peers get no TCP reset, as with a power cut) and then kills the
 * host's init, which takes every process of the host with it.
 */
final class LabNetwork {
    static final String BRIDGE_NS = "nebula-lab-br";
    static final List<String> OVERLAID = List.of("etc", "var/lib", "var/log", "root");
    private static final Duration T = Duration.ofSeconds(20);

    private LabNetwork() {}

    static boolean namespaceExists(String ns) {
        return Files.exists(Path.of("/run/netns", ns));
    }

    static void createBridge() {
        if (namespaceExists(BRIDGE_NS)) Sh.check("ip", "netns", "del", BRIDGE_NS);
        Sh.check("ip", "netns", "add", BRIDGE_NS);
        Sh.check("ip", "-n", BRIDGE_NS, "link", "add", "br0", "type", "bridge");
        Sh.check("ip", "-n", BRIDGE_NS, "link", "set", "br0", "up");
        Sh.check("ip", "-n", BRIDGE_NS, "link", "set", "lo", "up");
    }

    /** Creates the host's network namespace, its eth0 on the bridge and its address. */
    static void wire(LabHost h) {
        if (namespaceExists(h.name())) Sh.check("ip", "netns", "del", h.name());
        Sh.check("ip", "netns", "add", h.name());
        Sh.check("ip", "link", "add", h.bridgePort(), "netns", BRIDGE_NS, "type", "veth", "peer", "name", "eth0", "netns", h.name());
        Sh.check("ip", "-n", BRIDGE_NS, "link", "set", h.bridgePort(), "master", "br0", "up");
        Sh.check("ip", "-n", h.name(), "link", "set", "lo", "up");
        Sh.check("ip", "-n", h.name(), "addr", "add", h.address() + "/24", "dev", "eth0");
        Sh.check("ip", "-n", h.name(), "link", "set", "eth0", "up");
    }

    static void linkUp(LabHost h, boolean up) {
        Sh.check("ip", "-n", h.name(), "link", "set", "eth0", up ? "up" : "down");
    }

    /**
     * A machine that lost power comes back with only the address of its own configuration: the
     * floating IP it held is gone with the power. The namespace outlives the host's processes, so
     * its addresses are reset here.
     */
    static void resetAddresses(LabHost h) {
        Sh.check("ip", "-n", h.name(), "addr", "flush", "dev", "eth0");
        Sh.check("ip", "-n", h.name(), "addr", "add", h.address() + "/24", "dev", "eth0");
    }

    /**
     * Starts the host's init: tini as PID 1 of a new PID namespace, in new mount and UTS
     * namespaces where the overlays are mounted and the host name is set. Returns tini's pid.
     */
    static long boot(LabHost h) throws IOException {
        StringBuilder setup = new StringBuilder("set -e\n");
        for (String top : OVERLAID) {
            String flat = top.replace('/', '-');
            Path up = h.dir().resolve(flat + "-up");
            Path work = h.dir().resolve(flat + "-work");
            Files.createDirectories(up);
            // overlayfs needs an empty work folder of its own at each mount
            if (Files.exists(work)) Sh.check("rm", "-rf", work.toString());
            Files.createDirectories(work);
            setup.append("mount -t overlay overlay -o lowerdir=/").append(top).append(",upperdir=").append(up)
                    .append(",workdir=").append(work).append(" /").append(top).append('\n');
        }
        setup.append("mount -t tmpfs -o mode=755 tmpfs /run\nmkdir -p /run/lock /run/cluster\n");
        setup.append("hostname ").append(h.name()).append('\n');
        setup.append("exec sleep infinity\n");
        Files.createDirectories(h.dir().resolve("log"));
        Path console = h.dir().resolve("log/console.log");
        Process p = new ProcessBuilder("setsid", "ip", "netns", "exec", h.name(), "unshare", "--mount", "--uts", "--pid", "--fork",
                "--mount-proc", "--propagation", "private", "tini", "-s", "--", "/bin/sh", "-c", setup.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(console.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        // tini is the child that unshare forks; wait until it runs its shell with the mounts done.
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            Optional<Long> tini = initOf(p.toHandle());
            if (tini.isPresent() && Sh.run(List.of("nsenter", "-t", String.valueOf(tini.get()), "-m", "-u", "hostname"), T).output()
                    .strip().equals(h.name())) return tini.get();
            if (!p.isAlive()) break;
            java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L);
        }
        throw new LabException("host " + h.name() + " did not boot; see " + console);
    }

    /** The pid of tini under {@code setsid ip netns exec ... unshare --fork}. */
    private static Optional<Long> initOf(ProcessHandle launcher) {
        return launcher.descendants().filter(ph -> ph.info().command().map(c -> c.endsWith("/tini")).orElse(false))
                .map(ProcessHandle::pid).findFirst();
    }

    /** The command line that runs {@code command} inside the host of init {@code pid}. */
    static List<String> inHost(long pid, List<String> command) {
        List<String> c = new ArrayList<>(List.of("nsenter", "-t", String.valueOf(pid), "-m", "-u", "-n", "-p", "--"));
        c.addAll(command);
        return c;
    }

    static Sh.Result exec(long pid, List<String> command, Duration timeout, Map<String, String> env) {
        return Sh.run(inHost(pid, command), timeout, env, null);
    }

    /** The process runs: it exists and is not a zombie (a killed process stays one until its parent reaps it). */
    static boolean isAlive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && !exited(pid);
    }

    /** Linux: the process has exited and waits to be reaped (state Z or X in /proc/PID/stat). */
    static boolean exited(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            int end = stat.lastIndexOf(") ");
            char state = end < 0 || end + 2 >= stat.length() ? '?' : stat.charAt(end + 2);
            return state == 'Z' || state == 'X';
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Power loss: the link goes down first, then the host's init dies and takes every process with it. */
    static void powerOff(LabHost h, long pid) {
        if (namespaceExists(h.name())) Sh.run(List.of("ip", "-n", h.name(), "link", "set", "eth0", "down"), T);
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly); // SIGKILL to PID 1 of the namespace
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (isAlive(pid) && System.nanoTime() < deadline) java.util.concurrent.locks.LockSupport.parkNanos(10_000_000L);
        if (namespaceExists(h.name())) resetAddresses(h);
    }

    /** Drops all traffic between two hosts, silently, both ways (nftables in each). */
    static void block(LabHost a, LabHost b) {
        for (LabHost[] pair : new LabHost[][] {{a, b}, {b, a}}) {
            String ns = pair[0].name();
            Sh.run(List.of("ip", "netns", "exec", ns, "nft", "add", "table", "inet", "lab"), T);
            Sh.run(List.of("ip", "netns", "exec", ns, "nft", "add", "chain", "inet", "lab", "in",
                    "{ type filter hook input priority 0 ; }"), T);
            Sh.run(List.of("ip", "netns", "exec", ns, "nft", "add", "chain", "inet", "lab", "out",
                    "{ type filter hook output priority 0 ; }"), T);
            Sh.check(List.of("ip", "netns", "exec", ns, "nft", "add", "rule", "inet", "lab", "in", "ip", "saddr", pair[1].address(), "drop"), T);
            Sh.check(List.of("ip", "netns", "exec", ns, "nft", "add", "rule", "inet", "lab", "out", "ip", "daddr", pair[1].address(), "drop"), T);
        }
    }

    static void unblockAll(LabHost h) {
        Sh.run(List.of("ip", "netns", "exec", h.name(), "nft", "delete", "table", "inet", "lab"), T);
    }

    static void deleteNamespace(String ns) {
        if (namespaceExists(ns)) Sh.run(List.of("ip", "netns", "del", ns), T);
    }
}

package org.nebulaha.rgmanager.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nebulaha.rgmanager.agent.ProcessRunner;
import org.nebulaha.rgmanager.agent.SystemProcessRunner;

/**
 * Network namespaces for tests: created with unique names, joined by veth pairs (optionally
 * through a bridge in a namespace of its own), all deleted by {@link #close()}.
 */
final class Netns implements AutoCloseable {
    private static final SystemProcessRunner SH = new SystemProcessRunner();
    private final List<String> created = new ArrayList<>();
    private final String tag = "rg" + ProcessHandle.current().pid() % 10000 + Long.toString(System.nanoTime() % 46656, 36);

    /** Why namespaces cannot be used here, or null when they can (root, ip and arping present). */
    static String unusableBecause() {
        if (!"root".equals(System.getProperty("user.name"))) return "needs root for ip netns (running as " + System.getProperty("user.name") + ")";
        for (String tool : List.of("/usr/sbin/ip", "/usr/bin/arping", "/usr/bin/ping"))
            if (!Files.isExecutable(Path.of(tool)) && !Files.isExecutable(Path.of(tool.replace("/usr/sbin/", "/sbin/"))))
                return tool + " is missing; install iproute2, iputils-arping and iputils-ping (.ci/run does)";
        return null;
    }

    String add(String base) throws IOException {
        String name = tag + base;
        sh("ip", "netns", "add", name);
        created.add(name);
        sh("ip", "-n", name, "link", "set", "lo", "up");
        return name;
    }

    /** A veth pair: {@code ifA} in {@code a} with {@code cidrA}, {@code ifB} in {@code b} (no address if cidrB is null). */
    void link(String a, String ifA, String cidrA, String b, String ifB, String cidrB) throws IOException {
        sh("ip", "link", "add", ifA, "netns", a, "type", "veth", "peer", "name", ifB, "netns", b);
        if (cidrA != null) sh("ip", "-n", a, "addr", "add", cidrA, "dev", ifA);
        if (cidrB != null) sh("ip", "-n", b, "addr", "add", cidrB, "dev", ifB);
        sh("ip", "-n", a, "link", "set", ifA, "up");
        sh("ip", "-n", b, "link", "set", ifB, "up");
    }

    /** A bridge {@code br0} inside namespace {@code ns}. */
    void bridge(String ns) throws IOException {
        sh("ip", "-n", ns, "link", "add", "br0", "type", "bridge");
        sh("ip", "-n", ns, "link", "set", "br0", "up");
    }

    void attach(String ns, String iface) throws IOException {
        sh("ip", "-n", ns, "link", "set", iface, "master", "br0");
    }

    ProcessRunner.Result in(String ns, String... cmd) throws IOException {
        List<String> c = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        c.addAll(List.of(cmd));
        return SH.run(c, Map.of(), Duration.ofSeconds(10));
    }

    static void sh(String... cmd) throws IOException {
        ProcessRunner.Result r = SH.run(List.of(cmd), Map.of(), Duration.ofSeconds(10));
        if (!r.ok()) throw new IOException(String.join(" ", cmd) + ": " + r.summary(Duration.ofSeconds(10)) + "\n" + r.output());
    }

    static String out(String... cmd) throws IOException {
        return SH.run(List.of(cmd), Map.of(), Duration.ofSeconds(10)).output();
    }

    @Override
    public void close() {
        for (String ns : created) {
            try {
                // kill what still runs inside (scripts' daemons), then delete the namespace
                for (String pid : out("ip", "netns", "pids", ns).split("\\s+"))
                    if (!pid.isBlank()) ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
                sh("ip", "netns", "del", ns);
            } catch (IOException | RuntimeException e) {
                System.err.println("cleanup of namespace " + ns + " failed: " + e.getMessage());
            }
        }
        created.clear();
    }
}

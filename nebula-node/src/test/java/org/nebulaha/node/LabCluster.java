package org.nebulaha.node;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nebulaha.common.AtomicFiles;
import org.nebulaha.membership.jgroups.ClusterKey;
import org.nebulaha.node.api.ApiClient;
import org.nebulaha.node.api.ApiResponse;
import org.nebulaha.node.daemon.NodeDaemon;
import org.nebulaha.testkit.JavaProcess;
import org.nebulaha.testkit.Poll;

/**
 * Several "hosts" on this machine for multi-process tests: each node is a real nebula-node JVM with
 * its own NEBULA_ROOT folder, all sharing one NEBULA_HOSTS file (loopback addresses, distinct
 * ports) and one cluster key. Optionally every node runs inside one network namespace
 * ({@code ip netns exec}), with its own 127.0.0.x address, so tests can cut links with ip rules.
 */
final class LabCluster implements AutoCloseable {
    final Path dir;
    final List<String> names = new ArrayList<>();
    final Map<String, Process> processes = new LinkedHashMap<>();
    /** Extra environment for every daemon started from now on. */
    final Map<String, String> extraEnv = new LinkedHashMap<>();
    private final String netns;
    private final Path hostsFile;

    /**
     * @param nodes number of nodes n1..nN (nodeid = index)
     * @param netns network namespace to run them in (each node on 127.0.0.i, port 5405), or null for
     *              the machine's loopback with free ports
     */
    LabCluster(Path dir, int nodes, String netns) throws IOException {
        this.dir = dir;
        this.netns = netns;
        this.hostsFile = dir.resolve("hosts");
        StringBuilder hosts = new StringBuilder("# name address cluster=port (failure detection on port+1)\n");
        for (int i = 1; i <= nodes; i++) {
            String n = "n" + i;
            names.add(n);
            if (netns != null) hosts.append(n).append(" 127.0.0.").append(i).append(" cluster=5405\n");
            else hosts.append(n).append(" 127.0.0.1 cluster=").append(freePortPair()).append('\n');
        }
        AtomicFiles.write(hostsFile, hosts.toString());
        ClusterKey.generate(dir.resolve("cluster.key"));
        for (String n : names) {
            Path etc = root(n).resolve("etc/cluster");
            Files.createDirectories(etc);
            Files.copy(dir.resolve("cluster.key"), etc.resolve("cluster.key"));
            Files.setPosixFilePermissions(etc.resolve("cluster.key"), Set.of(PosixFilePermission.OWNER_READ));
        }
    }

    /** A cluster.conf for n1..nN with the given {@code <cman>} attributes and token (ms, 0 = default). */
    String conf(int version, String cmanAttrs, int tokenMs) {
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\"?>\n<cluster config_version=\"" + version + "\" name=\"lab\">\n");
        sb.append("  <fence_daemon/>\n  <clusternodes>\n");
        for (int i = 0; i < names.size(); i++)
            sb.append("    <clusternode name=\"").append(names.get(i)).append("\" nodeid=\"").append(i + 1).append("\"/>\n");
        sb.append("  </clusternodes>\n  <cman ").append(cmanAttrs).append("/>\n");
        if (tokenMs > 0) sb.append("  <totem token=\"").append(tokenMs).append("\"/>\n");
        sb.append("  <fencedevices/>\n  <rm/>\n</cluster>\n");
        return sb.toString();
    }

    void writeConf(String node, String text) throws IOException {
        AtomicFiles.write(root(node).resolve("etc/cluster/cluster.conf"), text);
    }

    void writeConfAll(String text) throws IOException {
        for (String n : names) writeConf(n, text);
    }

    Path root(String node) {
        return dir.resolve(node);
    }

    Path log(String node) {
        return dir.resolve(node + ".log");
    }

    Map<String, String> env(String node) {
        Map<String, String> env = new LinkedHashMap<>(extraEnv);
        env.put("NEBULA_ROOT", root(node).toString());
        env.put("NEBULA_HOSTS", hostsFile.toString());
        return env;
    }

    Process start(String node) throws IOException {
        ProcessBuilder pb = JavaProcess.builder(NodeDaemon.class, List.of("-f", "-n", node), env(node));
        if (netns != null) pb.command().addAll(0, List.of("ip", "netns", "exec", netns));
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log(node).toFile()));
        Process p = pb.start();
        processes.put(node, p);
        return p;
    }

    void startAll() throws IOException {
        for (String n : names) start(n);
    }

    ApiClient api(String node) {
        return new ApiClient(root(node).resolve(ApiClient.SOCKET.substring(1)));
    }

    /** The daemon's status fields, or an empty map while it does not answer. */
    Map<String, String> status(String node) {
        try {
            ApiResponse r = api(node).call("status");
            return r.ok() ? r.fields() : Map.of();
        } catch (IOException e) {
            return Map.of();
        }
    }

    /** Names of the members {@code node} sees (status M). */
    List<String> members(String node) {
        try {
            ApiResponse r = api(node).call("nodes");
            return r.body().stream().map(l -> l.split("\t")).filter(c -> c[1].equals("M")).map(c -> c[4]).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    List<String> history(String node) {
        try {
            return api(node).call("history").body();
        } catch (IOException e) {
            return List.of();
        }
    }

    boolean quorate(String node) {
        return "1".equals(status(node).get("quorate"));
    }

    /** Waits until each of {@code nodes} sees exactly {@code expected} as members. */
    void awaitMembers(Duration timeout, List<String> nodes, List<String> expected) {
        Poll.until(timeout, () -> nodes.stream().allMatch(n -> members(n).equals(expected)), this::describe);
    }

    void signal(String node, String sig) throws IOException, InterruptedException {
        long pid = processes.get(node).pid();
        int rc = new ProcessBuilder("kill", "-" + sig, Long.toString(pid)).inheritIO().start().waitFor();
        if (rc != 0) throw new IOException("kill -" + sig + " " + pid + " failed with " + rc);
    }

    String describe() {
        StringBuilder sb = new StringBuilder();
        for (String n : names) {
            Process p = processes.get(n);
            sb.append("\n  ").append(n).append(p == null ? " (not started)" : p.isAlive() ? " pid " + p.pid() : " exited " + p.exitValue())
                    .append(": members ").append(members(n)).append(", quorate ").append(status(n).get("quorate"))
                    .append(", ").append(status(n).get("quorum_reason"));
        }
        for (String n : names) {
            try {
                List<String> lines = Files.exists(log(n)) ? Files.readAllLines(log(n)) : List.of();
                sb.append("\n--- ").append(n).append(" log (last 15 lines)\n");
                lines.subList(Math.max(0, lines.size() - 15), lines.size()).forEach(l -> sb.append(l).append('\n'));
            } catch (IOException e) {
                sb.append("\n(cannot read log of ").append(n).append(")");
            }
        }
        return sb.toString();
    }

    @Override
    public void close() {
        for (Process p : processes.values()) {
            if (!p.isAlive()) continue;
            p.destroyForcibly(); // SIGKILL also ends a SIGSTOPped JVM
        }
        for (Process p : processes.values()) {
            try {
                p.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Every port of the pairs given so far in this JVM: a node's pair is never next to another's. */
    private static final java.util.Set<Integer> HANDED_OUT = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static int freePortPair() throws IOException {
        while (true) {
            try (ServerSocket a = new ServerSocket(0)) {
                int p = a.getLocalPort();
                // a pair overlapping one handed out before (p-1 or p+1 of another node) would collide once both bind
                if (p >= 65534 || HANDED_OUT.contains(p) || HANDED_OUT.contains(p + 1)) continue;
                try (ServerSocket b = new ServerSocket(p + 1)) {
                    HANDED_OUT.add(p);
                    HANDED_OUT.add(p + 1);
                    return p;
                } catch (IOException busy) {
                    // next pair
                }
            }
        }
    }
}

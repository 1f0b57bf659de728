package org.nebulaha.node.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.nebulaha.common.AtomicFiles;
import org.nebulaha.membership.jgroups.ClusterKey;
import org.nebulaha.node.api.ApiClient;
import org.nebulaha.node.api.ApiResponse;

/**
 * Measures how long the survivors of a three-node cluster take to remove a member after
 * <ul>
 *   <li>a process crash ({@code kill -9}: the kernel closes its sockets), and</li>
 *   <li>a silent host ({@code kill -STOP}: sockets stay open, nothing answers, as after a power loss
 *       or a cut cable),</li>
 * </ul>
 * with the token in force. Detection time = the survivors' own record of the loss (their
 * {@code history} event time, the later of the two) minus the wall-clock time just before the signal.
 * All three daemons run as separate JVMs on this machine's loopback.
 *
 * <p>Usage: {@code nebula-java org.nebulaha.node.bench.DetectionBenchmark [--runs N] [--token MS]}
 * (defaults 5 runs, token 1000 ms). Prints min / median / max per scenario. Needs a free moment on
 * the machine: three JVMs and the victim restarts take about 3 s per run.
 */
public final class DetectionBenchmark {
    private final Path dir;
    private final int tokenMs;
    private final Map<String, Process> procs = new HashMap<>();
    private final Map<String, Integer> ports = new HashMap<>();

    private DetectionBenchmark(Path dir, int tokenMs) {
        this.dir = dir;
        this.tokenMs = tokenMs;
    }

    public static void main(String[] args) throws Exception {
        int runs = 5, token = 1000;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--token" -> token = Integer.parseInt(args[++i]);
                default -> {
                    System.err.println("usage: DetectionBenchmark [--runs N] [--token MS]");
                    System.exit(2);
                }
            }
        }
        Path dir = Files.createTempDirectory("nebula-bench");
        DetectionBenchmark b = new DetectionBenchmark(dir, token);
        try {
            b.setUp();
            System.out.printf("three nodes on loopback, token %d ms, %d runs per scenario (victim n3; survivors n1, n2)%n", token, runs);
            List<Long> crash = new ArrayList<>(), silent = new ArrayList<>();
            for (int r = 0; r < runs; r++) {
                crash.add(b.measure("KILL"));
                silent.add(b.measure("STOP"));
            }
            print("process crash (kill -9) ", crash);
            print("silent host (SIGSTOP)   ", silent);
        } finally {
            b.tearDown();
        }
    }

    private static void print(String what, List<Long> ms) {
        List<Long> s = new ArrayList<>(ms);
        s.sort(Comparator.naturalOrder());
        System.out.printf("%s min %5d ms   median %5d ms   max %5d ms   (all: %s)%n", what, s.get(0), s.get(s.size() / 2), s.get(s.size() - 1), ms);
    }

    private void setUp() throws Exception {
        StringBuilder hosts = new StringBuilder();
        for (String n : List.of("n1", "n2", "n3")) {
            ports.put(n, freePortPair());
            hosts.append(n).append(" 127.0.0.1 cluster=").append(ports.get(n)).append('\n');
        }
        AtomicFiles.write(dir.resolve("hosts"), hosts.toString());
        ClusterKey.generate(dir.resolve("cluster.key"));
        String conf = """
                <?xml version="1.0"?>
                <cluster config_version="1" name="bench">
                  <clusternodes>
                    <clusternode name="n1" nodeid="1"/>
                    <clusternode name="n2" nodeid="2"/>
                    <clusternode name="n3" nodeid="3"/>
                  </clusternodes>
                  <cman/>
                  <totem token="%d"/>
                  <fencedevices/>
                  <rm/>
                </cluster>
                """.formatted(tokenMs);
        for (String n : List.of("n1", "n2", "n3")) {
            Path etc = dir.resolve(n).resolve("etc/cluster");
            Files.createDirectories(etc);
            AtomicFiles.write(etc.resolve("cluster.conf"), conf);
            Files.copy(dir.resolve("cluster.key"), etc.resolve("cluster.key"));
            Files.setPosixFilePermissions(etc.resolve("cluster.key"), Set.of(PosixFilePermission.OWNER_READ));
            start(n);
        }
        awaitMembers(3);
    }

    private void start(String n) throws IOException {
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), "org.nebulaha.node.daemon.NodeDaemon", "-f", "-n", n);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("NEBULA_ROOT", dir.resolve(n).toString());
        pb.environment().put("NEBULA_HOSTS", dir.resolve("hosts").toString());
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(n + ".log").toFile()));
        procs.put(n, pb.start());
    }

    private ApiClient api(String n) {
        return new ApiClient(dir.resolve(n).resolve(ApiClient.SOCKET.substring(1)));
    }

    private int members(String n) {
        try {
            ApiResponse r = api(n).call("status");
            return r.ok() ? Integer.parseInt(r.fields().getOrDefault("nodes", "0")) : 0;
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    private void awaitMembers(int count) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!(members("n1") == count && members("n2") == count && (count < 3 || members("n3") == count))) {
            if (System.nanoTime() > deadline) throw new IllegalStateException("cluster did not reach " + count + " members; logs in " + dir);
            LockSupport.parkNanos(20_000_000L);
        }
    }

    /** One run: signal n3, wait until n1 and n2 removed it, return the later survivor's detection time. */
    private long measure(String signal) throws Exception {
        Process victim = procs.get("n3");
        int before = history("n1").size();
        int before2 = history("n2").size();
        long t0 = System.currentTimeMillis();
        if (signal.equals("KILL")) victim.destroyForcibly();
        else new ProcessBuilder("kill", "-STOP", Long.toString(victim.pid())).start().waitFor();
        awaitMembers(2);
        long detected = Math.max(lossTime(history("n1"), before), lossTime(history("n2"), before2));
        victim.destroyForcibly();
        victim.waitFor();
        start("n3");
        awaitMembers(3);
        return detected - t0;
    }

    private List<String> history(String n) throws IOException {
        return api(n).call("history").body();
    }

    private static long lossTime(List<String> h, int from) {
        for (String l : h.subList(Math.min(from, h.size()), h.size())) {
            String[] w = l.split(" ");
            if (w.length >= 3 && w[1].equals("failed") && w[2].equals("n3")) return Long.parseLong(w[0]);
        }
        throw new IllegalStateException("no loss of n3 recorded in " + h);
    }

    private void tearDown() throws IOException {
        for (Process p : procs.values()) p.destroyForcibly();
        for (Process p : procs.values()) {
            try {
                p.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try (var walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static int freePortPair() throws IOException {
        while (true) {
            try (ServerSocket a = new ServerSocket(0)) {
                int p = a.getLocalPort();
                if (p >= 65534) continue;
                try (ServerSocket b = new ServerSocket(p + 1)) {
                    return p;
                } catch (IOException busy) {
                    // next pair
                }
            }
        }
    }
}

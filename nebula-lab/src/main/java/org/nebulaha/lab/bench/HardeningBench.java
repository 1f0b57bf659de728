package org.nebulaha.lab.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.net.DatagramPacket;
import java.net.InetSocketAddress;
import java.net.MulticastSocket;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.nebulaha.common.http.StalledClients;

/**
 * {@code bench hardening}: starts oned (+ mm_sched), Sunstone, fence_virtd and ricci from the
 * distribution folder through their init scripts (so with their memory bounds) in a temporary
 * NEBULA_ROOT, all on loopback, then applies what a hostile or broken client can do: stalled
 * connections to oned and Sunstone (measuring a normal call's latency meanwhile), junk datagrams
 * to fence_virtd, junk connections to ricci, a run of API calls. Prints the latencies, the log
 * lines each load cost and every daemon's resident memory (VmRSS) before and after. A benchmark:
 * figures, no verdict; exit 1 only when a daemon did not start or died.
 */
public final class HardeningBench {
    /** What to apply. */
    public record Load(int stalled, int calls, int datagrams, int ricciJunk) {}

    private static final List<String> DAEMONS = List.of("oned", "mm_sched", "sunstone", "fence_virtd", "ricci");
    private final Path home;
    private final Path work;
    private final PrintStream out;
    private final Map<String, String> env = new TreeMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private int onedPort;
    private int sunstonePort;
    private int fencePort;
    private int ricciPort;

    public HardeningBench(Path home, Path work, PrintStream out) {
        this.home = home;
        this.work = work;
        this.out = out;
    }

    public int run(Load load) throws IOException, InterruptedException {
        setUp();
        try {
            for (String script : List.of("opennebula", "opennebula-sunstone", "fence_virtd", "ricci")) {
                Run r = init(script, "start");
                if (r.exit != 0) {
                    out.println("bench hardening: " + script + " start failed (exit " + r.exit + "): " + r.output.strip());
                    return 1;
                }
            }
            Map<String, Long> pids = new TreeMap<>();
            for (String d : DAEMONS) pids.put(d, Long.parseLong(Files.readString(root().resolve("var/run/" + d + ".pid")).strip()));
            Map<String, Long> before = rss(pids);
            out.printf("bench hardening: oned :%d, Sunstone :%d, fence_virtd udp :%d, ricci :%d (loopback; home %s)%n", onedPort, sunstonePort,
                    fencePort, ricciPort, home);

            String session = Files.readString(work.resolve("one/var/.one/one_auth")).strip();
            URI rpc = URI.create("http://127.0.0.1:" + onedPort + "/RPC2");
            URI login = URI.create("http://127.0.0.1:" + sunstonePort + "/login");
            out.println(latency("oned one.system.version, idle", () -> version(rpc, session), load.calls()));
            out.println(latency("Sunstone GET /login, idle", () -> get(login), load.calls()));
            try (StalledClients s = StalledClients.open(new InetSocketAddress("127.0.0.1", onedPort), "/RPC2", load.stalled());
                 StalledClients t = StalledClients.open(new InetSocketAddress("127.0.0.1", sunstonePort), "/login", load.stalled())) {
                out.println(latency("oned one.system.version, " + load.stalled() + " stalled connections", () -> version(rpc, session), load.calls()));
                out.println(latency("Sunstone GET /login, " + load.stalled() + " stalled connections", () -> get(login), load.calls()));
            }

            long fenceLines = lines(root().resolve("var/log/fence_virtd.log"));
            long sent = junkDatagrams(load.datagrams());
            out.printf("fence_virtd: %d junk datagrams sent; %d log lines added%n", sent, lines(root().resolve("var/log/fence_virtd.log")) - fenceLines);
            long ricciLines = lines(root().resolve("var/log/cluster/ricci.log"));
            junkConnections(load.ricciJunk());
            out.printf("ricci: %d junk connections; %d log lines added%n", load.ricciJunk(), lines(root().resolve("var/log/cluster/ricci.log")) - ricciLines);

            Map<String, Long> after = rss(pids);
            out.println("resident memory (VmRSS, MiB)     before  after   heap bound");
            int exit = 0;
            for (String d : DAEMONS) {
                Long a = after.get(d);
                if (a == null) exit = 1;
                out.printf("  %-30s %6s  %6s  %s%n", d, mib(before.get(d)), a == null ? "DIED" : mib(a), bound(d));
            }
            return exit;
        } finally {
            for (String script : List.of("opennebula-sunstone", "opennebula", "fence_virtd", "ricci")) init(script, "stop");
        }
    }

    private Path root() {
        return work.resolve("root");
    }

    private void setUp() throws IOException {
        onedPort = freePort();
        sunstonePort = freePort();
        fencePort = freePort();
        ricciPort = freePort();
        Files.createDirectories(work.resolve("one/etc"));
        Files.createDirectories(root().resolve("etc/cluster"));
        Files.writeString(work.resolve("one/etc/oned.conf"), "PORT = " + onedPort + "\nLISTEN_ADDRESS = \"127.0.0.1\"\n");
        Files.writeString(work.resolve("one/etc/sched.conf"), "ONED_PORT = " + onedPort + "\nSCHED_INTERVAL = 5\n");
        Path power = work.resolve("lab-power");
        Files.writeString(power, "#!/bin/sh\ncase \"$1\" in list) echo \"bench1 on\" ;; status) exit 0 ;; esac\n");
        Files.setPosixFilePermissions(power, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path key = Files.writeString(root().resolve("etc/cluster/fence_xvm.key"), "bench-key-0123456789abcdef");
        Files.writeString(root().resolve("etc/fence_virt.conf"), "fence_virtd { listener = \"multicast\"; backend = \"lab\"; }\n"
                + "listeners { multicast { key_file = \"" + key + "\"; address = \"225.0.0.12\"; port = \"" + fencePort
                + "\"; interface = \"lo\"; } }\nbackends { lab { power_command = \"" + power + "\"; } }\n");
        env.put("NEBULA_ROOT", root().toString());
        env.put("ONE_LOCATION", work.resolve("one").toString());
        env.put("SUNSTONE_OPTS", "--host 127.0.0.1 --port " + sunstonePort + " --oned http://127.0.0.1:" + onedPort + "/RPC2");
        env.put("SUNSTONE_URL", "http://127.0.0.1:" + sunstonePort + "/login");
        env.put("RICCI_OPTS", "-p " + ricciPort + " -a 127.0.0.1 -n bench1");
    }

    private record Run(int exit, String output) {}

    private Run init(String script, String verb) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(home.resolve("etc/init.d/" + script).toString(), verb).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(180, TimeUnit.SECONDS)) p.destroyForcibly();
        return new Run(p.exitValue(), output);
    }

    private interface Call {
        boolean ok() throws Exception;
    }

    /** n calls one after the other: "label: p50 x ms, p99 y ms, max z ms (n calls, k failed)". */
    private static String latency(String label, Call call, int n) {
        long[] ms = new long[n];
        int failed = 0;
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            boolean ok;
            try {
                ok = call.ok();
            } catch (Exception e) {
                ok = false;
            }
            ms[i] = (System.nanoTime() - t0) / 100_000; // tenths of ms
            if (!ok) failed++;
        }
        Arrays.sort(ms);
        return String.format("%-55s p50 %5.1f ms  p99 %6.1f ms  max %6.1f ms  (%d calls, %d failed)", label + ":", ms[n / 2] / 10.0,
                ms[Math.min(n - 1, n * 99 / 100)] / 10.0, ms[n - 1] / 10.0, n, failed);
    }

    private boolean version(URI rpc, String session) throws Exception {
        String body = "<?xml version=\"1.0\"?><methodCall><methodName>one.system.version</methodName><params><param><value><string>" + session
                + "</string></value></param></params></methodCall>";
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(rpc).timeout(Duration.ofSeconds(5)).header("Content-Type", "text/xml")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        return r.statusCode() == 200 && r.body().contains("<boolean>1</boolean>");
    }

    private boolean get(URI uri) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    }

    /** Random bytes to fence_virtd's multicast group, on lo only. */
    private long junkDatagrams(int n) throws IOException {
        Random random = new Random(1);
        try (MulticastSocket udp = new MulticastSocket()) {
            udp.setNetworkInterface(NetworkInterface.getByName("lo"));
            InetSocketAddress to = new InetSocketAddress("225.0.0.12", fencePort);
            for (int i = 0; i < n; i++) {
                byte[] junk = new byte[1 + random.nextInt(600)];
                random.nextBytes(junk);
                udp.send(new DatagramPacket(junk, junk.length, to));
            }
        }
        return n;
    }

    /** Plain bytes where ricci expects a TLS handshake. */
    private void junkConnections(int n) {
        for (int i = 0; i < n; i++) {
            try (Socket s = new Socket("127.0.0.1", ricciPort)) {
                s.getOutputStream().write("not a TLS client\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                s.setSoTimeout(2_000);
                s.getInputStream().read();
            } catch (IOException e) {
                // refused or reset: what junk gets
            }
        }
    }

    private static Map<String, Long> rss(Map<String, Long> pids) {
        Map<String, Long> m = new TreeMap<>();
        pids.forEach((name, pid) -> org.nebulaha.common.ProcStatus.rssKib(pid).ifPresent(kib -> m.put(name, kib)));
        return m;
    }

    private static String mib(Long kib) {
        return kib == null ? "-" : String.format("%.1f", kib / 1024.0);
    }

    private String bound(String daemon) {
        String script = switch (daemon) {
            case "oned", "mm_sched" -> "opennebula";
            case "sunstone" -> "opennebula-sunstone";
            default -> daemon;
        };
        String var = switch (daemon) {
            case "oned" -> "ONED_JAVA_OPTS";
            case "mm_sched" -> "MM_SCHED_JAVA_OPTS";
            case "sunstone" -> "SUNSTONE_JAVA_OPTS";
            case "fence_virtd" -> "FENCE_VIRTD_JAVA_OPTS";
            default -> "RICCI_JAVA_OPTS";
        };
        try {
            for (String l : Files.readAllLines(home.resolve("etc/init.d/" + script))) {
                int i = l.indexOf("${" + var + ":-");
                if (i >= 0) return l.substring(i + var.length() + 4, l.indexOf('}', i));
            }
        } catch (IOException e) {
            // no script: no bound to show
        }
        return "?";
    }

    private static long lines(Path log) {
        try (var s = Files.lines(log, StandardCharsets.ISO_8859_1)) {
            return s.count();
        } catch (IOException | java.io.UncheckedIOException e) {
            return 0;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}

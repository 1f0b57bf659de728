package org.nebulaha.rgmanager.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.nebulaha.common.AtomicFiles;
import org.nebulaha.rgmanager.model.ServiceState;
import org.nebulaha.testkit.Poll;

/**
 * Benchmark, not a test: client-observed downtime of the guide's service (an HTTP server started
 * by the opennebula init script, reached through the floating IP from a client namespace polling
 * every 50 ms) for a crash of the server process (restart in place) and for a planned relocation
 * ({@code clusvcadm -r}). Runs only with {@code -Dbench=true}; prints the figures and writes them to
 * target/rgmanager-benchmark.txt. Settings: sleeptime=0, status interval 10 s (the crash is seen
 * through the pid watch), arping -D 1 s before every address start.
 * <pre>mvn -pl nebula-rgmanager test -Dtest=FailoverBenchmarkTest -Dbench=true -Dbench.rounds=5</pre>
 */
@EnabledIfSystemProperty(named = "bench", matches = "true")
class FailoverBenchmarkTest {
    static final String POLLER = """
            import socket, sys, time
            end = time.time() + float(sys.argv[2]); down = None; outs = []
            open(sys.argv[3], "w").write("ready")
            while time.time() < end:
                t = time.time()
                try:
                    s = socket.create_connection((sys.argv[1], 8080), timeout=0.2)
                    s.sendall(b"GET / HTTP/1.0\\r\\n\\r\\n"); ok = s.recv(12).startswith(b"HTTP"); s.close()
                except Exception:
                    ok = False
                if not ok and down is None: down = t
                if ok and down is not None: outs.append(time.time() - down); down = None
                time.sleep(0.05)
            print(" ".join("%.3f" % o for o in outs) if outs else ("down" if down is not None else "none"))
            """;

    @TempDir Path dir;

    @Test
    void measuresDowntimeForACrashAndAPlannedRelocation() throws Exception {
        String why = Netns.unusableBecause();
        assertThat(why).as("benchmark needs namespaces").isNull();
        int rounds = Integer.getInteger("bench.rounds", 5);
        Path www = Files.createDirectories(dir.resolve("www"));
        Files.writeString(www.resolve("index.html"), "one\n");
        try (TwoNodeLab lab = new TwoNodeLab(dir, "resource_status_interval=\"10\"", "max_restarts=\"0\"",
                "/usr/bin/python3 -m http.server 8080 --bind 0.0.0.0 --directory " + www)) {
            Files.writeString(dir.resolve("poller.py"), POLLER);
            lab.coord.viewChanged(TwoNodeLab.view("online", "online"));
            Poll.until(Duration.ofSeconds(10), () -> served(lab), lab::clustat);
            List<Double> crash = new ArrayList<>();
            List<Double> move = new ArrayList<>();
            for (int i = 0; i < rounds; i++) {
                String owner = lab.svc().owner().orElseThrow();
                long pid = lab.pidOf(owner);
                int restarts = lab.svc().restarts().size();
                crash.add(outage(lab, () -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly),
                        () -> lab.svc().state() == ServiceState.STARTED && lab.svc().restarts().size() == restarts + 1));
                String target = owner.equals("one-server1") ? "one-server2" : "one-server1";
                move.add(outage(lab, () -> lab.clusvcadm("-r", "opennebula", "-m", target),
                        () -> lab.svc().owner().equals(Optional.of(target)) && lab.svc().state() == ServiceState.STARTED));
            }
            String report = "rgmanager benchmark (" + rounds + " rounds, client polls http://" + TwoNodeLab.VIP + ":8080/ every 50 ms)\n"
                    + "service process killed (restart in place): " + summary(crash) + "\n"
                    + "planned relocation (clusvcadm -r):          " + summary(move) + "\n";
            System.out.print(report);
            System.err.print(report);
            AtomicFiles.write(Path.of("target/rgmanager-benchmark.txt"), report);
        }
    }

    static boolean served(TwoNodeLab lab) {
        try {
            return lab.net.in(lab.client, "/usr/bin/python3", "-c",
                    "import socket;s=socket.create_connection(('" + TwoNodeLab.VIP + "',8080),timeout=0.5);s.sendall(b'GET / HTTP/1.0\\r\\n\\r\\n');"
                            + "exit(0 if s.recv(12).startswith(b'HTTP') else 1)").ok();
        } catch (Exception e) {
            return false;
        }
    }

    /** Starts the client poller, fires {@code event}, waits until {@code done} and the service answers; returns the longest outage seen. */
    double outage(TwoNodeLab lab, Runnable event, java.util.function.BooleanSupplier done) throws Exception {
        Path ready = dir.resolve("ready");
        Files.deleteIfExists(ready);
        Process p = new ProcessBuilder("ip", "netns", "exec", lab.client, "/usr/bin/python3", dir.resolve("poller.py").toString(),
                TwoNodeLab.VIP, "12", ready.toString()).redirectErrorStream(true).start();
        Poll.until(Duration.ofSeconds(5), () -> Files.exists(ready));
        event.run();
        Poll.until(Duration.ofSeconds(30), () -> done.getAsBoolean() && served(lab), lab::clustat);
        String out = new String(p.getInputStream().readAllBytes()).strip();
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(out).as("poller output").matches("[0-9. ]+");
        double max = 0;
        for (String f : out.split(" ")) max = Math.max(max, Double.parseDouble(f));
        return max;
    }

    static String summary(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        Collections.sort(s);
        return String.format("median %.3f s (min %.3f, max %.3f; %s)", s.get(s.size() / 2), s.get(0), s.get(s.size() - 1), s);
    }
}

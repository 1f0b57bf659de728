package org.nebulaha.lab.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.nebulaha.lab.Lab;
import org.nebulaha.lab.LabException;

/**
 * {@code bench failover}: client-observed downtime of the front-end on the floating IP (Sunstone's
 * page and oned's XML-RPC, both must answer), polled every 20 ms from the client host, for power loss of the active node, a killed service and a planned
 * relocation; N repetitions each; min/median/max; and where the time went, from the lab journal
 * (fault -> old owner powered off by fencing -> service start began -> service started -> first
 * answer). A benchmark, not a test: it prints figures and asserts nothing.
 */
public final class FailoverBench {
    static final String SERVICE = "opennebula";
    private final Lab lab;
    private final PrintStream out;
    private final String url;
    /** What the client polls: Sunstone and oned's XML-RPC on the floating IP; the front-end is up when both answer. */
    private final String probed;

    private Anchors anchors = Anchors.none();

    public FailoverBench(Lab lab, PrintStream out) {
        this.lab = lab;
        this.out = out;
        this.url = lab.sunstoneUrl();
        this.probed = url + "," + lab.onedUrl();
    }

    /** Other clusters' figures printed beside ours ({@code --compare}). */
    public FailoverBench withAnchors(Anchors a) {
        this.anchors = a;
        return this;
    }

    /** One measured fault; {@code parts}: each logged step with its time ({@link Timeline}). */
    record Sample(long downtime, String before, String after, String breakdown, Map<String, Long> parts) {}

    static final List<String> SCENARIOS = List.of("power-loss", "service", "relocation", "pause");

    /** Runs every scenario {@code repetitions} times; returns the downtimes (ms, sorted) of each scenario that came back. */
    public java.util.Map<String, List<Long>> run(List<String> scenarios, int repetitions) throws IOException {
        java.util.Map<String, List<Long>> result = new java.util.LinkedHashMap<>();
        // before anything is touched: a typo must not cost a settle and a fault
        for (String s : scenarios)
            if (!SCENARIOS.contains(s)) throw new LabException("unknown scenario '" + s + "'; use " + String.join(", ", SCENARIOS));
        if (repetitions < 1) throw new LabException("-n must be 1 or more runs per scenario");
        out.println("bench failover: " + repetitions + " run(s) per scenario, client polls " + probed.replace(",", " and ") + " every 20 ms");
        out.println("in force: " + lab.exec("one-server1", List.of("sh", "-c", "cman_tool status | grep -E 'Config Version|Nodes'; ccs -h one-server1 --getconf > /tmp/.bench-conf.$$; "
                + "grep -Eo '<ip [^>]*>' /tmp/.bench-conf.$$ | head -1; "
                + "grep -Eo '<totem[^>]*>' /tmp/.bench-conf.$$ || echo '(totem defaults: token 1000 ms)'; rm -f /tmp/.bench-conf.$$")).strip().replace("\n", "; "));
        for (String scenario : scenarios) {
            List<Sample> samples = new ArrayList<>();
            for (int i = 0; i < repetitions; i++) {
                settle();
                Optional<Sample> s = measure(scenario);
                if (s.isEmpty()) out.printf("  %-12s run %d: the service did not come back within 90 s%n", scenario, i + 1);
                else {
                    samples.add(s.get());
                    out.printf("  %-12s run %d: %5d ms  (%s -> %s; %s)%n", scenario, i + 1, s.get().downtime(), s.get().before(),
                            s.get().after(), s.get().breakdown());
                    if (!s.get().parts().isEmpty()) out.printf("  %-12s        parts ms: %s%n", "", Timeline.format(s.get().parts()));
                }
            }
            List<Long> d = samples.stream().map(Sample::downtime).sorted().toList();
            result.put(scenario, d);
            if (!d.isEmpty()) {
                out.printf("%-12s downtime ms: min %d  median %d  max %d  (n=%d)%s%n", scenario, d.get(0), d.get(d.size() / 2),
                        d.get(d.size() - 1), d.size(), anchors.beside(scenario, d.get(d.size() / 2)));
                out.printf("%-12s median parts ms: %s%n", scenario, Timeline.format(Timeline.medians(samples.stream().map(Sample::parts).toList())));
            }
        }
        settle();
        if (!lab.loopback()) {
            Map<String, Long> inits = new java.util.LinkedHashMap<>();
            for (String n : List.of("one-server1", "one-server2")) lab.nodeInit(n).ifPresent(pid -> inits.put(n, pid));
            FrontEndMemory.print(out, inits);
        }
        return result;
    }

    /** Both nodes up, the service on one-server1 and answering there. */
    private void settle() throws IOException {
        for (String n : List.of("one-server1", "one-server2")) lab.ensureOn(n);
        // after a planned relocation nothing brings it back (no node joins): move it back first
        Waits.until(Duration.ofSeconds(60), 50, () -> lab.serviceStatus(SERVICE).map(s -> s.state().startsWith("started")).orElse(false));
        Optional<Lab.ServiceStatus> now = lab.serviceStatus(SERVICE);
        if (now.isPresent() && now.get().state().startsWith("started") && !now.get().owner().equals("one-server1"))
            lab.exec(now.get().owner(), List.of("clusvcadm", "-r", SERVICE, "-m", "one-server1"));
        Waits.until(Duration.ofSeconds(120), 50, () -> lab.serviceStatus(SERVICE).map(s -> s.isStartedOn("one-server1")).orElse(false)
                && lab.fetchFromClient(url).isPresent());
        // after a rejoin, the node that came back takes part again once its rgmanager is up
        if (!Waits.until(Duration.ofSeconds(60), 50, () -> bothNodesRunRgmanager(lab)))
            out.println("  (clustat did not show both nodes Online with rgmanager within 60 s; measuring anyway)");
        if (!Waits.until(Duration.ofSeconds(120), 100, () -> DatabaseCopies.inSync(lab, "one-server1")))
            out.println("  (clustat did not show every database copy in sync within 120 s; measuring anyway)");
        // steady state: every hot standby (and the spare on the owner) is waiting, nothing is still starting
        if (lab.standbys() && !Waits.until(Duration.ofSeconds(60), 100, () -> standbysWaiting(lab)))
            out.println("  (not every node's hot standbys were waiting within 60 s; measuring anyway)");
    }

    /**
     * Every node has an oned standby waiting (on one-server1, the owner, the spare), and one-server2
     * a Sunstone standby too (no spare follows a Sunstone takeover); their state files say "standby".
     */
    static boolean standbysWaiting(Lab lab) {
        try {
            for (String n : List.of("one-server1", "one-server2")) {
                String st = lab.exec(n, List.of("sh", "-c", "for f in /var/run/oned.*.state /var/run/sunstone.*.state; do [ -e \"$f\" ] && "
                        + "echo \"${f##*/} $(cat \"$f\")\"; done; true"));
                if (st.lines().noneMatch(l -> l.startsWith("oned.") && l.contains(" standby "))) return false;
                if (n.equals("one-server2") && st.lines().noneMatch(l -> l.startsWith("sunstone.") && l.contains(" standby "))) return false;
            }
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** clustat on one-server1 lists one-server1 and one-server2 as Online with rgmanager. */
    static boolean bothNodesRunRgmanager(Lab lab) {
        try {
            return lab.exec("one-server1", List.of("clustat")).lines()
                    .filter(l -> l.matches("\\s*one-server[12]\\s+\\d+\\s+Online\\b.*\\brgmanager\\b.*")).count() == 2;
        } catch (RuntimeException e) {
            return false; // one-server1 still booting: ask again
        }
    }

    private Optional<Sample> measure(String scenario) throws IOException {
        Path log = lab.dir().resolve("bench-probe.log");
        Path stop = lab.dir().resolve("bench-probe.stop");
        Files.deleteIfExists(log);
        Files.deleteIfExists(stop);
        Process probe = lab.startInHost("client", List.of("nebula-java", DowntimeProbe.class.getName(), probed, "20", log.toString(), stop.toString()));
        try {
            Waits.until(Duration.ofSeconds(20), 50, () -> lines(log).stream().filter(l -> l.contains(" ok ")).count() >= 10);
            int journalMark = lab.journalLines().size();
            long t0 = System.currentTimeMillis();
            switch (scenario) {
                case "power-loss" -> {
                    lab.crash("one-server1");
                    journalMark = lab.journalLines().size(); // the crash's own poweroff line is the fault, not the fencing
                }
                case "service" -> lab.killService("one-server1");
                case "relocation" -> lab.exec("one-server1", List.of("clusvcadm", "-r", SERVICE, "-m", "one-server2"));
                // a hung owner (SIGSTOP of every process): one-server2 fences it (reboot) and takes over;
                // with two_node after race_delay, with the witness (lab up --witness) at once
                case "pause" -> lab.pause("one-server1");
                default -> throw new IllegalArgumentException("unknown scenario " + scenario + "; use " + String.join(", ", SCENARIOS));
            }
            boolean back = Waits.until(Duration.ofSeconds(90), 50, () -> Outages.around(lines(log), t0).isPresent());
            Files.writeString(stop, "");
            probe.waitFor();
            if (!back) return Optional.empty();
            Outages.Downtime d = Outages.around(lines(log), t0).orElseThrow();
            List<String> events = lab.journalLines().subList(journalMark, lab.journalLines().size());
            String after = events.stream().filter(e -> e.endsWith(" " + SERVICE + " started")).map(e -> e.split(" ")[1]).reduce((a, b) -> b)
                    .orElse(d.after());
            List<String> logs = new ArrayList<>();
            for (String n : List.of("one-server1", "one-server2")) logs.addAll(lines(lab.nodeFile(n, "/var/log/cluster/cman.log")));
            Map<String, Long> parts = Timeline.parts(Timeline.marks(logs, t0, d.firstOkAfter(), java.time.ZoneId.systemDefault()), t0);
            return Optional.of(new Sample(d.millis(), "one-server1", after, breakdown(events, t0, d.firstOkAfter()), parts));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } finally {
            probe.destroyForcibly();
        }
    }

    /** Fault -> fenced (power off) -> start began -> started -> first answer, from the journal. */
    static String breakdown(List<String> events, long t0, long firstOk) {
        Long off = null;
        Long start = null;
        Long started = null;
        for (String e : events) {
            String[] f = e.split("\\s+");
            if (f.length != 4) continue;
            long t = Long.parseLong(f[0]);
            if (f[3].equals("poweroff") && off == null) off = t;
            if (f[2].equals(SERVICE) && f[3].equals("start")) start = t;
            if (f[2].equals(SERVICE) && f[3].equals("started")) started = t;
        }
        StringBuilder sb = new StringBuilder();
        long at = t0;
        if (off != null && off > t0) {
            sb.append("detect+fence ").append(off - t0).append(" ms, ");
            at = off;
        }
        if (start != null && start >= at) {
            sb.append("to start ").append(start - at).append(" ms, ");
            at = start;
        }
        if (started != null && started >= at) {
            sb.append("start ").append(started - at).append(" ms, ");
            at = started;
        }
        sb.append("to first answer ").append(Math.max(0, firstOk - at)).append(" ms");
        return sb.toString();
    }

    private static List<String> lines(Path p) {
        try {
            return Files.exists(p) ? Files.readAllLines(p) : List.of();
        } catch (IOException e) {
            return List.of();
        }
    }
}

package org.nebulaha.lab.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.locks.LockSupport;
import org.nebulaha.lab.JournalCheck;
import org.nebulaha.lab.Lab;

/**
 * A randomized, reproducible fault campaign against a running lab: each round brings the lab
 * back to health, picks a fault with the seeded random (power loss, a killed service, a
 * partition, a paused node, a relocation), injects it and measures how long the client on the
 * floating IP goes without an answer. Meanwhile a client allocates VMs without pause ({@link WriteLoss});
 * after each fault, once the front-end answers again, every VM oned acknowledged must still exist:
 * one that is gone is a lost write. At the end the journal is checked for two holders at once.
 * Bounded by a number of faults and a total time. Prints a summary; the same seed injects the
 * same faults in the same order.
 */
public final class Chaos {
    public enum Fault { POWER_LOSS, SERVICE_CRASH, PARTITION, PAUSE, RELOCATION }

    /** What a campaign found. */
    public record Summary(long seed, Map<Fault, Integer> injected, int recovered, List<Long> downtimesMillis,
                          List<String> unrecovered, List<JournalCheck.Violation> violations, int writesAcknowledged,
                          List<String> lostWrites) {
        public long worst() {
            return downtimesMillis.stream().mapToLong(Long::longValue).max().orElse(0);
        }

        public long median() {
            List<Long> s = downtimesMillis.stream().sorted().toList();
            return s.isEmpty() ? 0 : s.get(s.size() / 2);
        }

        public boolean ok() {
            return unrecovered.isEmpty() && violations.isEmpty() && lostWrites.isEmpty();
        }
    }

    static final String SERVICE = "opennebula";
    private final Lab lab;
    private final PrintStream out;
    private final String url;

    public Chaos(Lab lab, PrintStream out) {
        this.lab = lab;
        this.out = out;
        this.url = lab.sunstoneUrl();
    }

    public Summary run(long seed, int faults, Duration maxTotal, Duration recoveryBound) throws IOException {
        return run(seed, faults, maxTotal, recoveryBound, 0);
    }

    /** {@code writeRate}: the write-loss client's allocations per second (0: without pause). */
    public Summary run(long seed, int faults, Duration maxTotal, Duration recoveryBound, int writeRate) throws IOException {
        Random random = new Random(seed);
        long deadline = System.nanoTime() + maxTotal.toNanos();
        Map<Fault, Integer> injected = new LinkedHashMap<>();
        List<Long> downtimes = new ArrayList<>();
        List<String> unrecovered = new ArrayList<>();
        List<String> lostWrites = new ArrayList<>();
        int recovered = 0;
        out.println("chaos: seed " + seed + ", up to " + faults + " faults in " + maxTotal.toSeconds() + " s, recovery bound "
                + recoveryBound.toSeconds() + " s");
        restore();
        if (!Waits.until(recoveryBound.multipliedBy(2), 100, this::answers))
            throw new org.nebulaha.lab.LabException("the front-end does not answer on " + url + " before the first fault; is the lab up?");
        int acknowledged;
        try (WriteLoss writes = WriteLoss.start(lab, writeRate)) {
            if (!writes.awaitAcknowledged(1, recoveryBound))
                unrecovered.add("before the first fault: oned acknowledged no write within " + recoveryBound.toSeconds() + " s");
            out.println("  writes: a client allocates VMs " + (writeRate > 0 ? "at most " + writeRate + " a second" : "without pause")
                    + " through " + lab.onedUrl());
            recovered = rounds(random, faults, deadline, recoveryBound, writes, injected, downtimes, unrecovered, lostWrites);
            restore();
            if (Waits.until(recoveryBound.multipliedBy(2), 100, this::answers))
                checkWrites(writes, "after the last fault", recoveryBound, unrecovered, lostWrites, true);
            acknowledged = writes.acknowledged();
        }
        List<JournalCheck.Violation> violations = JournalCheck.violations(lab.journalLines());
        Summary s = new Summary(seed, injected, recovered, downtimes, unrecovered, violations, acknowledged, lostWrites);
        out.println("chaos summary: faults " + injected + ", recovered " + recovered + ", median " + s.median() + " ms, worst "
                + s.worst() + " ms, violations " + violations.size() + ", writes acknowledged " + acknowledged + ", lost writes "
                + lostWrites.size());
        violations.forEach(v -> out.println("  VIOLATION: " + v));
        lostWrites.forEach(l -> out.println("  LOST WRITES: " + l));
        unrecovered.forEach(u -> out.println("  NOT RECOVERED: " + u));
        return s;
    }

    /** The fault rounds; returns how many recovered. */
    private int rounds(Random random, int faults, long deadline, Duration recoveryBound, WriteLoss writes, Map<Fault, Integer> injected,
                       List<Long> downtimes, List<String> unrecovered, List<String> lostWrites) throws IOException {
        int recovered = 0;
        for (int i = 1; i <= faults && System.nanoTime() < deadline; i++) {
            restore();
            if (!Waits.until(recoveryBound.multipliedBy(2), 100, this::answers)) {
                unrecovered.add("round " + i + ": the lab did not come back to health before the fault");
                break;
            }
            Fault f = Fault.values()[random.nextInt(Fault.values().length)];
            // the fault goes where the service runs: wait until it settled after the last round, that is
            // started, and back on one-server1 (the ordered domain fails back to it once it rejoined);
            // aimed during that failback, a fault could hit the node the service is leaving
            Waits.until(recoveryBound, 100, () -> lab.serviceStatus(SERVICE)
                    .map(st -> st.state().startsWith("started") && (!lab.isOn("one-server1") || st.isStartedOn("one-server1"))).orElse(false));
            // and both nodes members again: a fault aimed while the node fenced last round still rejoins
            // leaves nobody to take over, which tests nothing but the aim
            if (!Waits.until(recoveryBound, 100, () -> FailoverBench.bothNodesRunRgmanager(lab))) {
                unrecovered.add("round " + i + ": one-server1 and one-server2 were not both Online with rgmanager within "
                        + recoveryBound.toSeconds() + " s before the fault");
                break;
            }
            // and the standby copy in sync again: a fault before that is a double failure no copy survives
            if (!Waits.until(recoveryBound, 200, () -> DatabaseCopies.inSync(lab, "one-server1"))) {
                unrecovered.add("round " + i + ": the database copies were not all in sync within " + recoveryBound.toSeconds()
                        + " s before the fault");
                break;
            }
            String owner = lab.serviceStatus(SERVICE).map(Lab.ServiceStatus::owner).filter(o -> o.startsWith("one-server")).orElse("one-server1");
            String other = owner.equals("one-server1") ? "one-server2" : "one-server1";
            injected.merge(f, 1, Integer::sum);
            long t0 = System.currentTimeMillis();
            switch (f) {
                case POWER_LOSS -> lab.crash(owner);
                case SERVICE_CRASH -> lab.killService(owner);
                case PARTITION -> lab.partition(owner, other);
                case PAUSE -> lab.pause(random.nextBoolean() ? owner : other);
                case RELOCATION -> lab.exec(owner, List.of("clusvcadm", "-r", SERVICE, "-m", other));
            }
            // Give the fault a moment to take effect before asking whether the service answers again.
            LockSupport.parkNanos(Duration.ofMillis(300).toNanos());
            if (Waits.until(recoveryBound, 100, this::answers)) {
                long d = System.currentTimeMillis() - t0;
                downtimes.add(d);
                recovered++;
                out.printf("  round %d: %-13s on %s: answering again after %d ms%n", i, f, owner, d);
                checkWrites(writes, "round " + i + ": " + f + " on " + owner, recoveryBound, unrecovered, lostWrites, false);
            } else {
                unrecovered.add("round " + i + ": " + f + " on " + owner + ": no answer within " + recoveryBound.toSeconds() + " s");
                out.printf("  round %d: %-13s on %s: NOT back within %d s%n", i, f, owner, recoveryBound.toSeconds());
            }
        }
        return recovered;
    }

    /** Every write acknowledged so far must exist once oned answers again; a missing one is a lost write. */
    private void checkWrites(WriteLoss writes, String when, Duration within, List<String> unrecovered, List<String> lostWrites,
                             boolean all) throws IOException {
        java.util.Optional<WriteLoss.Check> c = all ? writes.checkAll(within) : writes.check(within);
        if (c.isEmpty()) {
            unrecovered.add(when + ": oned did not answer the write check within " + within.toSeconds() + " s");
            out.printf("    writes: oned did not answer the check within %d s%n", within.toSeconds());
            return;
        }
        out.println("    writes: " + c.get());
        if (!c.get().ok()) lostWrites.add(when + ": " + c.get());
    }

    private boolean answers() {
        return lab.fetchFromClient(url).isPresent();
    }

    /**
     * Every node on and running, no partition. A node the last fault had fenced may be rebooting
     * meanwhile (fence_xvm powers it off, then on): seen on, gone when resumed, or back on before
     * powerOn; asked again until the lab agrees.
     */
    private void restore() {
        lab.heal();
        for (String n : List.of("one-server1", "one-server2")) {
            boolean done = Waits.until(Duration.ofSeconds(30), 200, () -> {
                try {
                    lab.ensureOn(n); // waits for a power change in progress (a fence agent's reboot)
                    return true;
                } catch (org.nebulaha.lab.LabException | IOException e) {
                    return false;
                }
            });
            if (!done) throw new org.nebulaha.lab.LabException("could not bring " + n + " back on and running within 30 s");
        }
    }
}

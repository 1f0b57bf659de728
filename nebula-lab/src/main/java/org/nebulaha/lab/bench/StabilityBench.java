package org.nebulaha.lab.bench;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.nebulaha.lab.Lab;

/**
 * {@code bench stability}: no false failover under load. Saturates every core of the machine (the
 * lab's nodes share them) with busy threads at normal priority for the given time, while the
 * service runs, and counts what a false failover leaves behind: fencing (power events in the lab
 * journal), service starts and stops, a change of owner. The client's Sunstone page is fetched
 * once a second meanwhile, to report the slowest answer. A benchmark: it prints what happened;
 * exit status 1 when the cluster did anything during the run.
 */
public final class StabilityBench {
    private final Lab lab;
    private final PrintStream out;

    public StabilityBench(Lab lab, PrintStream out) {
        this.lab = lab;
        this.out = out;
    }

    /** What the run saw. */
    public record Result(Duration ran, int busyThreads, List<String> events, String ownerBefore, String ownerAfter, long slowestAnswerMs,
                         int unanswered) {
        public boolean quiet() {
            return events.isEmpty() && ownerBefore.equals(ownerAfter);
        }
    }

    public Result run(Duration length, int threads) {
        String url = lab.sunstoneUrl();
        String before = lab.serviceStatus(FailoverBench.SERVICE).filter(s -> s.state().startsWith("started")).map(Lab.ServiceStatus::owner)
                .orElseThrow(() -> new IllegalStateException("service:" + FailoverBench.SERVICE + " is not started; bring the lab up first"));
        int mark = lab.journalLines().size();
        out.printf("bench stability: %d busy threads (this machine has %d cores) for %d s; service:%s on %s%n", threads,
                Runtime.getRuntime().availableProcessors(), length.toSeconds(), FailoverBench.SERVICE, before);
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> load = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(() -> {
                long x = 0;
                while (!stop.get()) x += System.nanoTime() & 1; // pure CPU, no allocation
                if (x == 42) out.print("");
            }, "busy-" + i);
            t.setDaemon(true);
            t.start();
            load.add(t);
        }
        long slowest = 0;
        int unanswered = 0;
        long start = System.nanoTime();
        long end = start + length.toNanos();
        long nextReport = start + Duration.ofMinutes(1).toNanos();
        try {
            while (System.nanoTime() < end) {
                long t0 = System.nanoTime();
                Optional<String> page = lab.fetchFromClient(url);
                long ms = (System.nanoTime() - t0) / 1_000_000;
                if (page.isEmpty()) unanswered++;
                else slowest = Math.max(slowest, ms);
                if (System.nanoTime() >= nextReport) {
                    out.printf("  %3d s: %d cluster events so far, slowest answer %d ms, %d unanswered%n",
                            (System.nanoTime() - start) / 1_000_000_000L, events(mark).size(), slowest, unanswered);
                    nextReport += Duration.ofMinutes(1).toNanos();
                }
                LockSupport.parkNanos(Math.max(0, Duration.ofSeconds(1).toNanos() - (System.nanoTime() - t0)));
            }
        } finally {
            stop.set(true);
            load.forEach(t -> {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        // the owner when started (comparable with before), else the owner with its state
        String after = lab.serviceStatus(FailoverBench.SERVICE).map(s -> s.state().endsWith("started") ? s.owner() : s.owner() + " (" + s.state() + ")")
                .orElse("unknown");
        Result r = new Result(Duration.ofNanos(System.nanoTime() - start), threads, events(mark), before, after, slowest, unanswered);
        out.printf("ran %d s with %d busy threads: %s%n", r.ran().toSeconds(), threads,
                r.quiet() ? "no false failover (no fencing, no service stop or start, owner still " + before + ")"
                        : "FALSE FAILOVER: owner " + before + " -> " + r.ownerAfter() + "; events: " + String.join("; ", r.events()));
        out.printf("client: slowest answer %d ms, %d of the once-a-second fetches unanswered%n", slowest, unanswered);
        return r;
    }

    /** Journal lines since {@code mark}: power events and service starts/stops (anything the cluster did). */
    private List<String> events(int mark) {
        List<String> all = lab.journalLines();
        return all.subList(Math.min(mark, all.size()), all.size());
    }
}

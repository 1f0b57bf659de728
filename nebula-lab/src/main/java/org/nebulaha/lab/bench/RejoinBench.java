package org.nebulaha.lab.bench;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.nebulaha.lab.Lab;
import org.nebulaha.lab.LabException;

/**
 * How long a fenced node takes to be a member again: N times, a fault on the last node (power loss,
 * or a pause, which the cluster ends by fencing), the lowest node fences it at once with the guide's
 * reboot, and the time from its power-on (lab journal) until {@code cman_tool nodes} on the lowest
 * node shows every node as a member is printed, with min/median/max and how many took over 3 s.
 */
public final class RejoinBench {
    /** What one rejoin took; empty when the node was not a member again within the bound. */
    public record Rejoin(long fenceMillis, Optional<Long> memberMillis) {}

    private final Lab lab;
    private final PrintStream out;

    public RejoinBench(Lab lab, PrintStream out) {
        this.lab = lab;
        this.out = out;
    }

    public List<Rejoin> run(String fault, int runs, Duration bound) {
        if (!fault.equals("crash") && !fault.equals("pause"))
            throw new LabException("bench rejoin: unknown --fault '" + fault + "'; use crash or pause");
        if (runs < 1) throw new LabException("bench rejoin: -n must be at least 1");
        int nodes = lab.nodeCount();
        String victim = Lab.nodeName(nodes), watcher = Lab.nodeName(1);
        if (!Waits.until(Duration.ofSeconds(60), 100, () -> membersSeenBy(watcher) == nodes))
            throw new LabException("bench rejoin: not every node is a member (lab exec " + watcher + " -- cman_tool nodes)");
        List<Rejoin> all = new ArrayList<>();
        for (int i = 1; i <= runs; i++) {
            int journalBefore = lab.journalLines().size();
            long t0 = System.currentTimeMillis();
            if (fault.equals("crash")) lab.crash(victim);
            else lab.pause(victim);
            Optional<Long> poweredOn = Optional.empty();
            long deadline = System.nanoTime() + bound.toNanos();
            while (poweredOn.isEmpty() && System.nanoTime() < deadline) {
                poweredOn = poweronAfter(victim, journalBefore);
                if (poweredOn.isEmpty()) java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L);
            }
            if (poweredOn.isEmpty()) {
                out.printf("  run %d: %s was not fenced and powered on again within %d s%n", i, victim, bound.toSeconds());
                all.add(new Rejoin(-1, Optional.empty()));
                break;
            }
            long on = poweredOn.get();
            boolean member = Waits.until(bound, 20, () -> membersSeenBy(watcher) == nodes);
            Optional<Long> took = member ? Optional.of(System.currentTimeMillis() - on) : Optional.empty();
            all.add(new Rejoin(on - t0, took));
            out.printf("  run %d: %s %s, fenced and powered on after %d ms, a member again %s%n", i, victim,
                    fault.equals("crash") ? "lost power" : "paused", on - t0,
                    took.map(ms -> ms + " ms after power-on").orElse("NOT within " + bound.toSeconds() + " s"));
            if (!member) break;
        }
        List<Long> ms = all.stream().flatMap(r -> r.memberMillis().stream()).sorted().toList();
        if (!ms.isEmpty())
            out.printf("rejoin after %s: ms from power-on to member: min %d  median %d  max %d  (n=%d; over 3 s: %d; not back: %d)%n",
                    fault, ms.get(0), ms.get(ms.size() / 2), ms.get(ms.size() - 1), ms.size(), ms.stream().filter(m -> m > 3000).count(),
                    all.size() - ms.size());
        return all;
    }

    /** The lab journal's poweron of {@code node} among the lines after the first {@code skip}, as its time. */
    private Optional<Long> poweronAfter(String node, int skip) {
        List<String> lines = lab.journalLines();
        for (String l : lines.subList(Math.min(skip, lines.size()), lines.size())) {
            String[] f = l.split(" ");
            if (f.length == 4 && f[1].equals(node) && f[3].equals("poweron")) return Optional.of(Long.parseLong(f[0]));
        }
        return Optional.empty();
    }

    /** Members (M) in {@code cman_tool nodes} on {@code node}; 0 when it cannot answer. */
    private int membersSeenBy(String node) {
        try {
            return (int) lab.exec(node, List.of("cman_tool", "nodes")).lines().filter(l -> l.matches("\\s*\\d+\\s+M\\s.*")).count();
        } catch (RuntimeException e) {
            return 0;
        }
    }
}

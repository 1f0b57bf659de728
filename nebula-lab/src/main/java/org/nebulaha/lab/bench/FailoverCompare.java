package org.nebulaha.lab.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.nebulaha.lab.Lab;

/**
 * {@code bench failover --compare-db}: the power-loss downtime of both database layouts in the same
 * run, side by side. Brings the lab up with the shared SQLite, measures, takes it down, then the
 * same with the replicated PostgreSQL (the machine and its load as alike as one run makes them).
 * Needs no lab up (it refuses to replace one).
 */
final class FailoverCompare {
    static final List<String> LAYOUTS = List.of("sqlite-shared", "pgsql");

    private FailoverCompare() {}

    /** @param labs a fresh Lab on the bench's folder each time it is called */
    static Map<String, List<Long>> run(Supplier<Lab> labs, int sleeptime, int runs, PrintStream out) throws IOException {
        Map<String, List<Long>> byLayout = new LinkedHashMap<>();
        for (String db : LAYOUTS) {
            out.println("== " + db + ": lab up --db " + db + " --sleeptime " + sleeptime);
            Lab lab = labs.get().withIpSleeptime(sleeptime).withDatabase(db);
            lab.up(2, "nebula");
            try {
                byLayout.put(db, new FailoverBench(lab, out).run(List.of("power-loss"), runs).getOrDefault("power-loss", List.of()));
            } finally {
                lab.down();
            }
        }
        out.println();
        out.println(table(byLayout, runs));
        return byLayout;
    }

    /** The side-by-side figures: median and range per layout, and the replicated layout's median minus the shared one's. */
    static String table(Map<String, List<Long>> byLayout, int runs) {
        StringBuilder sb = new StringBuilder("power loss of the active node, client-observed downtime (" + runs + " run(s) per layout, same run):\n");
        sb.append(String.format("  %-15s %10s %15s %4s%n", "layout", "median", "min-max", "n"));
        for (Map.Entry<String, List<Long>> e : byLayout.entrySet()) {
            List<Long> d = e.getValue();
            if (d.isEmpty()) sb.append(String.format("  %-15s %10s %15s %4d%n", e.getKey(), "-", "-", 0));
            else sb.append(String.format("  %-15s %7d ms %8d-%d ms %4d%n", e.getKey(), median(d), d.get(0), d.get(d.size() - 1), d.size()));
        }
        List<Long> shared = byLayout.getOrDefault("sqlite-shared", List.of());
        List<Long> pg = byLayout.getOrDefault("pgsql", List.of());
        if (!shared.isEmpty() && !pg.isEmpty())
            sb.append(String.format("  pgsql - sqlite-shared (medians): %+d ms%n", median(pg) - median(shared)));
        return sb.toString().stripTrailing();
    }

    /** The middle value of sorted figures (the upper one of the two middles, as FailoverBench prints it). */
    static long median(List<Long> sorted) {
        return sorted.get(sorted.size() / 2);
    }
}

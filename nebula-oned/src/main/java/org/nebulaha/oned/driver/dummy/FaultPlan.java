package org.nebulaha.oned.driver.dummy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * OpenNebula's dummy-driver fault injection: a file per action in the actions folder, one line
 * per call, cycled: {@code success [secs]}, {@code failure [secs]}, or {@code -} (no answer and
 * nothing done: the driver died). Extensions: a file {@code <action>.<vmid>} applies to one VM
 * only and wins over {@code <action>}; {@code lost [secs]} does the work but never answers (the
 * reply was lost in a crash). No file means success at once.
 */
final class FaultPlan {
    enum Outcome { SUCCESS, FAILURE, NO_ANSWER, LOST }

    record Line(Outcome outcome, long delayMillis) {}

    private final Path dir;
    private final Map<String, Integer> counters = new ConcurrentHashMap<>();

    FaultPlan(Path dir) {
        this.dir = dir;
    }

    Line next(String action, String target) {
        Path specific = dir.resolve(action + "." + target);
        Path file = Files.isRegularFile(specific) ? specific : dir.resolve(action);
        if (!Files.isRegularFile(file)) return new Line(Outcome.SUCCESS, 0);
        List<String> lines;
        try {
            lines = Files.readAllLines(file).stream().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        } catch (IOException e) {
            return new Line(Outcome.FAILURE, 0);
        }
        if (lines.isEmpty()) return new Line(Outcome.SUCCESS, 0);
        int n = counters.merge(file.toString(), 1, Integer::sum) - 1;
        return parse(lines.get(n % lines.size()));
    }

    static Line parse(String line) {
        String[] f = line.split("\\s+");
        long delay = f.length > 1 ? (long) (Double.parseDouble(f[1]) * 1000) : 0;
        switch (f[0]) {
            case "success": return new Line(Outcome.SUCCESS, delay);
            case "failure": return new Line(Outcome.FAILURE, delay);
            case "lost": return new Line(Outcome.LOST, delay);
            case "-": return new Line(Outcome.NO_ANSWER, delay);
            default: return new Line(Outcome.FAILURE, delay);
        }
    }
}

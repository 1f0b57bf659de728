package org.nebulaha.lab.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nebulaha.lab.LabException;

/**
 * Other clusters' figures for {@code bench failover --compare FILE}, printed beside ours as a
 * ratio (docs/lab.md). One line per figure, {@code SYSTEM SCENARIO SECONDS}, e.g.
 * {@code pacemaker power-loss 6.65}; {@code #} starts a comment; the scenarios are bench
 * failover's (power-loss, service, relocation). Pure but for reading the file.
 */
public final class Anchors {
    /** scenario -> system -> median seconds, in file order. */
    private final Map<String, Map<String, Double>> figures;

    private Anchors(Map<String, Map<String, Double>> figures) {
        this.figures = figures;
    }

    public static Anchors none() {
        return new Anchors(Map.of());
    }

    public static Anchors read(Path file) {
        try {
            return parse(Files.readAllLines(file), file.toString());
        } catch (IOException e) {
            throw new LabException("--compare " + file + ": cannot read it (" + e.getMessage() + ")");
        }
    }

    static Anchors parse(List<String> lines, String where) {
        Map<String, Map<String, Double>> f = new LinkedHashMap<>();
        int n = 0;
        for (String raw : lines) {
            n++;
            String line = raw.replaceFirst("#.*", "").strip();
            if (line.isEmpty()) continue;
            String[] w = line.split("\\s+");
            if (w.length != 3) throw new LabException(where + ":" + n + ": expected 'SYSTEM SCENARIO SECONDS', got '" + raw.strip() + "'");
            if (!FailoverBench.SCENARIOS.contains(w[1]))
                throw new LabException(where + ":" + n + ": unknown scenario '" + w[1] + "'; use " + String.join(", ", FailoverBench.SCENARIOS));
            double s;
            try {
                s = Double.parseDouble(w[2]);
            } catch (NumberFormatException e) {
                throw new LabException(where + ":" + n + ": '" + w[2] + "' is not a number of seconds");
            }
            if (!(s > 0)) throw new LabException(where + ":" + n + ": seconds must be more than 0, not " + w[2]);
            f.computeIfAbsent(w[1], k -> new LinkedHashMap<>()).put(w[0], s);
        }
        return new Anchors(f);
    }

    /** {@code  vs pacemaker 6.65 s: 0.20x; keepalived 2.92 s: 0.45x}, or "" without figures for the scenario. */
    public String beside(String scenario, long ourMedianMillis) {
        Map<String, Double> m = figures.getOrDefault(scenario, Map.of());
        if (m.isEmpty()) return "";
        List<String> s = new ArrayList<>();
        m.forEach((system, secs) -> s.add(String.format(java.util.Locale.ROOT, "%s %.2f s: %.2fx", system, secs, ourMedianMillis / 1000.0 / secs)));
        return "  vs " + String.join("; ", s) + " (ours / theirs)";
    }
}

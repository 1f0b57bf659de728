package org.nebulaha.rgmanager.exec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.nebulaha.common.AtomicFiles;
import org.nebulaha.conf.model.ClusterConf;
import org.nebulaha.rgmanager.model.ClusterState;
import org.nebulaha.rgmanager.text.StateText;

/**
 * Saves every planner input that led to actions as a case folder, {@code DIR/plan-input-N/} with
 * {@code cluster.conf} and {@code state.txt}, keeping the newest {@code max} (Pacemaker's
 * pe-input series). {@code rg_dryrun DIR/plan-input-N} replays one; copied under
 * src/test/cases/planner it becomes a regression case.
 */
public final class PlanInputLog {
    private static final System.Logger LOG = System.getLogger("rgmanager");
    private final Path dir;
    private final int max;
    private long next;

    public PlanInputLog(Path dir, int max) throws IOException {
        if (max < 1) throw new IllegalArgumentException("plan input series needs max >= 1, not " + max);
        this.dir = Files.createDirectories(dir);
        this.max = max;
        try (Stream<Path> s = Files.list(dir)) {
            next = s.map(p -> p.getFileName().toString()).filter(n -> n.matches("plan-input-\\d+"))
                    .mapToLong(n -> Long.parseLong(n.substring("plan-input-".length()))).max().orElse(0) + 1;
        }
    }

    /** Writes one input; returns its folder, or null if it could not be written (logged, never fatal). */
    public synchronized Path save(ClusterConf conf, ClusterState state, Instant now, String trigger) {
        Path d = dir.resolve("plan-input-" + next++);
        try {
            AtomicFiles.write(d.resolve("cluster.conf"), conf.toXml());
            AtomicFiles.write(d.resolve("state.txt"), StateText.format(trigger, now, state));
            prune();
            return d;
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "planner: could not save input " + d + ": " + e.getMessage());
            return null;
        }
    }

    private void prune() throws IOException {
        List<Path> all;
        try (Stream<Path> s = Files.list(dir)) {
            all = s.filter(p -> p.getFileName().toString().matches("plan-input-\\d+"))
                    .sorted(java.util.Comparator.comparingLong(p -> Long.parseLong(p.getFileName().toString().substring("plan-input-".length()))))
                    .toList();
        }
        for (int i = 0; i < all.size() - max; i++) {
            try (Stream<Path> files = Files.list(all.get(i))) {
                for (Path f : files.toList()) Files.deleteIfExists(f);
            }
            Files.deleteIfExists(all.get(i));
        }
    }
}

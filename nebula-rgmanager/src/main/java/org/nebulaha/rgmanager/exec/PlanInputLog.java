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
import org.nebulaha.rgmanager.model.ClusterView;
import org.nebulaha.rgmanager.model.NodeReport;
import org.nebulaha.rgmanager.text.RebuildText;
import org.nebulaha.rgmanager.text.StateText;

/**
 * Saves every planner input that led to actions, and every rebuild input, as a case folder,
 * {@code DIR/plan-input-N/} with {@code cluster.conf} and {@code state.txt}, keeping the newest
 * {@code max} (Pacemaker's pe-input series). The daemon keeps them in {@value #DEFAULT_DIR}.
 * {@code rg_dryrun DIR/plan-input-N} replays one; copied under src/test/cases/planner (or
 * src/test/cases/rebuild) it becomes a regression case (docs/rgmanager.md).
 */
public final class PlanInputLog {
    private static final System.Logger LOG = System.getLogger("rgmanager");
    /** Where the node daemon saves them (under NEBULA_ROOT). */
    public static final String DEFAULT_DIR = "/var/lib/cluster/rg-inputs";
    /** How many the node daemon keeps (Pacemaker's pe-input-series-max is 4000; ours are bigger folders). */
    public static final int DEFAULT_MAX = 200;
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

    /** Writes one planner input; returns its folder, or null if it could not be written (logged, never fatal). */
    public Path save(ClusterConf conf, ClusterState state, Instant now, String trigger) {
        return write(conf, StateText.format(trigger, now, state));
    }

    /** Writes one rebuild input (the members' reports, {@link RebuildText}); returns its folder or null. */
    public Path saveRebuild(ClusterConf conf, ClusterView view, List<NodeReport> reports, Instant now, String trigger) {
        return write(conf, RebuildText.format(trigger, now, view, reports));
    }

    private synchronized Path write(ClusterConf conf, String state) {
        Path d = dir.resolve("plan-input-" + next++);
        try {
            AtomicFiles.write(d.resolve("cluster.conf"), conf.toXml());
            AtomicFiles.write(d.resolve("state.txt"), state);
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

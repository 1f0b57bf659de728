package org.nebulaha.fence.fenced;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.nebulaha.common.AtomicFiles;
import org.nebulaha.common.NebulaRoot;

/**
 * The fence history: every agent run fenced, fence_node and unfencing made, oldest first, kept in
 * {@value #DEFAULT_PATH} (under {@link NebulaRoot}). One {@link FenceAttempt#toLine()} per line
 * after a {@code #} header. Records are only ever added; the file keeps the newest
 * {@code maxEntries} and is rewritten atomically (temporary file, fsync, rename) on each append, so a
 * crash leaves the old or the new history, never half a line. Lines that do not parse (a file
 * edited by hand) are logged and skipped at load, and dropped on the next write.
 *
 * <p>Thread-safe.
 */
public final class FenceHistory {
    private static final System.Logger LOG = System.getLogger("fenced");
    public static final String DEFAULT_PATH = "/var/lib/cluster/fence_history";
    public static final int DEFAULT_MAX_ENTRIES = 2000;
    static final String HEADER = "# nebula-ha fence history: time\tnode\tmethod\tdevice\tagent\taction\tresult\texit\tduration_ms\torigin";

    private final Path file;
    private final int maxEntries;
    private final List<FenceAttempt> entries = new ArrayList<>();

    public FenceHistory(Path file, int maxEntries) {
        if (maxEntries < 1) throw new IllegalArgumentException("fence history must keep at least one entry, not " + maxEntries);
        this.file = file;
        this.maxEntries = maxEntries;
        load();
    }

    /** The history at {@value #DEFAULT_PATH} under this node's root, keeping {@value #DEFAULT_MAX_ENTRIES} entries. */
    public static FenceHistory openDefault() {
        return new FenceHistory(NebulaRoot.resolve(DEFAULT_PATH), DEFAULT_MAX_ENTRIES);
    }

    public Path file() {
        return file;
    }

    private void load() {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return;
        } catch (IOException e) {
            LOG.log(Level.ERROR, "fenced: cannot read fence history " + file + ": " + e.getMessage() + "; starting with an empty one");
            return;
        }
        int n = 0;
        for (String l : lines) {
            n++;
            if (l.isBlank() || l.startsWith("#")) continue;
            try {
                entries.add(FenceAttempt.parse(l));
            } catch (IllegalArgumentException e) {
                LOG.log(Level.WARNING, "fenced: " + file + ":" + n + ": skipped a line that is not a fence history entry (" + e.getMessage() + ")");
            }
        }
        trim();
    }

    /** Adds one entry and writes the file. A write failure is logged (ERROR) and the entry kept in memory. */
    public synchronized void append(FenceAttempt a) {
        entries.add(a);
        trim();
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        for (FenceAttempt e : entries) sb.append(e.toLine()).append('\n');
        try {
            AtomicFiles.write(file, sb.toString());
        } catch (IOException e) {
            LOG.log(Level.ERROR, "fenced: cannot write fence history " + file + ": " + e.getMessage()
                    + "; the entry for " + a.node() + " is kept in memory only; check the disk and permissions");
        }
    }

    private void trim() {
        while (entries.size() > maxEntries) entries.remove(0);
    }

    /** Every entry, oldest first. */
    public synchronized List<FenceAttempt> all() {
        return List.copyOf(entries);
    }

    /** Entries about {@code node}, oldest first. */
    public synchronized List<FenceAttempt> forNode(String node) {
        return entries.stream().filter(e -> e.node().equals(node)).toList();
    }

    /** The newest successful fence (not unfence) of {@code node}. */
    public synchronized Optional<FenceAttempt> lastFenced(String node) {
        for (int i = entries.size() - 1; i >= 0; i--) {
            FenceAttempt e = entries.get(i);
            if (e.node().equals(node) && e.succeeded() && !e.origin().equals("unfence")) return Optional.of(e);
        }
        return Optional.empty();
    }
}

package org.nebulaha.rgmanager.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The cluster's record of the database copies: one state per node, a version that grows with each
 * change (the newest wins, as for cluster.conf), the last note (why a start was refused) and the
 * operator's one-shot force ({@code clusvcadm --force-promote}: the node whose copy the next start
 * there makes primary whatever its state). It is replicated to every member and kept on disk, so a
 * survivor can read it after a double failure.
 *
 * <p>Text form ({@link #format}, {@link #parse}):
 * <pre>
 * version 7
 * copy one-server1 primary
 * copy one-server2 sync
 * note refused one-server2: ...
 * force one-server2
 * </pre>
 */
public record ReplicaRecord(long version, Map<String, CopyState> copies, String note, String force) {
    public static final ReplicaRecord EMPTY = new ReplicaRecord(0, Map.of(), "");

    public ReplicaRecord {
        copies = java.util.Collections.unmodifiableMap(new TreeMap<>(copies));
        note = note == null ? "" : note.replace('\n', ' ');
        force = force == null ? "" : force.strip();
    }

    public ReplicaRecord(long version, Map<String, CopyState> copies, String note) {
        this(version, copies, note, "");
    }

    /** The same record with the operator's force for {@code node}'s next start ("" clears it). */
    public ReplicaRecord withForce(String node) {
        return new ReplicaRecord(version, copies, note, node);
    }

    public CopyState state(String node) {
        return copies.get(node);
    }

    /** The node recorded as primary, if any. */
    public java.util.Optional<String> primary() {
        return copies.entrySet().stream().filter(e -> e.getValue() == CopyState.PRIMARY).map(Map.Entry::getKey).findFirst();
    }

    /** The same record with {@code node}'s state changed (version unchanged: see {@link #next}). */
    public ReplicaRecord with(String node, CopyState s) {
        Map<String, CopyState> m = new LinkedHashMap<>(copies);
        m.put(node, s);
        return new ReplicaRecord(version, m, note, force);
    }

    public ReplicaRecord withNote(String n) {
        return new ReplicaRecord(version, copies, n, force);
    }

    /** This record as the next version after {@code base}. */
    public ReplicaRecord next(ReplicaRecord base) {
        return new ReplicaRecord(base.version + 1, copies, note, force);
    }

    /**
     * This record after {@code base} when the operator forced a copy to primary: a jump of a million
     * versions, so it outranks any record a node that was away wrote (from its stale copy) meanwhile.
     */
    public ReplicaRecord nextForced(ReplicaRecord base) {
        return new ReplicaRecord(base.version + 1_000_000, copies, note, force);
    }

    /** Same copies, note and force (the version aside). */
    public boolean sameContent(ReplicaRecord o) {
        return copies.equals(o.copies) && note.equals(o.note) && force.equals(o.force);
    }

    public String format() {
        StringBuilder sb = new StringBuilder("version ").append(version).append('\n');
        copies.forEach((n, s) -> sb.append("copy ").append(n).append(' ').append(s.word()).append('\n'));
        if (!note.isEmpty()) sb.append("note ").append(note).append('\n');
        if (!force.isEmpty()) sb.append("force ").append(force).append('\n');
        return sb.toString();
    }

    /** Parses {@link #format}'s text; a bad line is an error naming {@code source} and the line. */
    public static ReplicaRecord parse(String text, String source) {
        long version = -1;
        Map<String, CopyState> copies = new LinkedHashMap<>();
        String note = "";
        String force = "";
        List<String> lines = new ArrayList<>(List.of(text.split("\n")));
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            String[] f = line.split("\\s+");
            try {
                switch (f[0]) {
                    case "version" -> version = Long.parseLong(f[1]);
                    case "copy" -> {
                        if (f.length != 3) throw new IllegalArgumentException("expected 'copy NODE STATE'");
                        copies.put(f[1], CopyState.valueOf(f[2].toUpperCase(java.util.Locale.ROOT)));
                    }
                    case "note" -> note = line.substring(4).strip();
                    case "force" -> {
                        if (f.length != 2) throw new IllegalArgumentException("expected 'force NODE'");
                        force = f[1];
                    }
                    default -> throw new IllegalArgumentException("unknown keyword '" + f[0] + "'");
                }
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(source + ":" + (i + 1) + ": '" + line + "': " + e.getMessage()
                        + " (states: primary, sync, catchup, outdated)");
            }
        }
        if (version < 0) throw new IllegalArgumentException(source + ": no 'version N' line");
        return new ReplicaRecord(version, copies, note, force);
    }
}

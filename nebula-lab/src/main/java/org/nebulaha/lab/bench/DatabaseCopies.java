package org.nebulaha.lab.bench;

import java.util.List;
import org.nebulaha.lab.Lab;

/**
 * Whether every database copy clustat lists is in sync (the replicated layout). A healthy lab, before
 * a fault is aimed at it, has its standby in sync again: right after a failover or a failback the
 * other copy is outdated until it rewound and caught up (seconds), and losing the primary then is a
 * double failure that no copy survives without loss (the start refuses). Without copies (the shared
 * SQLite layout) there is nothing to wait for.
 */
public final class DatabaseCopies {
    private DatabaseCopies() {}

    /** clustat on {@code node}: every row under "Database Copy" says yes; true without that section; false if clustat fails. */
    public static boolean inSync(Lab lab, String node) {
        try {
            return inSync(lab.exec(node, List.of("clustat")));
        } catch (RuntimeException e) {
            return false; // the node still booting: ask again
        }
    }

    static boolean inSync(String clustat) {
        List<String> lines = clustat.lines().toList();
        int header = -1;
        for (int i = 0; i < lines.size(); i++) if (lines.get(i).strip().startsWith("Database Copy")) header = i;
        if (header < 0) return true;
        boolean any = false;
        for (String l : lines.subList(header + 2, lines.size())) {
            String[] f = l.strip().split("\\s+");
            if (f.length < 3 || l.strip().startsWith("(") || l.strip().startsWith("Note:") || l.strip().startsWith("Forced:")) continue;
            any = true;
            if (!f[2].equals("yes")) return false;
        }
        return any;
    }
}

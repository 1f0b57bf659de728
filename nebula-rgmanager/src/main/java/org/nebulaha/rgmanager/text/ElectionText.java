package org.nebulaha.rgmanager.text;

import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;
import org.nebulaha.rgmanager.plan.Election;

/**
 * The election's input in the case-file format:
 * <pre>
 * # one-server1 lost without a clean leave; fenced has not fenced it yet
 * quorum yes
 * node one-server1 seen lost
 * node one-server2 member seen
 * </pre>
 * {@code node NAME FACT...} with the facts {@code member} (in the membership now), {@code seen}
 * (a member since this node started), {@code lost} (its last loss was not clean), {@code left}
 * (its last loss was a clean leave), {@code fenced} (fenced owes nothing for it).
 */
public final class ElectionText {
    private ElectionText() {}

    public static Election.Observed parse(String text, String source) {
        Boolean quorate = null;
        Set<String> online = new LinkedHashSet<>(), left = new HashSet<>(), lost = new HashSet<>(), seen = new HashSet<>(), fenced = new HashSet<>();
        int n = 0;
        for (String raw : text.split("\n")) {
            n++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            String[] f = line.split("\\s+");
            String where = source + ":" + n + ": ";
            if (f[0].equals("quorum") && f.length == 2 && (f[1].equals("yes") || f[1].equals("no"))) quorate = f[1].equals("yes");
            else if (f[0].equals("node") && f.length >= 2) {
                for (int i = 2; i < f.length; i++) {
                    switch (f[i]) {
                        case "member" -> online.add(f[1]);
                        case "seen" -> seen.add(f[1]);
                        case "lost" -> lost.add(f[1]);
                        case "left" -> left.add(f[1]);
                        case "fenced" -> fenced.add(f[1]);
                        default -> throw new IllegalArgumentException(where + "unknown fact '" + f[i] + "'; expected member, seen, lost, left or fenced");
                    }
                }
            } else throw new IllegalArgumentException(where + "expected 'quorum yes|no' or 'node NAME [member] [seen] [lost|left] [fenced]'");
        }
        if (quorate == null) throw new IllegalArgumentException(source + ": missing 'quorum yes|no' line");
        return new Election.Observed(quorate, online, left, lost, seen, fenced);
    }
}

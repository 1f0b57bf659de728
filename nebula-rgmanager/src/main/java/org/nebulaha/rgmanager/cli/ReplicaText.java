package org.nebulaha.rgmanager.cli;

import java.util.Map;
import org.nebulaha.rgmanager.model.CopyState;
import org.nebulaha.rgmanager.model.ReplicaRecord;

/**
 * clustat's section for the {@code pgsql} resource's database copies (our addition): each copy's
 * role, whether it holds every committed write (in sync), the replay lag the primary here last saw,
 * and the last refusal. Lag is known only on the primary's node ("-" elsewhere).
 * <pre>
 *  Database Copy                  Role       In Sync Lag
 *  ------------                   ----       ------- ---
 *  one-server1                    primary    yes     -
 *  one-server2                    standby    yes     0 B
 * </pre>
 */
public final class ReplicaText {
    private ReplicaText() {}

    /**
     * clustat's output with the copies added: after the services in the plain layout; inside
     * {@code <clustat>} as {@code <databases>} with {@code -x} (what Sunstone's cluster panel reads);
     * not with -s, -m or -Q.
     */
    public static String addTo(java.util.List<String> args, String printed, ReplicaRecord rec, Map<String, Long> lag, String localRefusal) {
        if (args.stream().anyMatch(a -> a.startsWith("-s") || a.startsWith("-m") || a.startsWith("-Q"))) return printed;
        if (args.stream().noneMatch(a -> a.startsWith("-x"))) return printed + format(rec, lag, localRefusal);
        int end = printed.lastIndexOf("</clustat>");
        return end < 0 || rec.copies().isEmpty() ? printed : printed.substring(0, end) + xml(rec, lag) + printed.substring(end);
    }

    /** {@code <databases version="V"><copy name=".." role="primary|standby|outdated" in_sync="1|0" lag="BYTES|-"/>..</databases>} */
    static String xml(ReplicaRecord rec, Map<String, Long> lag) {
        StringBuilder sb = new StringBuilder("  <databases version=\"").append(rec.version()).append("\">\n");
        rec.copies().forEach((node, s) -> {
            Long l = lag.get(node);
            sb.append("    <copy name=\"").append(esc(node)).append("\" role=\"").append(role(s)).append("\" in_sync=\"")
                    .append(s.hasEveryCommit() ? 1 : 0).append("\" lag=\"").append(s == CopyState.PRIMARY || l == null || l < 0 ? "-" : l)
                    .append("\"/>\n");
        });
        return sb.append("  </databases>\n").toString();
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace("\"", "&quot;");
    }

    private static String role(CopyState s) {
        return switch (s) {
            case PRIMARY -> "primary";
            case SYNC, CATCHUP -> "standby";
            case OUTDATED -> "outdated";
        };
    }

    public static String format(ReplicaRecord rec, Map<String, Long> lag, String localRefusal) {
        if (rec.copies().isEmpty() && localRefusal.isEmpty()) return "";
        StringBuilder sb = new StringBuilder("\n");
        sb.append(String.format(" %-30s %-10s %-7s %s%n", "Database Copy", "Role", "In Sync", "Lag"));
        sb.append(String.format(" %-30s %-10s %-7s %s%n", "-------- ----", "----", "-- ----", "---"));
        rec.copies().forEach((node, s) -> {
            String role = role(s);
            Long l = lag.get(node);
            sb.append(String.format(" %-30s %-10s %-7s %s%n", node, role, s.hasEveryCommit() ? "yes" : "no",
                    s == CopyState.PRIMARY || l == null || l < 0 ? "-" : l + " B"));
        });
        sb.append(" (record version ").append(rec.version()).append(")\n");
        String note = !localRefusal.isEmpty() ? localRefusal : rec.note();
        if (!note.isEmpty()) sb.append(" Note: ").append(note).append('\n');
        if (!rec.force().isEmpty())
            sb.append(" Forced: the copy on ").append(rec.force()).append(" becomes primary at its next start (clusvcadm --force-promote);"
                    + " writes committed only on the other copies are lost\n");
        return sb.toString();
    }
}

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

    public static String format(ReplicaRecord rec, Map<String, Long> lag, String localRefusal) {
        if (rec.copies().isEmpty() && localRefusal.isEmpty()) return "";
        StringBuilder sb = new StringBuilder("\n");
        sb.append(String.format(" %-30s %-10s %-7s %s%n", "Database Copy", "Role", "In Sync", "Lag"));
        sb.append(String.format(" %-30s %-10s %-7s %s%n", "-------- ----", "----", "-- ----", "---"));
        rec.copies().forEach((node, s) -> {
            String role = switch (s) {
                case PRIMARY -> "primary";
                case SYNC, CATCHUP -> "standby";
                case OUTDATED -> "outdated";
            };
            Long l = lag.get(node);
            sb.append(String.format(" %-30s %-10s %-7s %s%n", node, role, s.hasEveryCommit() ? "yes" : "no",
                    s == CopyState.PRIMARY || l == null || l < 0 ? "-" : l + " B"));
        });
        sb.append(" (record version ").append(rec.version()).append(")\n");
        String note = !localRefusal.isEmpty() ? localRefusal : rec.note();
        if (!note.isEmpty()) sb.append(" Note: ").append(note).append('\n');
        return sb.toString();
    }
}

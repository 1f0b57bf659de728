package org.nebulaha.node.cli;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/** Turns local-API answers into cman_tool's exact layouts (pure: no I/O). */
public final class CmanFormat {
    private static final DateTimeFormatter JOINED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final String NO_TIME = " ".repeat(19);

    private CmanFormat() {}

    /**
     * {@code cman_tool status}: cman's field names and order. "Quorum: N" gets "Activity blocked"
     * when inquorate; Flags also shows Quorate (as corosync-quorumtool does). With a quorum witness,
     * "Quorum device votes: N" (cman's line for its quorum disk; 0 or the witness's votes as counted
     * now) follows "Expected votes", and {@code -v} adds "Quorum device: STATE, HOST:PORT, timeout". With {@code verbose}
     * the token, the quorum decision's reason and the channel's refused-message counts follow.
     */
    public static String status(Map<String, String> f, boolean verbose) {
        StringBuilder sb = new StringBuilder();
        line(sb, "Version", f.get("version"));
        line(sb, "Config Version", f.get("config_version"));
        line(sb, "Cluster Name", f.get("cluster_name"));
        line(sb, "Cluster Id", f.get("cluster_id"));
        line(sb, "Cluster Member", f.get("cluster_member"));
        line(sb, "Cluster Generation", f.get("cluster_generation"));
        line(sb, "Membership state", f.get("membership_state"));
        line(sb, "Nodes", f.get("nodes"));
        line(sb, "Expected votes", f.get("expected_votes"));
        if (f.containsKey("witness_votes")) line(sb, "Quorum device votes", f.get("witness_votes"));
        line(sb, "Total votes", f.get("total_votes"));
        line(sb, "Node votes", f.get("node_votes"));
        line(sb, "Quorum", f.get("quorum") + ("1".equals(f.get("quorate")) ? "  " : " Activity blocked"));
        line(sb, "Active subsystems", f.get("active_subsystems"));
        line(sb, "Flags", f.getOrDefault("flags", "") + " ");
        line(sb, "Ports Bound", f.get("ports_bound") + "  ");
        line(sb, "Node name", f.get("node_name"));
        line(sb, "Node ID", f.get("node_id"));
        line(sb, "Node addresses", f.get("node_addresses") + " ");
        if (verbose) {
            line(sb, "Subsystems", f.get("subsystems"));
            line(sb, "Token timeout", f.get("token_ms") + " ms");
            line(sb, "Quorum reason", f.get("quorum_reason"));
            if (f.containsKey("witness")) line(sb, "Quorum device", f.get("witness"));
            if (f.containsKey("channel_accepted"))
                line(sb, "Channel", "AES-256-GCM, " + f.get("channel_accepted") + " accepted; refused "
                        + f.get("channel_forged") + " forged/altered, " + f.get("channel_replayed") + " replayed, "
                        + f.get("channel_stale") + " stale");
        }
        return sb.toString();
    }

    private static void line(StringBuilder sb, String label, String value) {
        sb.append(label).append(": ").append(value == null ? "" : value).append('\n');
    }

    /**
     * {@code cman_tool nodes}: header {@code Node  Sts   Inc   Joined               Name}, then
     * {@code "%4u   %c  %5d   %s  %s"} per node (joined as {@code yyyy-MM-dd HH:mm:ss} in {@code zone},
     * blank when not a member); with {@code addresses}, an "Addresses:" line under each node.
     *
     * @param rows the {@code nodes} API lines: nodeid, status, incarnation, joined epoch ms, name, address (tab-separated)
     */
    public static String nodes(List<String> rows, boolean addresses, ZoneId zone) {
        StringBuilder sb = new StringBuilder("Node  Sts   Inc   Joined               Name\n");
        for (String row : rows) {
            String[] c = row.split("\t", -1);
            if (c.length < 6) continue;
            long joined = Long.parseLong(c[3]);
            String when = joined > 0 && c[1].equals("M") ? JOINED.format(Instant.ofEpochMilli(joined).atZone(zone)) : NO_TIME;
            sb.append(String.format("%4d   %s  %5d   %s  %s%n", Integer.parseInt(c[0]), c[1], Long.parseLong(c[2]), when, c[4]));
            if (addresses) sb.append("       Addresses: ").append(c[5]).append(" \n");
        }
        return sb.toString();
    }
}

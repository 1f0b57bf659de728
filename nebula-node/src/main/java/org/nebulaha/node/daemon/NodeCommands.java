package org.nebulaha.node.daemon;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.nebulaha.membership.conf.ClusterSettings;
import org.nebulaha.membership.jgroups.ChannelStats;
import org.nebulaha.membership.jgroups.Membership;
import org.nebulaha.membership.jgroups.MembershipSnapshot;
import org.nebulaha.membership.model.MemberInfo;
import org.nebulaha.membership.model.NodeSpec;
import org.nebulaha.membership.quorum.QuorumDecision;
import org.nebulaha.node.api.ApiResponse;

/**
 * The membership verbs of the local API ({@code status}, {@code nodes}, {@code totem}); their
 * bodies are machine-readable and {@code cman_tool} turns them into cman's layout.
 */
final class NodeCommands {
    /** cman's API version, printed as "Version:" for scripts that check it. */
    static final String CMAN_VERSION = "6.2.0";

    private final NodeDaemon node;

    NodeCommands(NodeDaemon node) {
        this.node = node;
    }

    /** {@code key=value} lines: every field of {@code cman_tool status} plus token and quorum reason. */
    ApiResponse status(List<String> args) {
        ClusterState st = node.state();
        ClusterSettings s = st.settings();
        MembershipSnapshot snap = st.snapshot();
        QuorumDecision q = st.quorum();
        MemberInfo self = st.self();
        List<String> b = new ArrayList<>();
        b.add("version=" + CMAN_VERSION);
        b.add("config_version=" + s.configVersion());
        b.add("cluster_name=" + s.clusterName());
        b.add("cluster_id=" + s.clusterId());
        b.add("cluster_member=Yes");
        b.add("cluster_generation=" + snap.generation());
        b.add("membership_state=" + (node.membership().isLeaving() ? "Leaving" : snap.members().isEmpty() ? "Joining" : "Cluster-Member"));
        b.add("nodes=" + snap.members().size());
        b.add("expected_votes=" + q.expectedVotes());
        var w = st.witness();
        if (w != null) {
            var ids = snap.members().stream().map(MemberInfo::nodeid).collect(java.util.stream.Collectors.toSet());
            if (ids.isEmpty()) ids = java.util.Set.of(self.nodeid());
            var wi = w.input(ids);
            b.add("witness_votes=" + (wi.status() == org.nebulaha.membership.quorum.WitnessInput.Status.VOTE ? wi.votes() : 0));
            b.add("witness=" + w.describe(ids));
        }
        b.add("total_votes=" + q.totalVotes());
        b.add("node_votes=" + s.quorum().votesOf(self.nodeid()));
        b.add("quorum=" + q.quorum());
        b.add("quorate=" + (q.quorate() ? 1 : 0));
        b.add("active_subsystems=" + node.subsystems().size());
        b.add("subsystems=" + String.join(" ", node.subsystems().keySet()));
        String flags = q.flagsText();
        if (!snap.disallowed().isEmpty()) flags = (flags + " DisallowedNodes").trim();
        b.add("flags=" + flags);
        StringBuilder ports = new StringBuilder("0");
        node.subsystems().values().stream().filter(p -> p > 0).sorted().forEach(p -> ports.append(' ').append(p));
        b.add("ports_bound=" + ports);
        b.add("node_name=" + self.name());
        b.add("node_id=" + self.nodeid());
        b.add("node_addresses=" + s.membership().local().address());
        b.add("token_ms=" + s.membership().token().toMillis());
        b.add("quorum_reason=" + q.reason());
        ChannelStats ch = node.membership().channelStats();
        b.add("channel_accepted=" + ch.accepted());
        b.add("channel_forged=" + ch.forged());
        b.add("channel_replayed=" + ch.replayed());
        b.add("channel_stale=" + ch.stale());
        snap.disallowed().forEach((addr, why) -> b.add("disallowed=" + addr + " " + why));
        return ApiResponse.ok(b);
    }

    /**
     * One line per node, by nodeid: {@code nodeid TAB status TAB incarnation TAB joined-epoch-ms TAB name TAB address};
     * status M member, X not a member (configured or seen before); joined is 0 for non-members.
     */
    ApiResponse nodes(List<String> args) {
        ClusterState st = node.state();
        ClusterSettings s = st.settings();
        Map<Integer, String> lines = new TreeMap<>();
        Map<Integer, MemberInfo> known = st.lastKnown();
        for (NodeSpec n : s.membership().nodes()) {
            MemberInfo k = known.get(n.nodeid());
            lines.put(n.nodeid(), n.nodeid() + "\tX\t" + (k == null ? 0 : k.incarnation()) + "\t0\t" + n.name() + "\t" + n.address());
        }
        for (MemberInfo m : st.snapshot().members())
            lines.put(m.nodeid(), m.nodeid() + "\tM\t" + m.incarnation() + "\t" + m.joinTimeMillis() + "\t" + m.name() + "\t" + m.address());
        return ApiResponse.ok(List.copyOf(lines.values()));
    }

    /** The token and the failure-detection timeouts in force, read back from the running protocols. */
    ApiResponse totem(List<String> args) {
        Membership m = node.membership();
        List<String> b = new ArrayList<>();
        b.add("token_ms=" + m.config().token().toMillis());
        m.effectiveTimeouts().forEach((k, v) -> b.add(k + "=" + v));
        return ApiResponse.ok(b);
    }
}

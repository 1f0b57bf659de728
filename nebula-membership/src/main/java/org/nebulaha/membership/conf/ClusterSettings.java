package org.nebulaha.membership.conf;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.nebulaha.common.HostResolver;
import org.nebulaha.common.NebulaRoot;
import org.nebulaha.conf.ClusterConfParser;
import org.nebulaha.conf.model.ClusterConf;
import org.nebulaha.conf.model.ClusterNode;
import org.nebulaha.membership.model.MembershipConfig;
import org.nebulaha.membership.model.NodeSpec;
import org.nebulaha.membership.model.TotemTimeouts;
import org.nebulaha.membership.quorum.QuorumConfig;

/**
 * What one node's membership and quorum run with, taken from cluster.conf:
 * <ul>
 *   <li>nodes: every {@code <clusternode>}; address and cluster port from {@link HostResolver}
 *       ({@code NAME ADDRESS cluster=PORT} in the hosts override file), else the node name through
 *       DNS and {@code <cman port>} (default {@value #DEFAULT_PORT}); failure detection uses port+1;</li>
 *   <li>token: {@code <totem token>} in ms, default 1000 ms (see {@link TotemTimeouts});</li>
 *   <li>key file: {@code <cman keyfile>}, default {@code /etc/cluster/cluster.key} (under NebulaRoot);</li>
 *   <li>quorum: node votes, {@code <cman expected_votes two_node wait_for_all last_man_standing
 *       last_man_standing_window auto_tie_breaker>};</li>
 *   <li>cluster id: {@code <cman cluster_id>}, else cman's 16-bit hash of the cluster name.</li>
 * </ul>
 */
public record ClusterSettings(String clusterName, int clusterId, int configVersion, MembershipConfig membership,
                              QuorumConfig quorum, ClusterConf conf) {

    public static final int DEFAULT_PORT = 5405;
    public static final String DEFAULT_KEY_FILE = "/etc/cluster/cluster.key";

    /**
     * @throws IllegalArgumentException with a message saying what to change, when the configuration
     *                                  cannot run on this node (unknown node name, two_node with three nodes, ...)
     */
    public static ClusterSettings from(ClusterConf conf, String localNode, HostResolver hosts) {
        List<String> problems = ClusterConfParser.activationProblems(conf);
        if (!problems.isEmpty())
            throw new IllegalArgumentException("cluster.conf cannot run: " + String.join("; ", problems));
        Map<String, String> cman = conf.cman().extras();
        int defaultPort = intExtra(cman, "port", DEFAULT_PORT);
        List<NodeSpec> nodes = new ArrayList<>();
        Map<Integer, Integer> votes = new TreeMap<>();
        for (ClusterNode n : conf.nodes()) {
            nodes.add(new NodeSpec(n.name(), n.nodeid(), n.votes(), hosts.address(n.name()), hosts.port(n.name(), "cluster", defaultPort)));
            votes.put(n.nodeid(), n.votes());
        }
        Duration token = conf.totem().tokenMillis().isPresent()
                ? Duration.ofMillis(conf.totem().tokenMillis().getAsInt()) : TotemTimeouts.DEFAULT_TOKEN;
        Path keyFile = NebulaRoot.resolve(cman.getOrDefault("keyfile", DEFAULT_KEY_FILE));
        MembershipConfig mc = new MembershipConfig(conf.name(), localNode, nodes, token, keyFile);

        // wait_for_all: absent means "on with two_node", so look at the attribute itself
        Optional<Boolean> wfa = conf.tree().child("cman").flatMap(c -> c.optAttr("wait_for_all")).map("1"::equals);
        QuorumConfig qc = new QuorumConfig(votes, conf.cman().expectedVotes(), conf.cman().twoNode(), wfa,
                conf.cman().lastManStanding(), Duration.ofMillis(conf.cman().lastManStandingWindowMillis()),
                conf.cman().autoTieBreaker());
        int clusterId = intExtra(cman, "cluster_id", clusterIdOf(conf.name()));
        return new ClusterSettings(conf.name(), clusterId, conf.configVersion(), mc, qc, conf);
    }

    /** cman's cluster id for a name: shift left and add each character, keep 16 bits. */
    public static int clusterIdOf(String name) {
        int value = 0;
        for (int i = 0; i < name.length(); i++) {
            value <<= 1;
            value += name.charAt(i);
        }
        return value & 0xFFFF;
    }

    private static int intExtra(Map<String, String> extras, String key, int dflt) {
        String v = extras.get(key);
        if (v == null) return dflt;
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("cluster.conf: <cman " + key + "=\"" + v + "\">: not a number");
        }
    }
}

package org.nebulaha.membership.model;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the membership layer of one node runs with.
 *
 * @param clusterName  cluster.conf {@code name}; nodes of another cluster never join
 * @param localNode    this node's name (must be one of {@code nodes})
 * @param nodes        every configured node
 * @param token        totem token: how long a silent node may stay a member (see {@link TotemTimeouts})
 * @param keyFile      cluster key file ({@code /etc/cluster/cluster.key})
 */
public record MembershipConfig(String clusterName, String localNode, List<NodeSpec> nodes, Duration token, Path keyFile) {

    public MembershipConfig {
        nodes = List.copyOf(nodes);
        if (clusterName == null || clusterName.isBlank()) throw new IllegalArgumentException("cluster without a name");
        Set<String> names = new HashSet<>();
        Set<Integer> ids = new HashSet<>();
        for (NodeSpec n : nodes) {
            if (!names.add(n.name())) throw new IllegalArgumentException("node name " + n.name() + " appears twice");
            if (!ids.add(n.nodeid())) throw new IllegalArgumentException("nodeid " + n.nodeid() + " is used twice (" + n.name() + ")");
        }
        if (nodes.stream().noneMatch(n -> n.name().equals(localNode)))
            throw new IllegalArgumentException("this node '" + localNode + "' is not a <clusternode> of cluster " + clusterName
                    + " (nodes: " + nodes.stream().map(NodeSpec::name).toList() + "); start it with the name it has in cluster.conf");
        TotemTimeouts.of(token); // validates the token
    }

    public NodeSpec local() {
        return node(localNode).orElseThrow();
    }

    public Optional<NodeSpec> node(String name) {
        return nodes.stream().filter(n -> n.name().equals(name)).findFirst();
    }

    public MembershipConfig withToken(Duration t) {
        return new MembershipConfig(clusterName, localNode, nodes, t, keyFile);
    }
}

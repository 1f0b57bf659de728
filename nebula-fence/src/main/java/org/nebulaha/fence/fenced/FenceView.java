package org.nebulaha.fence.fenced;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The observed state fenced decides on.
 *
 * @param selfNodeid     this node's nodeid
 * @param quorate        this partition is quorate
 * @param quorateSince   when it last became quorate (null while not quorate)
 * @param nodes          every configured node except this one
 */
public record FenceView(int selfNodeid, boolean quorate, Instant quorateSince, List<NodeState> nodes) {
    public FenceView {
        nodes = List.copyOf(nodes);
        if (quorate && quorateSince == null) throw new IllegalArgumentException("quorate view without quorateSince");
        if (nodes.stream().anyMatch(n -> n.nodeid() == selfNodeid))
            throw new IllegalArgumentException("the view lists this node (nodeid " + selfNodeid + ") among the others");
    }

    public Optional<NodeState> node(String name) {
        return nodes.stream().filter(n -> n.name().equals(name)).findFirst();
    }
}

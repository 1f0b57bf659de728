package org.nebulaha.node.hosted;

import java.util.ArrayList;
import java.util.List;
import org.nebulaha.rgmanager.agent.ReplicaCluster;
import org.nebulaha.rgmanager.model.ReplicaRecord;

/**
 * clusvcadm's {@code --force-promote} (our addition): {@code clusvcadm -e SERVICE -m NODE --force-promote}
 * (or {@code -r}) first records in the cluster's record of the database copies that NODE's copy may be
 * made primary at its next start whatever its state (outdated, catching up, unconfirmed after a double
 * failure), then asks for the start there as usual. Writes committed only on the other copies are
 * lost; the record marks those copies outdated, and the force is used by that one start.
 */
final class ForcePromote {
    static final String FLAG = "--force-promote";

    /** The arguments without the flag, and the node whose copy is forced (null: no force asked). */
    record Parsed(List<String> rest, String node) {}

    private ForcePromote() {}

    /** @throws IllegalArgumentException naming what is missing, when the flag lacks -e/-r SERVICE -m NODE */
    static Parsed parse(List<String> args, List<String> nodes) {
        if (!args.contains(FLAG)) return new Parsed(args, null);
        List<String> rest = new ArrayList<>(args);
        rest.removeIf(FLAG::equals);
        int m = rest.indexOf("-m");
        boolean startsIt = rest.contains("-e") || rest.contains("-r");
        if (!startsIt || m < 0 || m + 1 >= rest.size())
            throw new IllegalArgumentException(FLAG + " needs -e SERVICE -m NODE (or -r SERVICE -m NODE): the node whose database copy"
                    + " is made primary whatever its state");
        String node = rest.get(m + 1);
        if (!nodes.contains(node))
            throw new IllegalArgumentException(FLAG + ": '" + node + "' is not a node of cluster.conf (" + String.join(", ", nodes) + ")");
        return new Parsed(List.copyOf(rest), node);
    }

    /** What the operator is told before the start is asked. */
    static String warning(String node, ReplicaRecord before) {
        String others = before.copies().entrySet().stream().filter(e -> !e.getKey().equals(node) && e.getValue().hasEveryCommit())
                .map(e -> e.getKey() + " (" + e.getValue().word() + ")").reduce((a, b) -> a + ", " + b).orElse("none");
        return "WARNING: --force-promote: the copy on " + node + " is " + (before.state(node) == null ? "unknown to the cluster"
                : before.state(node).word()) + "; it becomes the primary at its next start whatever its state. Writes committed only on"
                + " the other copies are LOST (copies with every commit now: " + others + "); those copies are marked outdated and"
                + " rejoin as standbys of it.";
    }

    /** Publishes the force for {@code node}; false when not every online member acknowledged it (nothing is asked then). */
    static boolean mark(ReplicaCluster cluster, String node) {
        ReplicaRecord cur = cluster.record();
        return cluster.publish(cur.withForce(node).next(cur));
    }
}

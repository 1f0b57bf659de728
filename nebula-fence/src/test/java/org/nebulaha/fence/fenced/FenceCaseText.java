package org.nebulaha.fence.fenced;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.nebulaha.conf.model.ClusterConf;
import org.nebulaha.conf.model.ClusterNode;
import org.nebulaha.fence.fenced.NodeState.Fate;

/**
 * fenced's view in the case-folder format (state.txt):
 * <pre>
 * # two-node race, node2 side: waits race_delay
 * now 2026-11-25T10:01:40Z
 * self node2
 * quorate since 2026-11-25T10:00:00Z      (or: quorate no)
 * node node1 failed since 2026-11-25T10:01:40Z [member|not-member]
 * </pre>
 * Fates: active, never, left, failed, fenced, rejoined. Active nodes are members unless marked
 * {@code not-member}; other nodes are not, unless marked {@code member}. Nodeids come from cluster.conf.
 */
final class FenceCaseText {
    record Input(Instant now, FenceView view) {}

    private FenceCaseText() {}

    static Input parse(ClusterConf conf, String text, String source) {
        Instant now = null;
        String self = null;
        Boolean quorate = null;
        Instant quorateSince = null;
        List<NodeState> nodes = new ArrayList<>();
        int n = 0;
        for (String raw : text.split("\n")) {
            n++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            String[] f = line.split("\\s+");
            String where = source + ":" + n + ": ";
            try {
                switch (f[0]) {
                    case "now" -> now = Instant.parse(f[1]);
                    case "self" -> self = f[1];
                    case "quorate" -> {
                        quorate = !f[1].equals("no");
                        if (quorate) {
                            if (f.length != 3 || !f[1].equals("since")) throw new IllegalArgumentException("expected 'quorate since TIME' or 'quorate no'");
                            quorateSince = Instant.parse(f[2]);
                        }
                    }
                    case "node" -> {
                        if (f.length < 5 || !f[3].equals("since")) throw new IllegalArgumentException("expected 'node NAME FATE since TIME [member|not-member]'");
                        Fate fate = fate(f[2]);
                        boolean member = f.length > 5 ? f[5].equals("member") : fate == Fate.ACTIVE;
                        int id = conf.node(f[1]).map(ClusterNode::nodeid)
                                .orElseThrow(() -> new IllegalArgumentException("no clusternode " + f[1] + " in cluster.conf"));
                        nodes.add(new NodeState(f[1], id, member, fate, Instant.parse(f[4])));
                    }
                    default -> throw new IllegalArgumentException("unknown keyword '" + f[0] + "'; expected now, self, quorate or node");
                }
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(where + "'" + e.getParsedString() + "' is not a UTC time like 2026-11-25T10:41:07Z");
            } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
                throw new IllegalArgumentException(where + e.getMessage(), e);
            }
        }
        if (now == null || self == null || quorate == null) throw new IllegalArgumentException(source + ": needs the lines now, self and quorate");
        String me = self;
        int selfId = conf.node(me).map(ClusterNode::nodeid).orElseThrow(() -> new IllegalArgumentException(source + ": self " + me + " is no clusternode"));
        return new Input(now, new FenceView(selfId, quorate, quorateSince, nodes));
    }

    static Fate fate(String word) {
        return switch (word) {
            case "active" -> Fate.ACTIVE;
            case "never" -> Fate.NEVER_SEEN;
            case "left" -> Fate.LEFT_CLEANLY;
            case "failed" -> Fate.FAILED;
            case "fenced" -> Fate.FENCED;
            case "rejoined" -> Fate.REJOINED;
            default -> throw new IllegalArgumentException("unknown fate '" + word + "'; expected active, never, left, failed, fenced or rejoined");
        };
    }
}

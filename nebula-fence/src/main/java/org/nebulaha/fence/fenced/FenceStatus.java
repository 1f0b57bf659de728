package org.nebulaha.fence.fenced;

import java.time.Instant;
import org.nebulaha.fence.fenced.NodeState.Fate;

/**
 * What fenced says about one node, for {@code clustat}, {@code fence_tool ls}-style listings and
 * the resource manager.
 *
 * @param node            node name
 * @param nodeid          nodeid
 * @param member          in this node's membership now
 * @param fate            what happened to it (see {@link Fate})
 * @param since           when that fate began
 * @param fencedSinceLost no fencing is owed: recovery of what it ran may go ahead
 * @param decision        fenced's current decision about it ({@link FenceDecision#describe()}), or "" when none
 * @param failedPasses    passes over its methods that failed since it was lost
 * @param fencing         an agent is running for it now
 */
public record FenceStatus(String node, int nodeid, boolean member, Fate fate, Instant since, boolean fencedSinceLost,
                          String decision, int failedPasses, boolean fencing) {

    /** One line, e.g. {@code node2 nodeid 2 failed since 2026-...: FENCING PENDING, 2 failed passes; hold ...}. */
    public String describe() {
        return node + " nodeid " + nodeid + (member ? " member" : " not member") + " " + fate.name().toLowerCase(java.util.Locale.ROOT)
                + " since " + since + ": " + (fencedSinceLost ? "nothing owed" : "FENCING PENDING, recovery blocked")
                + (failedPasses > 0 ? ", " + failedPasses + " failed passes" : "") + (fencing ? ", agent running" : "")
                + (decision.isEmpty() ? "" : "; " + decision);
    }
}

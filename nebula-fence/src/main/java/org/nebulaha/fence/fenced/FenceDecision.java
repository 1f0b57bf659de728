package org.nebulaha.fence.fenced;

import java.time.Instant;

/**
 * What fenced does about one node now. Every decision names its {@link Reason} and a detail with
 * the numbers, e.g. {@code fence node2 (member-failed: delay 0 s, node1 has the lower nodeid)}.
 */
public sealed interface FenceDecision permits FenceDecision.Fence, FenceDecision.Wait, FenceDecision.Hold, FenceDecision.Drop {
    String node();

    Reason reason();

    String detail();

    /** Whether the node counts as safe for recovery after this decision (only {@link Drop}). */
    default boolean releasesNode() {
        return this instanceof Drop;
    }

    /** One line for logs: verb, node, rule and detail. */
    default String describe() {
        String verb = this instanceof Fence ? "fence" : this instanceof Wait w ? "wait until " + w.until() + " to fence"
                : this instanceof Hold ? "hold (not fencing yet)" : "no fencing needed for";
        return verb + " " + node() + " (" + reason().rule() + (detail().isEmpty() ? "" : ": " + detail()) + ")";
    }

    /** Run the node's fence methods now. */
    record Fence(String node, Reason reason, String detail) implements FenceDecision {}

    /** Decide again at {@code until}; the node stays a victim meanwhile. */
    record Wait(String node, Instant until, Reason reason, String detail) implements FenceDecision {}

    /** Nothing to do until an event (quorum, membership, another member's result, fence_node); still a victim. */
    record Hold(String node, Reason reason, String detail) implements FenceDecision {}

    /** No fencing is needed: the node is no victim (left cleanly, clean_start, skip_undefined). */
    record Drop(String node, Reason reason, String detail) implements FenceDecision {}
}

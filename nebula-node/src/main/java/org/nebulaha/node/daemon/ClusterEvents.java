package org.nebulaha.node.daemon;

import org.nebulaha.conf.model.ClusterConf;
import org.nebulaha.membership.model.LossKind;
import org.nebulaha.membership.model.MemberInfo;
import org.nebulaha.membership.quorum.QuorumDecision;

/**
 * What fencing and the resource manager hear from membership and quorum. All calls come in the
 * order things happened, one at a time, on the daemon's single event thread, so an implementation
 * needs no locking of its own for these. Do not block for long: the next event waits.
 *
 * <p>Order guarantees: a member's {@code memberJoined} comes before its {@code memberLost}; a
 * {@code quorumChanged} caused by a loss comes after that {@code memberLost}.
 */
public interface ClusterEvents {
    /** A node joined (its name, nodeid, incarnation and join time are known). Also called for this node at start. */
    default void memberJoined(MemberInfo member) {}

    /**
     * A node left. {@link LossKind#CLEAN_LEAVE}: it announced its leave (cman_tool leave, SIGTERM) and
     * must not be fenced. {@link LossKind#FAILED}: crash, power loss, hang or partition.
     */
    default void memberLost(MemberInfo member, LossKind kind) {}

    /** Quorum was gained or lost (or its numbers changed); {@code decision.quorate()} tells which. */
    default void quorumChanged(QuorumDecision decision) {}

    /** A new cluster.conf was activated ({@code cman_tool version -r}). */
    default void configChanged(ClusterConf conf) {}
}

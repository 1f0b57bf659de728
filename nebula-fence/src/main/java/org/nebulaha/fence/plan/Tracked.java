package org.nebulaha.fence.plan;

import java.time.Instant;
import org.nebulaha.fence.fenced.FenceDecision;
import org.nebulaha.fence.fenced.NodeState;
import org.nebulaha.fence.fenced.NodeState.Fate;

/**
 * What fenced knows about one other node, as an immutable value ({@link FenceTracking} makes the next one).
 *
 * @param member       in this node's membership now
 * @param fate         what happened to it since this node started
 * @param since        when the fate began
 * @param incarnation  its incarnation when last seen (-1: never)
 * @param joinedAt     when it last joined (null: never)
 * @param fencedAt     when it was last fenced, by anyone (null: never)
 * @param failedPasses passes over its methods that failed since it was lost
 * @param retryAt      no new pass before this (back-off after a failed pass; null: none)
 * @param statusAsked  its devices were asked, during this loss, whether it is already off
 * @param decision     the last decision about it (null: none owed)
 */
public record Tracked(String name, int nodeid, boolean member, Fate fate, Instant since, long incarnation, Instant joinedAt,
                      Instant fencedAt, int failedPasses, Instant retryAt, boolean statusAsked, FenceDecision decision) {

    /** A configured node not seen yet since this node started at {@code now}. */
    public static Tracked neverSeen(String name, int nodeid, Instant now) {
        return new Tracked(name, nodeid, false, Fate.NEVER_SEEN, now, -1, null, null, 0, null, false, null);
    }

    /** A node added to cluster.conf while fenced runs: it owes nothing (startup fencing is for the formation). */
    public static Tracked added(String name, int nodeid, Instant now) {
        return new Tracked(name, nodeid, false, Fate.ACTIVE, now, -1, null, null, 0, null, false, null);
    }

    public NodeState state() {
        return new NodeState(name, nodeid, member, fate, since);
    }

    /** No fencing owed: not a victim, or a rule (clean_start, skip_undefined) released it. */
    public boolean released() {
        return !state().isVictim() || decision instanceof FenceDecision.Drop;
    }

    Tracked with(boolean member, Fate fate, Instant since) {
        return new Tracked(name, nodeid, member, fate, since, incarnation, joinedAt, fencedAt, failedPasses, retryAt, statusAsked, decision);
    }

    Tracked withSeen(long incarnation, Instant joinedAt) {
        return new Tracked(name, nodeid, member, fate, since, incarnation, joinedAt, fencedAt, failedPasses, retryAt, statusAsked, decision);
    }

    Tracked withAttempts(int failedPasses, Instant retryAt, boolean statusAsked) {
        return new Tracked(name, nodeid, member, fate, since, incarnation, joinedAt, fencedAt, failedPasses, retryAt, statusAsked, decision);
    }

    Tracked withFencedAt(Instant at) {
        return new Tracked(name, nodeid, member, fate, since, incarnation, joinedAt, at, failedPasses, retryAt, statusAsked, decision);
    }

    public Tracked withDecision(FenceDecision d) {
        return new Tracked(name, nodeid, member, fate, since, incarnation, joinedAt, fencedAt, failedPasses, retryAt, statusAsked, d);
    }

    /** One line for case files and status: fate, membership, passes. */
    public String describe() {
        return name + " " + fate.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + " since " + since
                + (member ? ", member" : "") + (failedPasses > 0 ? ", " + failedPasses + " failed passes" : "")
                + (retryAt != null ? ", retry at " + retryAt : "");
    }
}

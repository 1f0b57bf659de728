package org.nebulaha.fence.fenced;

import java.time.Instant;

/**
 * What this node knows about one configured node, as fenced's decision needs it.
 *
 * @param name      clusternode name
 * @param nodeid    clusternode nodeid
 * @param member    currently in this node's membership
 * @param fate      what happened to it since this node started
 * @param since     when the fate began (loss time for FAILED and LEFT_CLEANLY, fence time for FENCED);
 *                  for NEVER_SEEN and ACTIVE the time this node started
 */
public record NodeState(String name, int nodeid, boolean member, Fate fate, Instant since) {
    public enum Fate {
        /** A member, nothing pending. */
        ACTIVE,
        /** Configured but not seen as a member since this node started (startup fencing applies). */
        NEVER_SEEN,
        /** It announced its leave: it stopped its services and is never fenced. */
        LEFT_CLEANLY,
        /** Lost without a clean leave (crash, power loss, hang, partition): a victim until fenced. */
        FAILED,
        /** Fenced (by us, by another member or by hand) after it was lost. */
        FENCED,
        /** It failed, then came back with a new incarnation: it restarted, so it runs nothing from before. */
        REJOINED
    }

    public NodeState {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("node without a name");
        if (nodeid < 1) throw new IllegalArgumentException("node " + name + ": nodeid " + nodeid + " must be 1 or more");
    }

    /** True while fencing is still owed: recovery of what it ran must wait. */
    public boolean isVictim() {
        return fate == Fate.FAILED || fate == Fate.NEVER_SEEN;
    }

    public NodeState with(boolean member, Fate fate, Instant since) {
        return new NodeState(name, nodeid, member, fate, since);
    }
}

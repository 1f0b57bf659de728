package org.nebulaha.fence.fenced;

import java.time.Instant;
import org.nebulaha.fence.fenced.FenceDecision.Drop;
import org.nebulaha.fence.fenced.NodeState.Fate;

/** Fenced's mutable record of one other node; guarded by the owning {@link Fenced}'s lock. */
final class TrackedNode {
    final String name;
    final int nodeid;
    boolean member;
    Fate fate;
    Instant since;
    long incarnation = -1;
    Instant joinedAt;
    Instant fencedAt;
    int failedPasses;
    Instant retryAt;
    boolean inFlight;
    /** The fence devices were asked, during this loss, whether the node is already powered off. */
    boolean statusAsked;
    FenceDecision decision;
    String logged = "";

    TrackedNode(String name, int nodeid, Fate fate, Instant since) {
        this.name = name;
        this.nodeid = nodeid;
        this.fate = fate;
        this.since = since;
    }

    NodeState state() {
        return new NodeState(name, nodeid, member, fate, since);
    }

    /** No fencing owed: not a victim, or a rule (clean_start, skip_undefined) released it. */
    boolean released() {
        return !state().isVictim() || decision instanceof Drop;
    }
}

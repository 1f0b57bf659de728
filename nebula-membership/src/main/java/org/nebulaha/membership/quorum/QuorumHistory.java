package org.nebulaha.membership.quorum;

import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;

/**
 * What {@link Quorum#decide} needs to remember between calls; each decision returns the next one.
 *
 * @param waitForAllSatisfied all configured nodes were members at the same time once (or a peer
 *                            that was already past wait_for_all told us so); stays true until the
 *                            daemon restarts
 * @param members             the member set of the previous call
 * @param membersSince        when that member set was first seen (for the last_man_standing window)
 * @param lmsExpectedVotes    expected votes lowered by last_man_standing, 0 when not lowered
 * @param lmsMembers          the members when expected votes were last lowered (tie-breaker reference)
 */
public record QuorumHistory(boolean waitForAllSatisfied, Set<Integer> members, Instant membersSince,
                            int lmsExpectedVotes, Set<Integer> lmsMembers) {

    public QuorumHistory {
        members = Set.copyOf(new TreeSet<>(members));
        lmsMembers = Set.copyOf(new TreeSet<>(lmsMembers));
        if (membersSince == null) throw new IllegalArgumentException("membersSince is required");
        if (lmsExpectedVotes < 0) throw new IllegalArgumentException("lmsExpectedVotes must be 0 or more");
    }

    /** The state of a daemon that has just started at {@code now}: nothing seen yet. */
    public static QuorumHistory initial(Instant now) {
        return new QuorumHistory(false, Set.of(), now, 0, Set.of());
    }
}

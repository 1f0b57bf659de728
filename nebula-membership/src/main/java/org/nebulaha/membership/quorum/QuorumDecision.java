package org.nebulaha.membership.quorum;

import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The result of {@link Quorum#decide}: whether this partition is quorate, the numbers
 * {@code cman_tool status} prints, the flags, the rule that decided and the history to pass to the
 * next call.
 */
public record QuorumDecision(boolean quorate, int totalVotes, int expectedVotes, int quorum,
                             Set<QuorumFlag> flags, String reason, QuorumHistory next) {

    public QuorumDecision {
        flags = flags.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(flags));
    }

    /** The Flags line words in a fixed order, e.g. {@code 2node Quorate WaitForAll}. */
    public String flagsText() {
        EnumSet<QuorumFlag> ordered = EnumSet.noneOf(QuorumFlag.class);
        ordered.addAll(flags);
        return ordered.stream().map(QuorumFlag::label).collect(Collectors.joining(" "));
    }

    /** Same quorum facts (ignoring the history), to tell whether anything worth announcing changed. */
    public boolean sameOutcome(QuorumDecision o) {
        return o != null && quorate == o.quorate && totalVotes == o.totalVotes && expectedVotes == o.expectedVotes
                && quorum == o.quorum && flags.equals(o.flags);
    }
}

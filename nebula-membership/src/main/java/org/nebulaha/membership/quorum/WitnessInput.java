package org.nebulaha.membership.quorum;

import java.util.Optional;
import java.util.Set;

/**
 * What this node knows of the quorum witness when it decides quorum ({@link Quorum#decide}).
 *
 * @param votes    the witness's votes ({@code <quorumd votes>}); 0 = no witness configured
 * @param status   the witness's last answer, as far as it is still fresh
 * @param votedFor with {@link Status#NO_VOTE}: the partition the witness votes for, when it said
 */
public record WitnessInput(int votes, Status status, Optional<Set<Integer>> votedFor) {
    public enum Status {
        /** no witness configured */
        NONE("none"),
        /** a fresh vote for this node's current member set */
        VOTE("vote"),
        /** a fresh answer: the vote went to another partition (or nobody) */
        NO_VOTE("no vote"),
        /** connected, the witness is still waiting for every node's new membership */
        WAITING("waiting"),
        /** no fresh answer: the witness is down or unreachable (counts no vote) */
        LOST("lost"),
        /** this node stood still longer than the witness timeout and has had no fresh answer since */
        FROZEN("frozen");

        private final String label;

        Status(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public static final WitnessInput NONE = new WitnessInput(0, Status.NONE, Optional.empty());

    public WitnessInput {
        if (votes < 0) throw new IllegalArgumentException("witness votes must be 0 or more: " + votes);
        votedFor = votedFor.map(Set::copyOf);
    }

    public static WitnessInput of(int votes, Status status) {
        return new WitnessInput(votes, status, Optional.empty());
    }

    public boolean configured() {
        return votes > 0 && status != Status.NONE;
    }
}

package org.nebulaha.membership.quorum;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Decides whether a partition is quorate, with the semantics of corosync's votequorum as cman used
 * it. Rules, applied in this order:
 * <ol>
 *   <li>Only configured nodes count; each brings its {@code votes} (default 1). Member ids that are
 *       not in cluster.conf bring nothing.</li>
 *   <li>Expected votes = {@code expected_votes} or else the sum of all configured votes; lowered by
 *       last_man_standing (rule 6); never below the votes present (except with two_node, where
 *       cman keeps {@code expected_votes="1"}).</li>
 *   <li>Quorum = floor(expected / 2) + 1; with {@code two_node} quorum is 1 (either node alone is
 *       quorate: fencing, not votes, prevents split brain).</li>
 *   <li>wait_for_all (implied by two_node unless set to 0): not quorate until every configured node
 *       has been a member at the same time once, or a peer reports it has been.</li>
 *   <li>Quorate when the present votes reach quorum. With {@code auto_tie_breaker}, an exact 50/50
 *       split (votes * 2 == expected) is quorate on the side that holds the lowest nodeid of the
 *       reference set: all configured nodes, or the members when last_man_standing last lowered
 *       expected votes.</li>
 *   <li>last_man_standing: when quorate with fewer votes than expected and the member set has not
 *       changed for the window, expected votes drop to the present votes. Expected votes rise back
 *       as nodes return (rule 2), up to the configured value.</li>
 * </ol>
 * With a quorum witness ({@link WitnessInput}, {@code <quorumd>}): expected votes (when not set)
 * are the nodes' votes plus the witness's, and the witness's votes count only with a fresh vote for
 * this partition ({@link WitnessInput.Status#VOTE}). Two more rules make a stale view inquorate: a
 * node that stood still longer than the witness timeout ({@link WitnessInput.Status#FROZEN}), and a
 * node the witness says voted for a partition holding one of its members but not itself.
 * Example: 3 nodes, 1 vote each, members {1,2}: votes 2, expected 3, quorum 2, quorate.
 * Design note: docs/design/membership.md.
 */
public final class Quorum {
    private Quorum() {}

    /**
     * @param config                   the quorum configuration
     * @param members                  node ids of the current members (this node included)
     * @param peerSatisfiedWaitForAll  a current member reports it is past wait_for_all
     * @param history                  the {@code next} of the previous decision, or {@link QuorumHistory#initial}
     * @param now                      the current time (only used for the last_man_standing window)
     */
    public static QuorumDecision decide(QuorumConfig config, Set<Integer> members, boolean peerSatisfiedWaitForAll,
                                        QuorumHistory history, Instant now) {
        return decide(config, members, peerSatisfiedWaitForAll, history, now, WitnessInput.NONE);
    }

    /** As above, with what this node knows of the quorum witness. */
    public static QuorumDecision decide(QuorumConfig config, Set<Integer> members, boolean peerSatisfiedWaitForAll,
                                        QuorumHistory history, Instant now, WitnessInput witness) {
        Set<Integer> present = new TreeSet<>();
        for (int id : members) if (config.votesByNodeId().containsKey(id)) present.add(id);
        boolean withWitness = witness.configured();
        int witnessVotes = withWitness && witness.status() == WitnessInput.Status.VOTE ? witness.votes() : 0;
        int votes = present.stream().mapToInt(config::votesOf).sum() + witnessVotes;
        int configuredExpected = withWitness ? config.expectedVotes().orElse(config.configuredVotes() + witness.votes())
                : config.configuredExpectedVotes();

        Instant since = present.equals(history.members()) ? history.membersSince() : now;

        // Rule 2: expected votes, possibly lowered by last_man_standing, never below what is present.
        int lmsExpected = history.lmsExpectedVotes();
        Set<Integer> lmsMembers = history.lmsMembers();
        if (lmsExpected > 0 && votes >= configuredExpected) {
            lmsExpected = 0;
            lmsMembers = Set.of();
        }
        int expected = lmsExpected > 0 ? Math.min(configuredExpected, Math.max(lmsExpected, votes)) : configuredExpected;
        // cman: a two_node cluster keeps expected_votes="1" even when both nodes are up
        if (!config.twoNode()) expected = Math.max(expected, votes);
        if (lmsExpected > 0 && expected > lmsExpected) {
            // nodes came back: the lowered value follows them up
            lmsExpected = expected;
            lmsMembers = present;
        }

        // Rule 4: wait_for_all.
        boolean allSeen = present.containsAll(config.votesByNodeId().keySet());
        boolean wfaSatisfied = history.waitForAllSatisfied() || allSeen || peerSatisfiedWaitForAll;

        EnumSet<QuorumFlag> flags = EnumSet.noneOf(QuorumFlag.class);
        if (config.twoNode()) flags.add(QuorumFlag.TWO_NODE);
        if (config.isWaitForAll()) flags.add(QuorumFlag.WAIT_FOR_ALL);
        if (config.lastManStanding()) flags.add(QuorumFlag.LAST_MAN_STANDING);
        if (config.autoTieBreaker()) flags.add(QuorumFlag.AUTO_TIE_BREAKER);
        if (withWitness) flags.add(QuorumFlag.QDEVICE);

        Outcome o = evaluate(config, present, votes, expected, wfaSatisfied, lmsMembers);
        if (withWitness) o = witnessRules(o, witness, present, votes, expected);

        // Rule 6: last_man_standing lowers expected votes once the membership was stable for the window.
        if (config.lastManStanding() && o.quorate && votes < expected) {
            Duration stable = Duration.between(since, now);
            if (stable.compareTo(config.lastManStandingWindow()) >= 0) {
                int from = expected;
                lmsExpected = votes;
                lmsMembers = present;
                expected = votes;
                o = evaluate(config, present, votes, expected, wfaSatisfied, lmsMembers);
                o = new Outcome(o.quorate, o.quorum, "last_man_standing: expected votes lowered from " + from + " to " + votes
                        + " after " + stable.toMillis() + " ms of stable membership " + ids(present) + "; " + o.reason);
            }
        }
        if (o.quorate) flags.add(QuorumFlag.QUORATE);
        QuorumHistory next = new QuorumHistory(wfaSatisfied, present, since, lmsExpected, lmsMembers);
        return new QuorumDecision(o.quorate, votes, expected, o.quorum, flags, o.reason, next);
    }

    private record Outcome(boolean quorate, int quorum, String reason) {}

    private static Outcome witnessRules(Outcome o, WitnessInput w, Set<Integer> present, int votes, int expected) {
        String numbers = "votes " + votes + ", expected " + expected + ", quorum " + o.quorum;
        if (w.status() == WitnessInput.Status.FROZEN)
            return new Outcome(false, o.quorum, "inquorate: this node stood still longer than the witness timeout; its view "
                    + ids(present) + " may be stale and the witness's vote may have gone to another partition (" + numbers + ")");
        if (w.status() == WitnessInput.Status.NO_VOTE && w.votedFor().isPresent()) {
            Set<Integer> voted = w.votedFor().get();
            Set<Integer> shared = new TreeSet<>(present);
            shared.retainAll(voted);
            if (!shared.isEmpty() && !voted.containsAll(present))
                return new Outcome(false, o.quorum, "inquorate: the witness votes for " + ids(voted) + ", which holds "
                        + ids(shared) + " of this partition " + ids(present) + ": this node's view is out of date (" + numbers + ")");
        }
        return new Outcome(o.quorate, o.quorum, o.reason + "; witness: " + w.status().label()
                + (w.status() == WitnessInput.Status.VOTE ? " (+" + w.votes() + ")" : ""));
    }

    private static Outcome evaluate(QuorumConfig config, Set<Integer> present, int votes, int expected,
                                    boolean wfaSatisfied, Set<Integer> lmsMembers) {
        int quorum = config.twoNode() ? 1 : expected / 2 + 1;
        String numbers = "votes " + votes + ", expected " + expected + ", quorum " + quorum;
        if (config.isWaitForAll() && !wfaSatisfied)
            return new Outcome(false, quorum, "inquorate: wait_for_all: the " + config.votesByNodeId().size()
                    + " configured nodes " + ids(config.votesByNodeId().keySet()) + " have not all been members at once yet (members "
                    + ids(present) + "; " + numbers + ")");
        if (votes >= quorum)
            return new Outcome(true, quorum, "quorate: " + numbers + (config.twoNode() ? " (two_node)" : ""));
        if (config.autoTieBreaker() && votes * 2 == expected) {
            Set<Integer> reference = lmsMembers.isEmpty() ? config.votesByNodeId().keySet() : lmsMembers;
            int lowest = new TreeSet<>(reference).first();
            if (present.contains(lowest))
                return new Outcome(true, quorum, "quorate: auto_tie_breaker: 50/50 split and this partition holds node "
                        + lowest + ", the lowest nodeid (" + numbers + ")");
            return new Outcome(false, quorum, "inquorate: auto_tie_breaker: 50/50 split and node " + lowest
                    + ", the lowest nodeid, is on the other side (" + numbers + ")");
        }
        return new Outcome(false, quorum, "inquorate: " + numbers);
    }

    private static String ids(Set<Integer> ids) {
        return new TreeSet<>(ids).stream().map(String::valueOf).collect(Collectors.joining(",", "{", "}"));
    }
}

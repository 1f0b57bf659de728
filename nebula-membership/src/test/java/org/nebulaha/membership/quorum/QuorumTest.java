package org.nebulaha.membership.quorum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QuorumTest {
    static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    /** "1:1 2:1 3:2" -> nodeid:votes; options: two_node, wfa, nowfa, atb, lms, expected=N. */
    static QuorumConfig config(String nodes, String options) {
        Map<Integer, Integer> votes = new TreeMap<>();
        for (String nv : nodes.trim().split("\\s+")) {
            String[] p = nv.split(":");
            votes.put(Integer.parseInt(p[0]), p.length > 1 ? Integer.parseInt(p[1]) : 1);
        }
        Set<String> opts = options == null || options.isBlank() ? Set.of() : Set.of(options.trim().split("\\s+"));
        OptionalInt expected = opts.stream().filter(o -> o.startsWith("expected=")).mapToInt(o -> Integer.parseInt(o.substring(9))).findFirst();
        Optional<Boolean> wfa = opts.contains("wfa") ? Optional.of(true) : opts.contains("nowfa") ? Optional.of(false) : Optional.empty();
        return new QuorumConfig(votes, expected, opts.contains("two_node"), wfa, opts.contains("lms"),
                Duration.ofSeconds(10), opts.contains("atb"));
    }

    static Set<Integer> ids(String list) {
        if (list == null || list.isBlank()) return Set.of();
        return Arrays.stream(list.trim().split(",")).map(String::trim).map(Integer::valueOf).collect(Collectors.toSet());
    }

    /** History of a cluster that has already seen all its nodes (wait_for_all satisfied). */
    static QuorumHistory settled() {
        return new QuorumHistory(true, Set.of(), T0, 0, Set.of());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        # case                                        | nodes            | options                  | members  | seen all before | quorate | votes | expected | quorum | reason contains
        3 nodes all up                                 | 1 2 3            |                          | 1,2,3    | false           | true    | 3     | 3        | 2      | votes 3, expected 3, quorum 2
        3 nodes, one lost                              | 1 2 3            |                          | 1,2      | true            | true    | 2     | 3        | 2      | quorate
        3 nodes, isolated node                         | 1 2 3            |                          | 3        | true            | false   | 1     | 3        | 2      | inquorate: votes 1
        2 nodes without two_node, one lost             | 1 2              |                          | 1        | true            | false   | 1     | 2        | 2      | inquorate
        2 nodes, both up                               | 1 2              |                          | 1,2      | false           | true    | 2     | 2        | 2      | quorate
        4 nodes, half                                  | 1 2 3 4          |                          | 1,2      | true            | false   | 2     | 4        | 3      | inquorate
        5 nodes, three                                 | 1 2 3 4 5        |                          | 3,4,5    | true            | true    | 3     | 5        | 3      | quorate
        5 nodes, two                                   | 1 2 3 4 5        |                          | 1,2      | true            | false   | 2     | 5        | 3      | inquorate
        weighted: node 1 has 3 votes alone             | 1:3 2 3          |                          | 1        | true            | true    | 3     | 5        | 3      | quorate
        weighted: the two light nodes                  | 1:3 2 3          |                          | 2,3      | true            | false   | 2     | 5        | 3      | inquorate
        zero-vote node adds nothing                    | 1 2 3:0          |                          | 1,3      | true            | false   | 1     | 2        | 2      | inquorate
        expected_votes set lower                       | 1 2 3            | expected=1               | 3        | true            | true    | 1     | 1        | 1      | quorate
        expected_votes below present votes rises       | 1 2 3            | expected=1               | 1,2,3    | true            | true    | 3     | 3        | 2      | quorate
        expected_votes set higher                      | 1 2 3            | expected=5               | 1,2      | true            | false   | 2     | 5        | 3      | inquorate
        unknown member id brings no votes              | 1 2 3            |                          | 3,9      | true            | false   | 1     | 3        | 2      | inquorate
        two_node: alone at first start waits for all   | 1 2              | two_node expected=1      | 1        | false           | false   | 1     | 1        | 1      | wait_for_all
        two_node: both seen                            | 1 2              | two_node expected=1      | 1,2      | false           | true    | 2     | 1        | 1      | two_node
        two_node: survivor after both were seen        | 1 2              | two_node expected=1      | 2        | true            | true    | 1     | 1        | 1      | two_node
        two_node with wait_for_all off: alone at start | 1 2              | two_node expected=1 nowfa | 1       | false           | true    | 1     | 1        | 1      | quorate
        wait_for_all: majority at first start waits    | 1 2 3            | wfa                      | 1,2      | false           | false   | 2     | 3        | 2      | have not all been members at once
        wait_for_all: majority after all were seen     | 1 2 3            | wfa                      | 1,2      | true            | true    | 2     | 3        | 2      | quorate
        auto_tie_breaker: half holding node 1          | 1 2 3 4          | atb                      | 1,3      | true            | true    | 2     | 4        | 3      | lowest nodeid
        auto_tie_breaker: half without node 1          | 1 2 3 4          | atb                      | 2,4      | true            | false   | 2     | 4        | 3      | on the other side
        auto_tie_breaker: not a 50/50 split            | 1 2 3 4 5        | atb                      | 1,2      | true            | false   | 2     | 5        | 3      | inquorate: votes 2
        auto_tie_breaker: 2 nodes, node 1 survives     | 1 2              | atb                      | 1        | true            | true    | 1     | 2        | 2      | lowest nodeid
        auto_tie_breaker: 2 nodes, node 2 alone        | 1 2              | atb                      | 2        | true            | false   | 1     | 2        | 2      | other side
        """)
    void decidesQuorumLikeVotequorum(String name, String nodes, String options, String members, boolean seenAll,
                                     boolean quorate, int votes, int expected, int quorum, String reason) {
        QuorumHistory h = seenAll ? settled() : QuorumHistory.initial(T0);
        QuorumDecision d = Quorum.decide(config(nodes, options), ids(members), false, h, T0);
        assertThat(d.quorate()).as(d.reason()).isEqualTo(quorate);
        assertThat(d.totalVotes()).as(d.reason()).isEqualTo(votes);
        assertThat(d.expectedVotes()).as(d.reason()).isEqualTo(expected);
        assertThat(d.quorum()).as(d.reason()).isEqualTo(quorum);
        assertThat(d.reason()).contains(reason);
        assertThat(d.flags().contains(QuorumFlag.QUORATE)).isEqualTo(quorate);
    }

    /** The node's side of the witness: its votes count only when fresh and for this partition. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        # case                                             | nodes | members | witness  | voted for | quorate | votes | expected | quorum | reason contains
        both nodes and the witness's vote                  | 1 2   | 1,2     | VOTE     |           | true    | 3     | 3        | 2      | witness: vote (+1)
        witness lost, both nodes still add up              | 1 2   | 1,2     | LOST     |           | true    | 2     | 3        | 2      | witness: lost
        survivor with the witness's vote                   | 1 2   | 2       | VOTE     |           | true    | 2     | 3        | 2      | quorate
        cut-off node, the vote went to the other side      | 1 2   | 1       | NO_VOTE  | 2         | false   | 1     | 3        | 2      | inquorate: votes 1
        witness waiting: no vote yet                       | 1 2   | 2       | WAITING  |           | false   | 1     | 3        | 2      | witness: waiting
        witness and one node lost: the survivor stops      | 1 2   | 1       | LOST     |           | false   | 1     | 3        | 2      | inquorate: votes 1
        resumed node with an old view, vote went elsewhere | 1 2   | 1,2     | NO_VOTE  | 2         | false   | 2     | 3        | 2      | view is out of date
        resumed node, frozen past the witness timeout      | 1 2   | 1,2     | FROZEN   |           | false   | 2     | 3        | 2      | stood still
        no vote, the winner is another whole partition     | 1 2 3 4 | 1,2   | NO_VOTE  | 3,4       | false   | 2     | 5        | 3      | inquorate: votes 2
        four nodes, half with the witness's vote           | 1 2 3 4 | 1,2   | VOTE     |           | true    | 3     | 5        | 3      | quorate
        """)
    void countsTheWitnessVoteOnlyWhenFreshAndForThisPartition(String name, String nodes, String members, String status,
                                                             String votedFor, boolean quorate, int votes, int expected,
                                                             int quorum, String reason) {
        WitnessInput w = new WitnessInput(1, WitnessInput.Status.valueOf(status),
                votedFor == null ? Optional.empty() : Optional.of(ids(votedFor)));
        QuorumDecision d = Quorum.decide(config(nodes, ""), ids(members), false, settled(), T0, w);
        assertThat(d.quorate()).as(d.reason()).isEqualTo(quorate);
        assertThat(d.totalVotes()).as(d.reason()).isEqualTo(votes);
        assertThat(d.expectedVotes()).as(d.reason()).isEqualTo(expected);
        assertThat(d.quorum()).as(d.reason()).isEqualTo(quorum);
        assertThat(d.reason()).contains(reason);
    }

    @Test
    void flagsReadLikeCmanToolStatus() {
        QuorumDecision d = Quorum.decide(config("1 2", "two_node expected=1"), ids("1,2"), false, QuorumHistory.initial(T0), T0);
        assertThat(d.flagsText()).isEqualTo("2node Quorate WaitForAll");
    }

    @Nested
    class WaitForAll {
        @Test
        void staysSatisfiedOnceAllNodesWereSeen() {
            QuorumConfig c = config("1 2 3", "wfa");
            QuorumDecision all = Quorum.decide(c, ids("1,2,3"), false, QuorumHistory.initial(T0), T0);
            QuorumDecision later = Quorum.decide(c, ids("1,2"), false, all.next(), T0.plusSeconds(5));
            assertThat(later.quorate()).as(later.reason()).isTrue();
        }

        @Test
        void isSatisfiedByJoiningAPeerThatIsPastIt() {
            QuorumConfig c = config("1 2 3", "wfa");
            QuorumDecision d = Quorum.decide(c, ids("2,3"), true, QuorumHistory.initial(T0), T0);
            assertThat(d.quorate()).as(d.reason()).isTrue();
            assertThat(d.next().waitForAllSatisfied()).isTrue();
        }
    }

    @Nested
    class LastManStanding {
        final QuorumConfig c = config("1 2 3 4 5", "wfa lms");

        QuorumHistory afterAllSeen() {
            return Quorum.decide(c, ids("1,2,3,4,5"), false, QuorumHistory.initial(T0), T0).next();
        }

        @Test
        void keepsExpectedVotesBeforeTheWindowEnds() {
            QuorumDecision d = Quorum.decide(c, ids("1,2,3"), false, afterAllSeen(), T0.plusSeconds(1));
            QuorumDecision d2 = Quorum.decide(c, ids("1,2,3"), false, d.next(), T0.plusSeconds(10));
            assertThat(d2.expectedVotes()).isEqualTo(5);
            assertThat(d2.quorum()).isEqualTo(3);
        }

        @Test
        void lowersExpectedVotesAfterTheWindowSoTheNextLossIsSurvived() {
            QuorumDecision three = Quorum.decide(c, ids("1,2,3"), false, afterAllSeen(), T0.plusSeconds(1));
            QuorumDecision lowered = Quorum.decide(c, ids("1,2,3"), false, three.next(), T0.plusSeconds(11));
            assertThat(lowered.expectedVotes()).isEqualTo(3);
            assertThat(lowered.reason()).contains("last_man_standing: expected votes lowered from 5 to 3");
            QuorumDecision two = Quorum.decide(c, ids("1,2"), false, lowered.next(), T0.plusSeconds(12));
            assertThat(two.quorate()).as(two.reason()).isTrue();
            assertThat(two.quorum()).isEqualTo(2);
        }

        @Test
        void raisesExpectedVotesAgainWhenNodesReturn() {
            QuorumDecision three = Quorum.decide(c, ids("1,2,3"), false, afterAllSeen(), T0.plusSeconds(1));
            QuorumDecision lowered = Quorum.decide(c, ids("1,2,3"), false, three.next(), T0.plusSeconds(11));
            QuorumDecision back = Quorum.decide(c, ids("1,2,3,4"), false, lowered.next(), T0.plusSeconds(12));
            assertThat(back.expectedVotes()).isEqualTo(4);
            QuorumDecision all = Quorum.decide(c, ids("1,2,3,4,5"), false, back.next(), T0.plusSeconds(13));
            assertThat(all.expectedVotes()).isEqualTo(5);
            assertThat(all.next().lmsExpectedVotes()).isZero();
        }

        @Test
        void doesNotLowerWhileInquorate() {
            QuorumDecision two = Quorum.decide(c, ids("1,2"), false, afterAllSeen(), T0.plusSeconds(1));
            QuorumDecision later = Quorum.decide(c, ids("1,2"), false, two.next(), T0.plusSeconds(30));
            assertThat(later.quorate()).isFalse();
            assertThat(later.expectedVotes()).isEqualTo(5);
        }

        @Test
        void goesFromTwoToOneOnlyWithTheTieBreaker() {
            QuorumConfig atb = c.withAutoTieBreaker(true);
            QuorumHistory h = Quorum.decide(atb, ids("1,2,3,4,5"), false, QuorumHistory.initial(T0), T0).next();
            h = Quorum.decide(atb, ids("2,3"), false, h, T0.plusSeconds(1)).next();
            // {2,3} is not quorate (2 of 5) so nothing is lowered; use 3 survivors then 2
            h = Quorum.decide(atb, ids("2,3,4"), false, h, T0.plusSeconds(2)).next();
            h = Quorum.decide(atb, ids("2,3,4"), false, h, T0.plusSeconds(13)).next();
            h = Quorum.decide(atb, ids("2,3"), false, h, T0.plusSeconds(14)).next();
            QuorumDecision lowered = Quorum.decide(atb, ids("2,3"), false, h, T0.plusSeconds(25));
            assertThat(lowered.expectedVotes()).isEqualTo(2);
            QuorumDecision node2 = Quorum.decide(atb, ids("2"), false, lowered.next(), T0.plusSeconds(26));
            QuorumDecision node3 = Quorum.decide(atb, ids("3"), false, lowered.next(), T0.plusSeconds(26));
            assertThat(node2.quorate()).as(node2.reason()).isTrue();
            assertThat(node3.quorate()).as(node3.reason()).isFalse();
        }
    }

    @Nested
    class RefusedConfigurations {
        @Test
        void twoNodeNeedsExactlyTwoNodes() {
            assertThatThrownBy(() -> config("1 2 3", "two_node"))
                    .hasMessageContaining("two_node=\"1\" needs exactly two nodes");
        }

        @Test
        void twoNodeNeedsOneVoteEach() {
            assertThatThrownBy(() -> config("1:2 2", "two_node")).hasMessageContaining("one vote each");
        }

        @Test
        void lastManStandingNeedsWaitForAll() {
            assertThatThrownBy(() -> config("1 2 3", "lms")).hasMessageContaining("needs wait_for_all");
        }

        @Test
        void negativeVotesAreRefused() {
            assertThatThrownBy(() -> config("1:-1 2", "")).hasMessageContaining("votes must be 0 or more");
        }
    }
}

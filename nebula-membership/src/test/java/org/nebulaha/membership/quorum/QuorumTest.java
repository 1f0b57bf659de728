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

/** Quorum over time (wait_for_all, last_man_standing) and refused settings; single decisions are case folders (QuorumCasesTest). */
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

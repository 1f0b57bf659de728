package org.nebulaha.membership.quorum;

import java.nio.file.Path;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.nebulaha.testkit.CaseFolders;

/**
 * votequorum's rules as case folders (src/test/cases/quorum, nebula-testkit {@link CaseFolders}).
 * A state.txt reads:
 * <pre>
 * # 3 nodes, one lost
 * nodes 1 2 3:2          nodeid[:votes] of every clusternode (default 1 vote)
 * options two_node expected=1    optional: two_node, wfa, nowfa, atb, lms, expected=N
 * members 1,2            the current members ("-" for none)
 * seen-all yes           wait_for_all already satisfied (all nodes were members at once)
 * witness NO_VOTE voted-for 2   optional: the quorum witness (1 vote) as this node sees it: VOTE,
 *                        NO_VOTE (and the partition it voted for), WAITING, LOST or FROZEN
 * </pre>
 * expected.txt holds the decision: quorate, the numbers cman_tool prints, the flags and the reason.
 */
class QuorumCasesTest {
    static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    @TestFactory
    Stream<DynamicTest> everyCaseFolder() {
        return CaseFolders.run(Path.of("src/test/cases/quorum"), 36, QuorumCasesTest::decide);
    }

    static String decide(CaseFolders.Case c) {
        String nodes = null, options = "", members = null;
        Boolean seenAll = null;
        WitnessInput witness = null;
        int n = 0;
        for (String raw : c.state().split("\n")) {
            n++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            String key = line.split("\\s+", 2)[0];
            String val = line.substring(key.length()).strip();
            switch (key) {
                case "nodes" -> nodes = val;
                case "options" -> options = val;
                case "members" -> members = val.equals("-") ? "" : val;
                case "seen-all" -> seenAll = val.equals("yes");
                case "witness" -> {
                    String[] w = val.split("\\s+");
                    java.util.Optional<java.util.Set<Integer>> votedFor = w.length == 3 && w[1].equals("voted-for")
                            ? java.util.Optional.of(QuorumTest.ids(w[2])) : java.util.Optional.empty();
                    witness = new WitnessInput(1, WitnessInput.Status.valueOf(w[0]), votedFor);
                }
                default -> throw new IllegalArgumentException(c.name() + "/state.txt:" + n + ": unknown keyword '" + key
                        + "'; expected nodes, options, members, seen-all or witness");
            }
        }
        if (nodes == null || members == null || seenAll == null)
            throw new IllegalArgumentException(c.name() + "/state.txt: needs the lines nodes, members and seen-all");
        QuorumHistory h = seenAll ? new QuorumHistory(true, java.util.Set.of(), T0, 0, java.util.Set.of()) : QuorumHistory.initial(T0);
        QuorumDecision d = witness == null ? Quorum.decide(QuorumTest.config(nodes, options), QuorumTest.ids(members), false, h, T0)
                : Quorum.decide(QuorumTest.config(nodes, options), QuorumTest.ids(members), false, h, T0, witness);
        return "quorate " + (d.quorate() ? "yes" : "no") + "\n"
                + "votes " + d.totalVotes() + " expected " + d.expectedVotes() + " quorum " + d.quorum() + "\n"
                + "flags " + (d.flagsText().isEmpty() ? "-" : d.flagsText()) + "\n"
                + "reason " + d.reason() + "\n";
    }
}

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
 * </pre>
 * expected.txt holds the decision: quorate, the numbers cman_tool prints, the flags and the reason.
 */
class QuorumCasesTest {
    static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    @TestFactory
    Stream<DynamicTest> everyCaseFolder() {
        return CaseFolders.run(Path.of("src/test/cases/quorum"), 26, QuorumCasesTest::decide);
    }

    static String decide(CaseFolders.Case c) {
        String nodes = null, options = "", members = null;
        Boolean seenAll = null;
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
                default -> throw new IllegalArgumentException(c.name() + "/state.txt:" + n + ": unknown keyword '" + key
                        + "'; expected nodes, options, members or seen-all");
            }
        }
        if (nodes == null || members == null || seenAll == null)
            throw new IllegalArgumentException(c.name() + "/state.txt: needs the lines nodes, members and seen-all");
        QuorumHistory h = seenAll ? new QuorumHistory(true, java.util.Set.of(), T0, 0, java.util.Set.of()) : QuorumHistory.initial(T0);
        QuorumDecision d = Quorum.decide(QuorumTest.config(nodes, options), QuorumTest.ids(members), false, h, T0);
        return "quorate " + (d.quorate() ? "yes" : "no") + "\n"
                + "votes " + d.totalVotes() + " expected " + d.expectedVotes() + " quorum " + d.quorum() + "\n"
                + "flags " + (d.flagsText().isEmpty() ? "-" : d.flagsText()) + "\n"
                + "reason " + d.reason() + "\n";
    }
}

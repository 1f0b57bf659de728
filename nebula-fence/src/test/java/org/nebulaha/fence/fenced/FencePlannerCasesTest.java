package org.nebulaha.fence.fenced;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.nebulaha.conf.ClusterConfParser;
import org.nebulaha.conf.model.ClusterConf;
import org.nebulaha.testkit.CaseFolders;

/**
 * {@link FencePlanner} as case folders (src/test/cases/fence-planner; state.txt in
 * {@link FenceCaseText}'s format). expected.txt: one decision a line, as fenced logs it.
 */
class FencePlannerCasesTest {
    @TestFactory
    Stream<DynamicTest> everyCaseFolder() {
        return CaseFolders.run(Path.of("src/test/cases/fence-planner"), 27, FencePlannerCasesTest::decide);
    }

    static String decide(CaseFolders.Case c) throws Exception {
        ClusterConf conf = ClusterConfParser.parse(c.file("cluster.conf"));
        FenceCaseText.Input in = FenceCaseText.parse(conf, c.state(), c.name() + "/state.txt");
        List<FenceDecision> ds = FencePlanner.decide(conf, FencedSettings.of(conf), in.view(), in.now());
        return ds.isEmpty() ? "(no decisions)\n" : ds.stream().map(FenceDecision::describe).collect(Collectors.joining("\n", "", "\n"));
    }
}

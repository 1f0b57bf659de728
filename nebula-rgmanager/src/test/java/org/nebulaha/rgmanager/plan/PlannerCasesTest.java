package org.nebulaha.rgmanager.plan;

import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.nebulaha.conf.ClusterConfParser;
import org.nebulaha.conf.model.ClusterConf;
import org.nebulaha.rgmanager.text.StateText;
import org.nebulaha.testkit.CaseFolders;

/**
 * The planner's regression suite: one dynamic test per folder under src/test/cases/planner, each
 * holding cluster.conf, state.txt and expected.txt (nebula-testkit {@link CaseFolders}: run with
 * {@code -Dcases.update=true} to rewrite the expected files; a failing case prints a unified diff).
 */
class PlannerCasesTest {
    static final Path CASES = Path.of("src/test/cases/planner");

    @TestFactory
    Stream<DynamicTest> everyCaseFolder() {
        return CaseFolders.run(CASES, 60, PlannerCasesTest::plan);
    }

    static String plan(CaseFolders.Case c) throws Exception {
        ClusterConf conf = ClusterConfParser.parse(c.file("cluster.conf"));
        StateText.Input in = StateText.parse(c.state(), c.file(CaseFolders.STATE).toString());
        return Planner.plan(conf, in.state(), in.now()).format();
    }
}

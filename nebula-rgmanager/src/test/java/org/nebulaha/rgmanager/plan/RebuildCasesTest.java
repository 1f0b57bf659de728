package org.nebulaha.rgmanager.plan;

import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.nebulaha.conf.ClusterConfParser;
import org.nebulaha.conf.model.ClusterConf;
import org.nebulaha.rgmanager.text.RebuildText;
import org.nebulaha.testkit.CaseFolders;

/**
 * A new coordinator's rebuild as case folders (src/test/cases/rebuild; state.txt in
 * {@link RebuildText}'s format). expected.txt: the rebuilt table with the rule behind each
 * record, the extra copies stopped, then the plan the coordinator makes on that table.
 */
class RebuildCasesTest {
    @TestFactory
    Stream<DynamicTest> everyCaseFolder() {
        return CaseFolders.run(Path.of("src/test/cases/rebuild"), 15, RebuildCasesTest::rebuild);
    }

    static String rebuild(CaseFolders.Case c) throws Exception {
        ClusterConf conf = ClusterConfParser.parse(c.file("cluster.conf"));
        RebuildText.Input in = RebuildText.parse(c.state(), c.name() + "/state.txt");
        Rebuild.Result r = Rebuild.rebuild(conf, in.view(), in.reports(), in.now());
        return r.format() + "plan:\n" + Planner.plan(conf, r.state(), in.now()).format();
    }
}

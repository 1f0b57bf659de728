package org.nebulaha.rgmanager.plan;

import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.nebulaha.conf.ClusterConfParser;
import org.nebulaha.rgmanager.text.ElectionText;
import org.nebulaha.testkit.CaseFolders;

/**
 * Member statuses and the coordinator as case folders (src/test/cases/election; state.txt in
 * {@link ElectionText}'s format). expected.txt: each member's status with its rule, then the coordinator.
 */
class ElectionCasesTest {
    @TestFactory
    Stream<DynamicTest> everyCaseFolder() {
        return CaseFolders.run(Path.of("src/test/cases/election"), 12, c -> Election.decide(
                ClusterConfParser.parse(c.file("cluster.conf")), ElectionText.parse(c.state(), c.name() + "/state.txt")).format());
    }
}

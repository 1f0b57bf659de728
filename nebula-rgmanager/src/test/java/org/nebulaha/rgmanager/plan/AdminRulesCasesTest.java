package org.nebulaha.rgmanager.plan;

import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.nebulaha.conf.ClusterConfParser;
import org.nebulaha.rgmanager.text.StateText;
import org.nebulaha.testkit.CaseFolders;

/**
 * clusvcadm's rules as case folders (src/test/cases/clusvcadm): state.txt is a planner state plus
 * one line {@code request OP SERVICE [on NODE]}; expected.txt the refusal or the steps.
 */
class AdminRulesCasesTest {
    @TestFactory
    Stream<DynamicTest> everyCaseFolder() {
        return CaseFolders.run(Path.of("src/test/cases/clusvcadm"), 20, AdminRulesCasesTest::decide);
    }

    static String decide(CaseFolders.Case c) throws Exception {
        StringBuilder state = new StringBuilder();
        AdminRules.Request req = null;
        for (String line : c.state().split("\n", -1)) {
            String[] f = line.strip().split("\\s+");
            if (f[0].equals("request")) {
                if (f.length != 3 && !(f.length == 5 && f[3].equals("on")))
                    throw new IllegalArgumentException(c.name() + "/state.txt: expected 'request OP SERVICE [on NODE]', not '" + line + "'");
                req = new AdminRules.Request(AdminRules.op(f[1]), f[2], f.length == 5 ? Optional.of(f[4]) : Optional.empty());
                state.append('\n');
            } else state.append(line).append('\n');
        }
        if (req == null) throw new IllegalArgumentException(c.name() + "/state.txt: needs a 'request OP SERVICE [on NODE]' line");
        StateText.Input in = StateText.parse(state.toString(), c.name() + "/state.txt");
        return AdminRules.decide(ClusterConfParser.parse(c.file("cluster.conf")), in.state(), req).format();
    }
}

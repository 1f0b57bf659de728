package org.nebulaha.rgmanager.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.nebulaha.common.AtomicFiles;
import org.nebulaha.conf.ClusterConfParser;
import org.nebulaha.conf.model.ClusterConf;
import org.nebulaha.rgmanager.text.StateText;

/**
 * The planner's regression suite: one dynamic test per folder under src/test/cases/planner, each
 * holding cluster.conf, state.txt and expected.txt. Run with {@code -Dcases.update=true} to rewrite
 * the expected files, then review the diff like code. A failing case prints a unified diff.
 */
class PlannerCasesTest {
    static final Path CASES = Path.of("src/test/cases/planner");

    @TestFactory
    Stream<DynamicTest> everyCaseFolder() throws IOException {
        List<Path> dirs;
        try (Stream<Path> s = Files.list(CASES)) {
            dirs = s.filter(Files::isDirectory).sorted().toList();
        }
        assertThat(dirs).as("case folders in " + CASES.toAbsolutePath()).hasSizeGreaterThan(20);
        boolean update = Boolean.getBoolean("cases.update");
        return dirs.stream().map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> runCase(dir, update)));
    }

    static void runCase(Path dir, boolean update) throws Exception {
        ClusterConf conf = ClusterConfParser.parse(dir.resolve("cluster.conf"));
        StateText.Input in = StateText.parse(Files.readString(dir.resolve("state.txt")), dir.resolve("state.txt").toString());
        assertThat(in.description()).as(dir + "/state.txt must start with '# what this case shows'").isNotBlank();
        String actual = Planner.plan(conf, in.state(), in.now()).format();
        Path expectedFile = dir.resolve("expected.txt");
        if (update) {
            AtomicFiles.write(expectedFile, actual);
            return;
        }
        String expected = Files.exists(expectedFile) ? Files.readString(expectedFile) : "";
        if (!expected.equals(actual))
            throw new AssertionError("plan differs for " + dir.getFileName() + " (" + in.description() + ")\n"
                    + UnifiedDiff.of("expected.txt", expected, "actual", actual)
                    + "\n(rerun with -Dcases.update=true to accept the new plan)");
    }
}

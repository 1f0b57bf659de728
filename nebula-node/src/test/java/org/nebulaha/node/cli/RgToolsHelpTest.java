package org.nebulaha.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nebulaha.testkit.JavaProcess;

/** clustat --help and clusvcadm --help answer on a node where cman is not running. */
class RgToolsHelpTest {
    @TempDir
    Path root;

    @Test
    void clustatAndClusvcadmPrintTheirUsageWithoutTheDaemon() throws Exception {
        JavaProcess.Result c = JavaProcess.run(RgTools.ClustatMain.class, List.of("--help"), Map.of("NEBULA_ROOT", root.toString()), null);
        assertThat(c.exitCode()).as(c.toString()).isZero();
        assertThat(c.stdout()).startsWith("usage: clustat <options>");
        JavaProcess.Result v = JavaProcess.run(RgTools.ClusvcadmMain.class, List.of("-h"), Map.of("NEBULA_ROOT", root.toString()), null);
        assertThat(v.exitCode()).as(v.toString()).isZero();
        assertThat(v.stdout()).startsWith("usage: clusvcadm [command]").contains("-e <group>");
        JavaProcess.Result down = JavaProcess.run(RgTools.ClustatMain.class, List.of(), Map.of("NEBULA_ROOT", root.toString()), null);
        assertThat(down.exitCode()).as("without -h it still asks the daemon").isEqualTo(1);
    }
}

package org.nebulaha.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nebulaha.testkit.JavaProcess;

class CmanToolTest {
    @TempDir
    Path root;

    @Test
    void saysClearlyWhenTheDaemonIsNotRunning() throws Exception {
        JavaProcess.Result r = JavaProcess.run(CmanTool.class, List.of("status"), Map.of("NEBULA_ROOT", root.toString()), null);
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.stderr()).contains("Cannot open connection to cman, is it running ?")
                .contains(root.resolve("var/run/cluster/nebula.sock").toString());
        assertThat(r.stdout()).isEmpty();
    }

    @Test
    void rejectsUnknownCommandsWithUsage() throws Exception {
        JavaProcess.Result r = JavaProcess.run(CmanTool.class, List.of("frobnicate"), Map.of("NEBULA_ROOT", root.toString()), null);
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).contains("unknown command 'frobnicate'").contains("Usage:");
    }
}

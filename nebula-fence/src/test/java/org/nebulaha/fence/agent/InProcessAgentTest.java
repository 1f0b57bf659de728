package org.nebulaha.fence.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution's own fence_xvm answers status inside the caller's JVM (the same command code,
 * so the same messages and exit codes); any other action, a debug call, or another agent runs as a
 * process. The bin/fence_xvm here is a script that says it ran, to tell the two apart.
 */
class InProcessAgentTest {
    @TempDir Path home;

    @Test
    void ourFenceXvmStatusRunsInProcessAndEverythingElseAsAProcess() throws Exception {
        Path bin = Files.createDirectories(home.resolve("bin"));
        Path agent = bin.resolve("fence_xvm");
        Files.writeString(agent, "#!/bin/sh\necho 'ran as a process'\nexit 7\n");
        Files.setPosixFilePermissions(agent, PosixFilePermissions.fromString("rwxr-xr-x"));
        String before = System.getProperty("nebula.home");
        System.setProperty("nebula.home", home.toString());
        try {
            AgentRunner runner = new AgentRunner(List.of(bin));
            AgentCall status = AgentCall.of("fence_xvm", Duration.ofSeconds(10)).with("action", "status").with("port", "one1")
                    .with("key_file", home.resolve("no-such.key").toString());
            AgentResult r = runner.run(status);
            // FenceXvmCommand itself, as the agent process would answer: a missing key is a usage error (exit 1)
            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.stdout()).contains("usage: fence_xvm").doesNotContain("ran as a process");
            assertThat(r.stderr()).contains("Invalid key file: '" + home.resolve("no-such.key") + "'");

            AgentResult off = runner.run(AgentCall.of("fence_xvm", Duration.ofSeconds(10)).with("action", "off").with("port", "one1"));
            assertThat(off.exitCode()).isEqualTo(7);
            assertThat(off.stdout()).contains("ran as a process");

            AgentResult debug = runner.run(status.with("debug", "1"));
            assertThat(debug.stdout()).contains("ran as a process");
        } finally {
            if (before == null) System.clearProperty("nebula.home");
            else System.setProperty("nebula.home", before);
        }
    }
}

package org.nebulaha.rgmanager.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nebulaha.conf.model.Resource;

/** Script and OCF agents against small real scripts in a temp folder. */
class ScriptAndOcfAgentTest {
    @TempDir Path dir;
    final SystemProcessRunner runner = new SystemProcessRunner();
    static final Duration T = Duration.ofSeconds(10);

    Path script(String name, String body) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }

    Resource scriptRes(Path file) {
        return new Resource("script", Map.of("name", "s", "file", file.toString()), List.of());
    }

    @Test
    void mapsLsbExitCodes() throws Exception {
        Path p = script("svc", "case \"$1\" in start) exit 0;; stop) exit 0;; status) exit 3;; esac\n");
        ScriptAgent a = new ScriptAgent(runner);
        assertThat(a.start(scriptRes(p), T).isOk()).isTrue();
        assertThat(a.stop(scriptRes(p), T).isOk()).isTrue();
        assertThat(a.status(scriptRes(p), T).code()).isEqualTo(AgentResult.OCF_NOT_RUNNING);
    }

    @Test
    void aFailingStartReportsTheScriptsLastLine() throws Exception {
        Path p = script("svc", "echo 'cannot bind port 2633' >&2; exit 1\n");
        AgentResult r = new ScriptAgent(runner).start(scriptRes(p), T);
        assertThat(r.code()).isEqualTo(AgentResult.OCF_ERR_GENERIC);
        assertThat(r.message()).contains("exit 1: cannot bind port 2633");
    }

    @Test
    void refusesMissingEmptyOrNonExecutableFiles() throws Exception {
        ScriptAgent a = new ScriptAgent(runner);
        assertThat(a.start(scriptRes(dir.resolve("nope")), T).code()).isEqualTo(AgentResult.OCF_ERR_INSTALLED);
        Path empty = Files.createFile(dir.resolve("empty"));
        assertThat(a.start(scriptRes(empty), T).code()).isEqualTo(AgentResult.OCF_ERR_ARGS);
        Path noexec = Files.writeString(dir.resolve("noexec"), "#!/bin/sh\nexit 0\n");
        assertThat(a.start(scriptRes(noexec), T).code()).isEqualTo(AgentResult.OCF_ERR_PERM);
    }

    @Test
    void aHangingScriptIsKilledAtItsTimeout() throws Exception {
        Path p = script("hang", "sleep 60\n");
        long t0 = System.nanoTime();
        AgentResult r = new ScriptAgent(runner).start(scriptRes(p), Duration.ofMillis(300));
        assertThat(r.isOk()).isFalse();
        assertThat(r.message()).contains("timed out");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void ocfAgentGetsItsAttributesAsReskeysAndMonitorSevenIsNotRunning() throws Exception {
        Path root = dir.resolve("ocf");
        Files.createDirectories(root.resolve("resource.d/test"));
        Path agent = root.resolve("resource.d/test/Dummy");
        Path state = dir.resolve("dummy.state");
        Files.writeString(agent, "#!/bin/sh\n"
                + "case \"$1\" in\n"
                + " start) echo \"$OCF_RESKEY_greeting $OCF_RESOURCE_INSTANCE $OCF_ROOT\" > \"$OCF_RESKEY_state\"; exit 0;;\n"
                + " stop) rm -f \"$OCF_RESKEY_state\"; exit 0;;\n"
                + " monitor) [ -f \"$OCF_RESKEY_state\" ] && exit 0; exit 7;;\n"
                + " meta-data) echo '<resource-agent name=\"Dummy\"/>'; exit 0;;\n"
                + " *) exit 3;;\n"
                + "esac\n");
        Files.setPosixFilePermissions(agent, PosixFilePermissions.fromString("rwxr-xr-x"));
        Resource r = new Resource("ocf", Map.of("name", "d1", "agent", "test/Dummy", "greeting", "hello", "state", state.toString()), List.of());
        OcfAgent a = new OcfAgent(runner, root);
        assertThat(a.status(r, T).code()).isEqualTo(AgentResult.OCF_NOT_RUNNING);
        assertThat(a.start(r, T).isOk()).isTrue();
        assertThat(Files.readString(state).strip()).isEqualTo("hello d1 " + root);
        assertThat(a.status(r, T).isOk()).isTrue();
        assertThat(a.metaData(r, T).message()).contains("<resource-agent name=\"Dummy\"/>");
        assertThat(a.stop(r, T).isOk()).isTrue();
        assertThat(a.status(r, T).code()).isEqualTo(AgentResult.OCF_NOT_RUNNING);
    }

    @Test
    void ocfAgentThatIsNotInstalledSaysWhereItLooked() {
        Resource r = new Resource("ocf", Map.of("name", "d1", "agent", "heartbeat/Nope"), List.of());
        AgentResult res = new OcfAgent(runner, dir).start(r, T);
        assertThat(res.code()).isEqualTo(AgentResult.OCF_ERR_INSTALLED);
        assertThat(res.message()).contains(dir.resolve("resource.d/heartbeat/Nope").toString());
    }
}

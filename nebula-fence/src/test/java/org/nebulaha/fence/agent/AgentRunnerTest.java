package org.nebulaha.fence.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nebulaha.fence.TestLab;
import org.nebulaha.fence.cli.FenceLabCommand;
import org.nebulaha.testkit.Require;

class AgentRunnerTest {
    @TempDir
    Path dir;

    Path script(String name, String body) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }

    AgentRunner runner() {
        return new AgentRunner(List.of(dir));
    }

    @Test
    void passesArgumentsAsLinesOnStdinInOrderAndReadsTheExitCode() throws Exception {
        script("fence_echo", "cat\necho 'to stderr' >&2\nexit 0\n");
        AgentCall call = AgentCall.of("fence_echo", Duration.ofSeconds(10)).with("port", "one1").with("nodename", "one-server1")
                .with("key_file", "/etc/cluster/fence_xvm.key").with("action", "off");
        AgentResult r = runner().run(call);
        assertThat(r.outcome()).isEqualTo(AgentResult.Outcome.SUCCESS);
        assertThat(r.stdout()).isEqualTo("port=one1\nnodename=one-server1\nkey_file=/etc/cluster/fence_xvm.key\naction=off\n");
        assertThat(r.stderr()).isEqualTo("to stderr\n");
        assertThat(r.action()).isEqualTo("off");
        assertThat(r.summary()).startsWith("fence_echo action off: success (exit 0) after ");
    }

    @Test
    void nodenameIsAddedOnlyWhenTheDeviceDoesNotSetIt() {
        AgentCall c = AgentCall.of("fence_x", Duration.ofSeconds(1)).with("nodename", "explicit").withDefaults(Map.of("nodename", "victim"));
        assertThat(c.args()).containsEntry("nodename", "explicit");
        assertThat(c.action()).isEqualTo("reboot");
    }

    @Test
    void exitCodesFollowTheConvention() throws Exception {
        script("fence_code", "read line; exit ${line#code=}\n");
        record Row(String action, int code, AgentResult.Outcome outcome) {}
        for (Row row : List.of(new Row("off", 0, AgentResult.Outcome.SUCCESS), new Row("off", 1, AgentResult.Outcome.FAILED),
                new Row("status", 2, AgentResult.Outcome.OFF), new Row("off", 2, AgentResult.Outcome.FAILED),
                new Row("reboot", 7, AgentResult.Outcome.FAILED))) {
            AgentResult r = runner().run(AgentCall.of("fence_code", Duration.ofSeconds(10)).with("code", "" + row.code()).with("action", row.action()));
            assertThat(r.outcome()).as("%s exit %d", row.action(), row.code()).isEqualTo(row.outcome());
            assertThat(r.exitCode()).isEqualTo(row.code());
        }
    }

    @Test
    void killsAnAgentThatOutlivesItsTimeout() throws Exception {
        script("fence_hang", "echo started\nsleep 60\n");
        AgentResult r = runner().run(AgentCall.of("fence_hang", Duration.ofMillis(500)));
        assertThat(r.outcome()).isEqualTo(AgentResult.Outcome.TIMED_OUT);
        assertThat(r.stdout()).isEqualTo("started\n");
        assertThat(r.stderr()).contains("killed after timeout");
        assertThat(r.duration()).isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void reportsAMissingAgent() {
        AgentResult r = runner().run(AgentCall.of("fence_nosuch", Duration.ofSeconds(1)));
        assertThat(r.outcome()).isEqualTo(AgentResult.Outcome.NOT_FOUND);
        assertThat(r.stderr()).contains("no executable fence_nosuch");
    }

    @Test
    void runsOurFenceLabAgentAsAProcess() throws Exception {
        TestLab lab = TestLab.create(dir.resolve("lab"), Map.of("node2", true));
        script("fence_lab", "exec '" + Path.of(System.getProperty("java.home"), "bin", "java") + "' -XX:TieredStopAtLevel=1 -cp '"
                + System.getProperty("java.class.path") + "' " + FenceLabCommand.class.getName() + "\n");
        AgentCall base = AgentCall.of("fence_lab", Duration.ofSeconds(30)).with("port", "node2").with("nodename", "node2")
                .with("agent", "fence_lab").with("power_command", lab.command().toString());
        AgentResult off = runner().run(base.with("action", "off"));
        assertThat(off.outcome()).as(off.toString()).isEqualTo(AgentResult.Outcome.SUCCESS);
        assertThat(off.stdout()).isEqualTo("Success: Powered OFF\n");
        assertThat(lab.state("node2")).isEqualTo("off");
        AgentResult status = runner().run(base.with("action", "status"));
        assertThat(status.outcome()).isEqualTo(AgentResult.Outcome.OFF);
        assertThat(status.stdout()).isEqualTo("Status: OFF\n");
    }

    /** Debian's fence-agents package: fence_dummy keeps the power state in a file (type=file). */
    @Test
    void runsARealDebianFenceAgent() throws Exception {
        Path dummy = Path.of("/usr/sbin/fence_dummy");
        Require.that(Files.isExecutable(dummy), "Debian fence-agents not installed (apt-get install fence-agents)");
        AgentRunner system = AgentRunner.withDefaultPath();
        AgentCall base = AgentCall.of("fence_dummy", Duration.ofSeconds(30)).with("type", "file")
                .with("status_file", dir.resolve("dummy.state").toString()).with("nodename", "node1");
        AgentResult before = system.run(base.with("action", "status"));
        assertThat(before.outcome()).as(before.toString()).isEqualTo(AgentResult.Outcome.OFF);
        AgentResult on = system.run(base.with("action", "on"));
        assertThat(on.outcome()).as(on.toString()).isEqualTo(AgentResult.Outcome.SUCCESS);
        assertThat(on.stdout()).contains("Success: Powered ON");
        assertThat(system.run(base.with("action", "status")).outcome()).isEqualTo(AgentResult.Outcome.SUCCESS);
        AgentResult meta = system.run(base.with("action", "metadata"));
        assertThat(meta.stdout()).contains("<resource-agent name=\"fence_dummy\"");
    }
}

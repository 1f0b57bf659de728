package org.nebulaha.rgmanager.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nebulaha.testkit.JavaProcess;

/** rg_dryrun as a user runs it: a separate JVM over a case folder. */
class DryRunCommandTest {
    static final Path CASE = Path.of("src/test/cases/planner/started-on-best-member-nothing-to-do");

    @Test
    void printsThePlanWithReasonsAfterInjectedEvents() throws Exception {
        var r = JavaProcess.run(DryRunCommand.class, List.of(CASE.toString(), "--node-fail", "one-server1"), Map.of(), null);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).contains("# member one-server1 lost")
                .contains("wait         service:opennebula until one-server1 is fenced fence-before-recovery:");
        var f = JavaProcess.run(DryRunCommand.class, List.of(CASE.toString(), "--fenced", "one-server1"), Map.of(), null);
        assertThat(f.stdout()).contains("start        service:opennebula on one-server2            owner-fenced:");
        var s = JavaProcess.run(DryRunCommand.class, List.of("src/test/cases/planner/restarts-exhausted-relocates",
                "--now", "2026-11-25T11:00:00Z"), Map.of(), null);
        assertThat(s.stdout()).as("the restarts expired by then: " + s).contains("restart      service:opennebula on one-server1            recovery-restart: status failed on one-server1; restart 1 of 3");
    }

    @Test
    void aBrokenStateFileIsExitOneWithFileAndLine(@TempDir Path dir) throws Exception {
        Files.copy(CASE.resolve("cluster.conf"), dir.resolve("cluster.conf"));
        Files.writeString(dir.resolve("state.txt"), "# broken\nnow 2026-11-25T10:41:07Z\nquorum yes\nmember one-server1 sleepy\n");
        var r = JavaProcess.run(DryRunCommand.class, List.of(dir.toString()), Map.of(), null);
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr()).contains("state.txt:4: member status must be online, lost, fenced, left or down, not 'sleepy'");
        var u = JavaProcess.run(DryRunCommand.class, List.of(), Map.of(), null);
        assertThat(u.exitCode()).isEqualTo(2);
    }

    @Test
    void printsAServicesStartAndStopOrder() throws Exception {
        var r = JavaProcess.run(DryRunCommand.class, List.of("--order", "opennebula", "-c", CASE.resolve("cluster.conf").toString()), Map.of(), null);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).isEqualTo("[start] ip:10.10.11.12\n[start] script:opennebula\n[start] script:sunstone\n"
                + "[stop] script:opennebula\n[stop] script:sunstone\n[stop] ip:10.10.11.12\n");
    }
}

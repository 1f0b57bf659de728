package org.nebulaha.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaseFoldersTest {
    @TempDir
    Path dir;

    Path caseFolder(String name, String state, String expected) throws Exception {
        Path d = Files.createDirectories(dir.resolve(name));
        Files.writeString(d.resolve("state.txt"), state);
        if (expected != null) Files.writeString(d.resolve("expected.txt"), expected);
        return d;
    }

    @Test
    void aDifferentDecisionFailsWithAUnifiedDiff() throws Exception {
        Path d = caseFolder("owner-lost", "# the owner is lost\nx\n", "start a\nstop b\n");
        assertThatThrownBy(() -> CaseFolders.check(d, c -> "start a\nstop c\n", false))
                .hasMessageContaining("owner-lost: the decision differs (the owner is lost)")
                .hasMessageContaining(" start a\n-stop b\n+stop c").hasMessageContaining("-Dcases.update=true");
    }

    @Test
    void theUpdateSwitchRewritesExpectedAndTheCaseThenPasses() throws Exception {
        Path d = caseFolder("new-case", "# a new case\n", null);
        CaseFolders.check(d, c -> "fence node2", true);
        assertThat(Files.readString(d.resolve("expected.txt"))).isEqualTo("fence node2\n");
        CaseFolders.check(d, c -> "fence node2", false);
    }

    @Test
    void aCaseWithoutItsDescriptionIsRefused() throws Exception {
        Path d = caseFolder("no-description", "now 2026-11-25T10:00:00Z\n", "x\n");
        assertThatThrownBy(() -> CaseFolders.check(d, c -> "x", false)).hasMessageContaining("first line must be '# what this case shows'");
    }

    @Test
    void tooFewFoldersIsAFailureNotAnEmptySuite() throws Exception {
        caseFolder("only-one", "# one\n", "");
        assertThatThrownBy(() -> CaseFolders.run(dir, 2, c -> "")).hasMessageContaining("holds 1 case folders; expected at least 2");
    }

    @Test
    void theFakeSchedulerRunsTasksWhenTheClockReachesThem() {
        FakeClock clock = FakeClock.atMorning();
        FakeScheduler timers = new FakeScheduler(clock);
        List<String> ran = new ArrayList<>();
        timers.schedule(() -> ran.add("late at " + clock.instant()), Duration.ofSeconds(10));
        timers.schedule(() -> ran.add("early at " + clock.instant()), Duration.ofSeconds(3));
        Runnable cancel = timers.schedule(() -> ran.add("cancelled"), Duration.ofSeconds(5));
        cancel.run();
        timers.advance(Duration.ofSeconds(9));
        assertThat(ran).containsExactly("early at 2026-11-25T10:00:03Z");
        timers.advance(Duration.ofSeconds(1));
        assertThat(ran).containsExactly("early at 2026-11-25T10:00:03Z", "late at 2026-11-25T10:00:10Z");
        assertThat(timers.pending()).isEmpty();
    }
}

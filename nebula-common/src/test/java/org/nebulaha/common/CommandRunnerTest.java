package org.nebulaha.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nebulaha.testkit.Poll;

class CommandRunnerTest {
    @TempDir Path tmp;

    static CommandRunner.Spec sh(String script, Duration timeout) {
        return CommandRunner.Spec.of(List.of("sh", "-c", script), timeout);
    }

    @Test
    void exitCodeOutputStdinAndEnvironment() throws Exception {
        CommandRunner.Result r = CommandRunner.run(sh("read line; echo \"$line $GREETING\"; echo oops >&2; exit 3", Duration.ofSeconds(20))
                .stdin("hello\n").env(Map.of("GREETING", "world")).separateStderr());
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.stdout()).isEqualTo("hello world\n");
        assertThat(r.stderr()).isEqualTo("oops\n");
        assertThat(r.timedOut()).isFalse();
        assertThat(r.ok()).isFalse();
        assertThat(CommandRunner.run(sh("echo a; echo b >&2", Duration.ofSeconds(20))).stdout()).contains("a\n").contains("b\n");
    }

    @Test
    void atTheTimeLimitTheWholeGroupIsKilledIncludingAnOrphanedGrandchild() throws Exception {
        Path pids = tmp.resolve("pids");
        // the subshell starts a sleeper and exits: the sleeper no longer descends from the command
        CommandRunner.Result r = CommandRunner.run(sh("(sleep 300 & echo $! > " + pids + ") ; sleep 300", Duration.ofMillis(1500)));
        assertThat(r.timedOut()).isTrue();
        assertThat(r.exitCode()).isEqualTo(CommandRunner.Result.NO_EXIT);
        long orphan = Long.parseLong(Files.readString(pids).strip());
        Poll.until(Duration.ofSeconds(10), () -> ProcessHandle.of(orphan).map(h -> !h.isAlive()).orElse(true),
                () -> "the orphaned sleeper " + orphan + " is still alive");
    }

    @Test
    void aGrandchildHoldingTheOutputOpenDoesNotHoldUpTheCaller() throws Exception {
        Path pids = tmp.resolve("pids");
        // a daemon-like grandchild in its own session keeps stdout open; the command itself ends at once
        CommandRunner.Result r = CommandRunner.run(sh("setsid sleep 30 & echo $! > " + pids + "; echo done", Duration.ofSeconds(20)));
        try {
            assertThat(r.ok()).isTrue();
            assertThat(r.stdout()).isEqualTo("done\n");
            assertThat(r.took()).isLessThan(Duration.ofSeconds(20));
        } finally {
            ProcessHandle.of(Long.parseLong(Files.readString(pids).strip())).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void aMissingProgramIsAnIOExceptionNamingIt() {
        assertThatThrownBy(() -> CommandRunner.run(CommandRunner.Spec.of(List.of("no-such-tool-xyz"), Duration.ofSeconds(5))))
                .isInstanceOf(IOException.class).hasMessageContaining("no-such-tool-xyz").hasMessageContaining("PATH");
        assertThatThrownBy(() -> CommandRunner.run(CommandRunner.Spec.of(List.of(tmp.resolve("nothing").toString()), Duration.ofSeconds(5))))
                .isInstanceOf(IOException.class).hasMessageContaining("not an executable file");
    }

    @Test
    void onlyTheEndOfAHugeOutputIsKept() throws Exception {
        CommandRunner.Result r = CommandRunner.run(sh("head -c 600000 /dev/zero | tr '\\0' a; echo END", Duration.ofSeconds(20)));
        assertThat(r.stdout()).hasSize(CommandRunner.MAX_OUTPUT).endsWith("aEND\n");
    }
}

package org.nebulaha.fence.fenced;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FenceHistoryTest {
    @TempDir
    Path dir;

    static FenceAttempt attempt(int second, String node, String result) {
        return new FenceAttempt(Instant.ofEpochSecond(1_790_000_000L + second), node, "1", "xvm", "fence_xvm", "reboot", result,
                result.equals("success") ? 0 : 1, Duration.ofMillis(812), "fenced");
    }

    @Test
    void livesUnderTheNodeRoot() {
        System.setProperty("nebula.root", dir.toString());
        try {
            FenceHistory h = FenceHistory.openDefault();
            assertThat(h.file()).isEqualTo(dir.resolve("var/lib/cluster/fence_history"));
            h.append(attempt(0, "node2", "success"));
            assertThat(Files.exists(dir.resolve("var/lib/cluster/fence_history"))).isTrue();
        } finally {
            System.clearProperty("nebula.root");
        }
    }

    @Test
    void writesOneTabSeparatedLinePerAttemptAfterAHeader() throws Exception {
        FenceHistory h = new FenceHistory(dir.resolve("h"), 10);
        h.append(attempt(0, "node2", "failed"));
        assertThat(Files.readAllLines(dir.resolve("h"))).containsExactly(FenceHistory.HEADER,
                "2026-09-21T14:13:20Z\tnode2\t1\txvm\tfence_xvm\treboot\tfailed\t1\t812\tfenced");
    }

    @Test
    void keepsTheNewestEntriesOnly() {
        FenceHistory h = new FenceHistory(dir.resolve("h"), 3);
        for (int i = 0; i < 5; i++) h.append(attempt(i, "node" + i, "success"));
        assertThat(new FenceHistory(dir.resolve("h"), 3).all()).extracting(FenceAttempt::node).containsExactly("node2", "node3", "node4");
    }

    @Test
    void skipsLinesThatAreNotEntriesAndDropsThemOnTheNextWrite() throws Exception {
        Files.writeString(dir.resolve("h"), "# header\ngarbage line\n" + attempt(0, "node2", "success").toLine() + "\n"
                + "2026-01-01T00:00:00Z\tnode3\t1\txvm\tfence_xvm\treboot\tsuccess\tnot-a-number\t5\tfenced\n");
        FenceHistory h = new FenceHistory(dir.resolve("h"), 10);
        assertThat(h.all()).extracting(FenceAttempt::node).containsExactly("node2");
        h.append(attempt(1, "node3", "failed"));
        assertThat(Files.readString(dir.resolve("h"))).doesNotContain("garbage").doesNotContain("not-a-number");
    }

    @Test
    void answersQueriesByNode() {
        FenceHistory h = new FenceHistory(dir.resolve("h"), 10);
        h.append(attempt(0, "node2", "failed"));
        h.append(attempt(1, "node2", "success"));
        h.append(attempt(2, "node3", "failed"));
        assertThat(h.forNode("node2")).hasSize(2);
        assertThat(h.lastFenced("node2")).get().extracting(FenceAttempt::time).isEqualTo(attempt(1, "x", "x").time());
        assertThat(h.lastFenced("node3")).isEmpty();
    }

    @Test
    void fieldsCannotBreakTheLineFormat() {
        FenceAttempt a = new FenceAttempt(Instant.EPOCH, "node\t2", "m\n1", "", null, "reboot", "success", 0, Duration.ZERO, "fenced");
        assertThat(FenceAttempt.parse(a.toLine())).isEqualTo(a);
        assertThat(a.node()).isEqualTo("node 2");
        assertThat(a.device()).isEqualTo("-");
        assertThatThrownBy(() -> FenceAttempt.parse("a\tb")).hasMessageContaining("expected 10 tab-separated fields, found 2");
    }
}

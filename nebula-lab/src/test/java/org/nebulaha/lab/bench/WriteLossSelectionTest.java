package org.nebulaha.lab.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Which acknowledged writes a check looks at: all of a short run; the new ones and older windows of a long one. */
class WriteLossSelectionTest {
    static List<String> acks(int n) {
        return IntStream.range(0, n).mapToObj(i -> i + " write-r-" + i).toList();
    }

    @Test
    void aShortRunIsCheckedWhole() {
        List<String> lines = acks(WriteLoss.FULL_CHECK_LIMIT);
        assertThat(WriteLoss.selection(lines, 19_000, new Random(1))).isEqualTo(lines);
    }

    @Test
    void theFirstCheckOfALongRunIsWhole() {
        List<String> lines = acks(30_000);
        assertThat(WriteLoss.selection(lines, 0, new Random(1))).isEqualTo(lines);
    }

    @Test
    void aLaterCheckTakesEveryNewWriteAndWindowsOfOlderOnesInOrder() {
        List<String> lines = acks(50_000);
        List<String> chosen = WriteLoss.selection(lines, 45_000, new Random(7));
        assertThat(chosen).containsSubsequence(lines.subList(45_000, 50_000));
        assertThat(chosen.subList(chosen.size() - 5_000, chosen.size())).isEqualTo(lines.subList(45_000, 50_000));
        List<String> older = chosen.subList(0, chosen.size() - 5_000);
        assertThat(older).hasSizeBetween(WriteClient.RANGE, WriteLoss.SAMPLE_WINDOWS * WriteClient.RANGE).doesNotHaveDuplicates();
        List<Integer> ids = older.stream().map(l -> Integer.parseInt(l.split(" ")[0])).toList();
        assertThat(ids).isSorted().allMatch(id -> id < 45_000);
        // consecutive stretches: at most SAMPLE_WINDOWS breaks
        long breaks = IntStream.range(1, ids.size()).filter(i -> ids.get(i) != ids.get(i - 1) + 1).count();
        assertThat(breaks).isLessThan(WriteLoss.SAMPLE_WINDOWS);
    }

    @Test
    void differentChecksSampleDifferentOlderWindows() {
        List<String> lines = acks(100_000);
        assertThat(WriteLoss.selection(lines, 90_000, new Random(1))).isNotEqualTo(WriteLoss.selection(lines, 90_000, new Random(2)));
    }
}

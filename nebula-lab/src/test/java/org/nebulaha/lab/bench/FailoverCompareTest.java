package org.nebulaha.lab.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The side-by-side table of {@code bench failover --compare-db}. */
class FailoverCompareTest {
    @Test
    void printsEachLayoutsMedianAndRangeAndTheDifference() {
        Map<String, List<Long>> m = new LinkedHashMap<>();
        m.put("sqlite-shared", List.of(1500L, 1600L, 1700L));
        m.put("pgsql", List.of(1650L, 1800L, 2100L));
        String t = FailoverCompare.table(m, 3);
        assertThat(t).containsPattern("sqlite-shared\\s+1600 ms\\s+1500-1700 ms\\s+3");
        assertThat(t).containsPattern("pgsql\\s+1800 ms\\s+1650-2100 ms\\s+3");
        assertThat(t).contains("pgsql - sqlite-shared (medians): +200 ms");
    }

    @Test
    void aLayoutThatNeverCameBackIsShownWithoutADifference() {
        Map<String, List<Long>> m = new LinkedHashMap<>();
        m.put("sqlite-shared", List.of(1500L));
        m.put("pgsql", List.of());
        String t = FailoverCompare.table(m, 1);
        assertThat(t).containsPattern("pgsql\\s+-\\s+-\\s+0");
        assertThat(t).doesNotContain("medians");
    }
}

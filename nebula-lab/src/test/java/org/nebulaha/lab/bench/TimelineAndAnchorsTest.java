package org.nebulaha.lab.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nebulaha.lab.LabException;

/** bench failover's parts from the node daemons' logs, and the anchors file of --compare. */
class TimelineAndAnchorsTest {
    static final long T0 = LocalDateTime.parse("2026-12-03T16:46:36.963").toInstant(ZoneOffset.UTC).toEpochMilli();

    @Test
    void aPowerLossSplitsIntoDetectionFenceAddressAndEachScript() {
        List<String> log = List.of(
                "2026-12-03 16:46:30.000 INFO  resources: rgmanager: service:opennebula [start] ip:10.10.11.12: ok: before the fault",
                "2026-12-03 16:46:37.661 INFO  membership: view 2 [one-server2]; [lost (FAILED) one-server1/1 inc 1]",
                "2026-12-03 16:46:37.663 INFO  membership: one-server1 (nodeid 1) lost: FAILED (no clean leave; fencing decides)",
                "2026-12-03 16:46:37.851 INFO  fenced: fenced: one-server1 is fenced: already powered off",
                "2026-12-03 16:46:37.861 INFO  rgmanager: rgmanager: starting service:opennebula on one-server2",
                "2026-12-03 16:46:38.038 INFO  resources: rgmanager: service:opennebula [start] ip:10.10.11.12: ok: added",
                "2026-12-03 16:46:38.114 INFO  resources: rgmanager: service:opennebula [start] script:opennebula: ok: exit 0",
                "2026-12-03 16:46:38.241 INFO  resources: rgmanager: service:opennebula [start] script:sunstone: ok: exit 0",
                "not a log line",
                "2026-12-03 16:46:39.000 INFO  resources: rgmanager: service:opennebula [stop] script:sunstone: ok: after the answer");
        Map<String, Long> parts = Timeline.parts(Timeline.marks(log, T0, T0 + 1304, ZoneOffset.UTC), T0);
        assertThat(parts).containsExactly(Map.entry("seen lost", 700L), Map.entry("fenced", 188L), Map.entry("start begins", 10L),
                Map.entry("start ip", 177L), Map.entry("start opennebula", 76L), Map.entry("start sunstone", 127L), Map.entry("answer", 26L));
        assertThat(Timeline.format(parts)).startsWith("seen lost +700, fenced +188, start begins +10, start ip +177");
        assertThat(Timeline.medians(List.of(parts, Map.of("seen lost", 600L), Map.of("seen lost", 800L, "fenced", 20L))))
                .containsEntry("seen lost", 700L).containsEntry("fenced", 188L);
    }

    @Test
    void anchorsArePrintedBesideOurMedianAsARatioAndABadLineSaysWhere() {
        Anchors a = Anchors.parse(List.of("# measured in the same namespaces layout", "pacemaker power-loss 6.65", "keepalived power-loss 2.92  # no fencing",
                "pacemaker relocation 0.20"), "anchors.txt");
        assertThat(a.beside("power-loss", 1000)).isEqualTo("  vs pacemaker 6.65 s: 0.15x; keepalived 2.92 s: 0.34x (ours / theirs)");
        assertThat(a.beside("relocation", 300)).contains("pacemaker 0.20 s: 1.50x");
        assertThat(a.beside("service", 300)).isEmpty();
        assertThatThrownBy(() -> Anchors.parse(List.of("pacemaker power-loss"), "f")).isInstanceOf(LabException.class)
                .hasMessageContaining("f:1: expected 'SYSTEM SCENARIO SECONDS'");
        assertThatThrownBy(() -> Anchors.parse(List.of("", "pacemaker powerloss 6"), "f")).hasMessageContaining("f:2: unknown scenario 'powerloss'");
        assertThatThrownBy(() -> Anchors.parse(List.of("pacemaker service six"), "f")).hasMessageContaining("'six' is not a number");
        assertThatThrownBy(() -> Anchors.parse(List.of("pacemaker service 0"), "f")).hasMessageContaining("more than 0");
    }
}

package org.nebulaha.rgmanager.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nebulaha.rgmanager.model.CopyState;
import org.nebulaha.rgmanager.model.ReplicaRecord;

class ReplicaTextTest {
    @Test
    void listsEachCopyWithRoleSyncAndLagThenTheNote() {
        ReplicaRecord r = new ReplicaRecord(9, Map.of("one-server1", CopyState.PRIMARY, "one-server2", CopyState.SYNC,
                "one-server3", CopyState.OUTDATED), "");
        String text = ReplicaText.format(r, Map.of("one-server2", 0L), "refusing to make this copy primary: stale");
        assertThat(text.lines()).contains(
                " one-server1                    primary    yes     -",
                " one-server2                    standby    yes     0 B",
                " one-server3                    outdated   no      -",
                " (record version 9)",
                " Note: refusing to make this copy primary: stale");
    }

    @Test
    void clustatXmlGetsTheCopiesInsideItsRootAndTheOtherLayoutsNone() {
        ReplicaRecord r = new ReplicaRecord(4, Map.of("one-server1", CopyState.PRIMARY, "one-server2", CopyState.CATCHUP), "");
        String xml = "<?xml version=\"1.0\"?>\n<clustat version=\"4.1.1\">\n  <groups/>\n</clustat>\n";
        String out = ReplicaText.addTo(java.util.List.of("-x"), xml, r, Map.of("one-server2", 4096L), "");
        assertThat(out).contains("<databases version=\"4\">",
                "<copy name=\"one-server1\" role=\"primary\" in_sync=\"1\" lag=\"-\"/>",
                "<copy name=\"one-server2\" role=\"standby\" in_sync=\"0\" lag=\"4096\"/>");
        assertThat(out.indexOf("</databases>")).isLessThan(out.indexOf("</clustat>"));
        assertThat(ReplicaText.addTo(java.util.List.of("-s", "opennebula"), "x\n", r, Map.of(), "")).isEqualTo("x\n");
        assertThat(ReplicaText.addTo(java.util.List.of(), "x\n", r, Map.of(), "")).contains("Database Copy");
    }

    @Test
    void anOperatorsForceIsShownWithItsDataLossWarning() {
        ReplicaRecord r = new ReplicaRecord(4, Map.of("one-server1", CopyState.PRIMARY, "one-server2", CopyState.OUTDATED), "")
                .withForce("one-server2");
        assertThat(ReplicaText.format(r, Map.of(), "")).contains(" Forced: the copy on one-server2 becomes primary at its next start",
                "writes committed only on the other copies are lost");
    }

    @Test
    void nothingWithoutCopies() {
        assertThat(ReplicaText.format(ReplicaRecord.EMPTY, Map.of(), "")).isEmpty();
    }
}

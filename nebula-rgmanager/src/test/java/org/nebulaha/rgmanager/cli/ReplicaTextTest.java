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
    void nothingWithoutCopies() {
        assertThat(ReplicaText.format(ReplicaRecord.EMPTY, Map.of(), "")).isEmpty();
    }
}

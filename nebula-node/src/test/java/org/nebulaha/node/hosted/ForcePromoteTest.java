package org.nebulaha.node.hosted;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nebulaha.rgmanager.agent.ReplicaCluster;
import org.nebulaha.rgmanager.model.CopyState;
import org.nebulaha.rgmanager.model.ReplicaRecord;

/** clusvcadm's --force-promote: what it accepts, what it records, what it warns. */
class ForcePromoteTest {
    static final List<String> NODES = List.of("one-server1", "one-server2");

    @Test
    void withoutTheFlagTheArgumentsPassUntouched() {
        ForcePromote.Parsed p = ForcePromote.parse(List.of("-r", "opennebula", "-m", "one-server2"), NODES);
        assertThat(p.node()).isNull();
        assertThat(p.rest()).containsExactly("-r", "opennebula", "-m", "one-server2");
    }

    @Test
    void theFlagNamesTheTargetNodeAndIsRemoved() {
        ForcePromote.Parsed p = ForcePromote.parse(List.of("-e", "opennebula", "-m", "one-server2", "--force-promote"), NODES);
        assertThat(p.node()).isEqualTo("one-server2");
        assertThat(p.rest()).containsExactly("-e", "opennebula", "-m", "one-server2");
    }

    @Test
    void badUseIsRefusedNamingWhatIsMissing() {
        assertThatThrownBy(() -> ForcePromote.parse(List.of("-e", "opennebula", "--force-promote"), NODES))
                .hasMessageContaining("needs -e SERVICE -m NODE");
        assertThatThrownBy(() -> ForcePromote.parse(List.of("-d", "opennebula", "-m", "one-server2", "--force-promote"), NODES))
                .hasMessageContaining("needs -e SERVICE -m NODE");
        assertThatThrownBy(() -> ForcePromote.parse(List.of("-e", "opennebula", "-m", "one-server9", "--force-promote"), NODES))
                .hasMessageContaining("'one-server9' is not a node of cluster.conf");
    }

    @Test
    void theForceIsPublishedAsTheNextRecordAndTheWarningSaysWhatIsLost() {
        ReplicaRecord before = new ReplicaRecord(7, Map.of("one-server1", CopyState.PRIMARY, "one-server2", CopyState.OUTDATED), "");
        List<ReplicaRecord> published = new ArrayList<>();
        ReplicaCluster cluster = new ReplicaCluster() {
            public String self() { return "one-server1"; }
            public ReplicaRecord record() { return before; }
            public boolean trusted() { return true; }
            public boolean publish(ReplicaRecord r) { published.add(r); return true; }
            public boolean gone(String node) { return false; }
            public Endpoint endpoint(String node) { return new Endpoint(node, 0); }
        };
        assertThat(ForcePromote.mark(cluster, "one-server2")).isTrue();
        assertThat(published).singleElement().satisfies(r -> {
            assertThat(r.version()).isEqualTo(8);
            assertThat(r.force()).isEqualTo("one-server2");
            assertThat(r.copies()).isEqualTo(before.copies());
        });
        assertThat(ForcePromote.warning("one-server2", before)).contains("copy on one-server2 is outdated", "LOST",
                "copies with every commit now: one-server1 (primary)");
    }
}

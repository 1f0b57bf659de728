package org.nebulaha.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CmanFormatTest {
    static Map<String, String> fields(boolean quorate) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("version", "6.2.0");
        f.put("config_version", "17");
        f.put("cluster_name", "opennebula");
        f.put("cluster_id", "12345");
        f.put("cluster_member", "Yes");
        f.put("cluster_generation", "8");
        f.put("membership_state", "Cluster-Member");
        f.put("nodes", quorate ? "2" : "1");
        f.put("expected_votes", "3");
        f.put("total_votes", quorate ? "2" : "1");
        f.put("node_votes", "1");
        f.put("quorum", "2");
        f.put("quorate", quorate ? "1" : "0");
        f.put("active_subsystems", "2");
        f.put("flags", quorate ? "Quorate" : "");
        f.put("ports_bound", "0");
        f.put("node_name", "one-server1");
        f.put("node_id", "1");
        f.put("node_addresses", "10.0.0.1");
        return f;
    }

    @Test
    void statusPrintsCmansFieldsInCmansOrder() {
        assertThat(CmanFormat.status(fields(true), false)).isEqualTo("""
                Version: 6.2.0
                Config Version: 17
                Cluster Name: opennebula
                Cluster Id: 12345
                Cluster Member: Yes
                Cluster Generation: 8
                Membership state: Cluster-Member
                Nodes: 2
                Expected votes: 3
                Total votes: 2
                Node votes: 1
                Quorum: 2 \s
                Active subsystems: 2
                Flags: Quorate\s
                Ports Bound: 0 \s
                Node name: one-server1
                Node ID: 1
                Node addresses: 10.0.0.1\s
                """);
    }

    @Test
    void verboseStatusShowsTheChannelsRefusedMessages() {
        Map<String, String> f = fields(true);
        f.put("channel_accepted", "120");
        f.put("channel_forged", "3");
        f.put("channel_replayed", "2");
        f.put("channel_stale", "0");
        assertThat(CmanFormat.status(f, true))
                .contains("Channel: AES-256-GCM, 120 accepted; refused 3 forged/altered, 2 replayed, 0 stale\n");
        assertThat(CmanFormat.status(f, false)).doesNotContain("Channel");
    }

    @Test
    void withAWitnessTheQuorumDeviceVotesFollowExpectedVotesAsInCman() {
        Map<String, String> f = fields(true);
        f.put("total_votes", "3");
        f.put("flags", "Quorate Qdevice");
        f.put("witness_votes", "1");
        f.put("witness", "vote, physical:5403, timeout 1000 ms");
        String out = CmanFormat.status(f, true);
        assertThat(out).contains("Expected votes: 3\nQuorum device votes: 1\nTotal votes: 3\n")
                .contains("Flags: Quorate Qdevice \n")
                .contains("Quorum device: vote, physical:5403, timeout 1000 ms\n");
        assertThat(CmanFormat.status(fields(true), true)).doesNotContain("Quorum device");
    }

    @Test
    void inquorateStatusSaysActivityBlocked() {
        assertThat(CmanFormat.status(fields(false), false)).contains("Quorum: 2 Activity blocked\n").contains("Flags:  \n");
    }

    @Test
    void nodesUseCmansColumns() {
        long joined = Instant.parse("2026-11-25T10:41:07Z").toEpochMilli();
        String out = CmanFormat.nodes(List.of("1\tM\t3\t" + joined + "\tone-server1\t10.0.0.1", "2\tX\t2\t0\tone-server2\t10.0.0.2"),
                true, ZoneId.of("UTC"));
        assertThat(out).isEqualTo("""
                Node  Sts   Inc   Joined               Name
                   1   M      3   2026-11-25 10:41:07  one-server1
                       Addresses: 10.0.0.1\s
                   2   X      2                        one-server2
                       Addresses: 10.0.0.2\s
                """);
    }
}

package org.nebulaha.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nebulaha.testkit.Poll;

/** Quorum with real daemons: the guide's two_node cluster, and a node with the wrong key. */
class QuorumClusterTest {
    @TempDir
    Path dir;
    LabCluster lab;

    @AfterEach
    void stopAll() {
        if (lab != null) lab.close();
    }

    @Test
    void aTwoNodeClusterWaitsForBothAtFirstStartThenStaysQuorateWithOneNode() throws Exception {
        lab = new LabCluster(dir, 2, null);
        lab.writeConfAll(lab.conf(1, "expected_votes=\"1\" two_node=\"1\"", 0));
        lab.start("n1");
        Poll.until(Duration.ofSeconds(20), () -> lab.members("n1").equals(List.of("n1")), lab::describe);
        Map<String, String> alone = lab.status("n1");
        assertThat(alone).containsEntry("quorate", "0").containsEntry("quorum", "1").containsEntry("flags", "2node WaitForAll");
        assertThat(alone.get("quorum_reason")).contains("wait_for_all");

        lab.start("n2");
        lab.awaitMembers(Duration.ofSeconds(20), List.of("n1", "n2"), List.of("n1", "n2"));
        Poll.until(Duration.ofSeconds(5), () -> lab.quorate("n1") && lab.quorate("n2"), lab::describe);

        lab.processes.get("n2").destroyForcibly();
        lab.awaitMembers(Duration.ofSeconds(10), List.of("n1"), List.of("n1"));
        Map<String, String> survivor = lab.status("n1");
        assertThat(survivor).containsEntry("quorate", "1").containsEntry("total_votes", "1").containsEntry("expected_votes", "1")
                .containsEntry("flags", "2node Quorate WaitForAll");
    }

    @Test
    void aNodeWithTheWrongKeyIsRefusedAndReadsNothing() throws Exception {
        lab = new LabCluster(dir, 4, null);
        lab.writeConfAll(lab.conf(1, "", 0));
        // n3 gets a key of its own
        java.nio.file.Files.delete(lab.root("n3").resolve("etc/cluster/cluster.key"));
        org.nebulaha.membership.jgroups.ClusterKey.generate(lab.root("n3").resolve("etc/cluster/cluster.key"));
        lab.start("n1");
        lab.start("n2");
        lab.awaitMembers(Duration.ofSeconds(20), List.of("n1", "n2"), List.of("n1", "n2"));
        lab.start("n3");
        Poll.until(Duration.ofSeconds(20), () -> lab.members("n3").equals(List.of("n3")), lab::describe);
        // positive control: a node with the right key, started after the intruder, joins
        lab.start("n4");
        lab.awaitMembers(Duration.ofSeconds(20), List.of("n1", "n2", "n4"), List.of("n1", "n2", "n4"));
        // give MERGE3 (every 1-3 s at token 1000 ms) a few rounds in which it must not merge n3 either
        long until = System.nanoTime() + Duration.ofSeconds(6).toNanos();
        Poll.until(Duration.ofSeconds(10), () -> System.nanoTime() > until || lab.members("n1").contains("n3"), lab::describe);
        assertThat(lab.members("n1")).containsExactly("n1", "n2", "n4");
        assertThat(lab.members("n3")).containsExactly("n3");
        // both sides received the other's traffic, could not authenticate it, and counted it
        assertThat(java.nio.file.Files.readString(lab.log("n1"))).contains("fails authentication");
        assertThat(java.nio.file.Files.readString(lab.log("n3"))).contains("fails authentication");
        assertThat(Long.parseLong(lab.status("n1").get("channel_forged"))).isPositive();
        assertThat(Long.parseLong(lab.status("n3").get("channel_forged"))).isPositive();
        assertThat(lab.status("n1")).containsEntry("channel_replayed", "0").containsEntry("channel_stale", "0");
        assertThat(lab.history("n1")).noneMatch(l -> l.contains(" n3 "));
        assertThat(lab.status("n3")).containsEntry("quorate", "0");
        assertThat(lab.status("n1")).containsEntry("quorate", "1");
    }
}

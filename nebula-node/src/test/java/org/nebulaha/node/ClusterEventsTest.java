package org.nebulaha.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nebulaha.testkit.Poll;

/** A hosted module (loaded like fencing and rgmanager will be) hears joins, clean leaves, failures and quorum, in order. */
class ClusterEventsTest {
    @TempDir
    Path dir;
    LabCluster lab;

    @AfterEach
    void stopAll() {
        if (lab != null) lab.close();
    }

    List<String> recorded(String node) {
        try {
            return lab.api(node).call("recorded").body();
        } catch (IOException e) {
            return List.of();
        }
    }

    @Test
    void modulesTalkAcrossNodesAndHearCleanLeavesAndFailuresApartAndQuorumAfterTheLoss() throws Exception {
        lab = new LabCluster(dir, 3, null);
        lab.extraEnv.put("NEBULA_TEST_EVENTS", "1");
        lab.writeConfAll(lab.conf(1, "", 0));
        lab.startAll();
        lab.awaitMembers(Duration.ofSeconds(30), List.of("n1", "n2", "n3"), List.of("n1", "n2", "n3"));
        // membership, quorum, the test module, and the hosted fenced and rgmanager
        assertThat(lab.status("n1")).containsEntry("active_subsystems", "5").containsEntry("subsystems", "membership quorum recorder fenced rgmanager");

        // modules on different nodes talk through the daemon's messaging
        assertThat(lab.api("n1").call("send", "n3", "hello").ok()).isTrue();
        Poll.until(Duration.ofSeconds(5), () -> recorded("n3").contains("message from n1: hello"), () -> "n3 recorded " + recorded("n3"));
        assertThat(recorded("n2")).noneMatch(l -> l.startsWith("message"));
        assertThat(lab.api("n1").call("send", "n9", "hello").message()).isEqualTo("n9 is not a member");

        lab.processes.get("n3").destroy(); // SIGTERM: clean leave
        lab.processes.get("n3").waitFor(10, TimeUnit.SECONDS);
        Poll.until(Duration.ofSeconds(10), () -> recorded("n1").contains("lost n3 CLEAN_LEAVE"), () -> "n1 recorded " + recorded("n1"));
        lab.processes.get("n2").destroyForcibly(); // crash
        Poll.until(Duration.ofSeconds(10), () -> recorded("n1").contains("lost n2 FAILED") && recorded("n1").get(recorded("n1").size() - 1).equals("inquorate 1"),
                () -> "n1 recorded " + recorded("n1"));

        List<String> ev = recorded("n1");
        assertThat(ev).containsSubsequence("joined n1", "quorate 3", "lost n3 CLEAN_LEAVE", "quorate 2", "lost n2 FAILED", "inquorate 1");
        assertThat(ev).contains("joined n2", "joined n3");
    }
}

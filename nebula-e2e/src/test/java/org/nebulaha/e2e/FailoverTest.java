package org.nebulaha.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.nebulaha.lab.JournalCheck;
import org.nebulaha.testkit.Poll;

/**
 * The guide's cluster in the lab, and what it must survive. One lab for the class; every test
 * leaves the service on one-server1 with both nodes up, and every test checks the journal
 * invariant: no two nodes ever held the service at once.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FailoverTest {
    static LabCluster c;

    @BeforeAll
    static void up() throws Exception {
        c = LabCluster.up();
        c.awaitStartedOn("one-server1", Duration.ofSeconds(60));
    }

    @AfterAll
    static void down() {
        if (c != null) c.close();
    }

    @AfterEach
    void invariantAndBackToOneServer1() throws Exception {
        c.assertNoDoubleOwnership();
        for (String n : List.of("one-server1", "one-server2")) {
            if (c.lab.isOn(n)) c.lab.resume(n);
            else c.lab.powerOn(n);
        }
        c.lab.heal();
        // The domain is ordered without nofailback: the service returns to one-server1 by itself.
        c.awaitStartedOn("one-server1", Duration.ofSeconds(60));
    }

    @Test
    @Order(1)
    void theServiceStartsOnTheFirstPriorityNodeAndAnswersOnTheFloatingIp() {
        c.awaitAnswerFrom("one-server1", Duration.ofSeconds(30));
    }

    @Test
    @Order(2)
    void aKilledServiceIsRestartedInPlace() {
        c.lab.killService("one-server1");
        Poll.until(Duration.ofSeconds(30), () -> c.lab.journalLines().stream().filter(l -> l.contains(" one-server1 opennebula started")).count() >= 2,
                () -> String.join("\n", c.lab.journalLines()));
        c.awaitStartedOn("one-server1", Duration.ofSeconds(30));
        c.awaitAnswerFrom("one-server1", Duration.ofSeconds(30));
    }

    @Test
    @Order(3)
    void aPlannedRelocationMovesTheService() {
        c.lab.exec("one-server1", List.of("clusvcadm", "-r", LabCluster.SERVICE, "-m", "one-server2"));
        c.awaitStartedOn("one-server2", Duration.ofSeconds(60));
        c.awaitAnswerFrom("one-server2", Duration.ofSeconds(30));
        // back to the preferred node by hand (relocation pins nothing: failback would do it too)
        c.lab.exec("one-server1", List.of("clusvcadm", "-r", LabCluster.SERVICE, "-m", "one-server1"));
    }

    @Test
    @Order(4)
    void powerLossOfTheActiveNodeFencesItThenFailsOver() {
        c.lab.crash("one-server1");
        c.awaitStartedOn("one-server2", Duration.ofSeconds(60));
        c.awaitAnswerFrom("one-server2", Duration.ofSeconds(30));
        assertThat(c.lab.fenceEvents()).as("fence_virtd was asked to power one1 off").anyMatch(l -> l.contains("one-server1 - poweroff"));
    }

    @Test
    @Order(5)
    void aPausedNodeIsFencedBeforeTheServiceStartsElsewhere() {
        c.lab.pause("one-server1");
        c.awaitStartedOn("one-server2", Duration.ofSeconds(60));
        List<JournalCheck.Hold> holds = JournalCheck.holds(c.lab.journalLines());
        assertThat(c.lab.isOn("one-server1")).as("the paused node was powered off by fencing").isFalse();
        assertThat(holds).isNotEmpty();
    }

    @Test
    @Order(6)
    void aTwoNodePartitionLeavesExactlyOneNodeRunningTheService() {
        c.lab.partition("one-server1", "one-server2");
        Poll.until(Duration.ofSeconds(60), () -> c.lab.isOn("one-server1") != c.lab.isOn("one-server2"),
                () -> "one-server1 on=" + c.lab.isOn("one-server1") + ", one-server2 on=" + c.lab.isOn("one-server2"));
        String survivor = c.lab.isOn("one-server1") ? "one-server1" : "one-server2";
        c.lab.heal();
        c.awaitStartedOn(survivor, Duration.ofSeconds(60));
    }
}

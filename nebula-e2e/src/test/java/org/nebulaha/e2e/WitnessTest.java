package org.nebulaha.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.nebulaha.testkit.Poll;

/**
 * The two-node cluster with the quorum witness on the physical host ({@code lab up --witness}): the
 * witness's vote replaces two_node, so a split is decided at once, without the race delay, and the
 * side it votes for keeps the service. Every test leaves the service on one-server1 with both nodes
 * up and checks that no two nodes ever held it at once.
 */
@LabClusterTest.Witness
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WitnessTest extends LabClusterTest {

    @AfterEach
    void invariantAndBackToOneServer1() throws Exception {
        c.assertNoDoubleOwnership();
        for (String n : List.of("one-server1", "one-server2")) c.lab.ensureOn(n);
        c.lab.heal();
        c.awaitBothMembers(Duration.ofSeconds(120));
        c.awaitStartedOn("one-server1", Duration.ofSeconds(120));
    }

    @Test
    @Order(1)
    void cmanToolShowsTheWitnessVote() {
        Poll.until(Duration.ofSeconds(30), () -> c.lab.exec("one-server1", List.of("cman_tool", "status")).contains("Quorum device votes: 1"),
                () -> c.lab.exec("one-server1", List.of("cman_tool", "status")));
        String status = c.lab.exec("one-server1", List.of("cman_tool", "status"));
        assertThat(status).contains("Expected votes: 3").contains("Total votes: 3").contains("Qdevice").doesNotContain("2node");
    }

    @Test
    @Order(2)
    void aPausedOwnerIsReplacedByTheNodeTheWitnessVotesFor() {
        c.awaitCopiesInSync(Duration.ofSeconds(120));
        long t0 = System.currentTimeMillis();
        c.lab.pause("one-server1");
        // no race delay with the witness: one-server2 fences the silent owner at once and takes over
        c.awaitAnswerFrom("one-server2", Duration.ofSeconds(30));
        assertThat(FailoverTest.powerOffsAfter("one-server1", t0)).as("the paused owner was fenced: %s", c.lab.fenceEvents()).isEqualTo(1);
        assertThat(FailoverTest.powerOffsAfter("one-server2", t0)).isZero();
    }

    @Test
    @Order(3)
    void inAPartitionTheSideWithTheWitnessVoteKeepsTheServiceAndTheOtherNeverHoldsIt() {
        c.awaitCopiesInSync(Duration.ofSeconds(120));
        int mark = c.lab.journalLines().size();
        long t0 = System.currentTimeMillis();
        c.lab.partition("one-server1", "one-server2");
        // both halves reach the witness; the half it votes for fences the other at once
        Poll.until(Duration.ofSeconds(30), () -> FailoverTest.powerOffsAfter("one-server1", t0) + FailoverTest.powerOffsAfter("one-server2", t0) >= 1,
                () -> "nobody was fenced: " + c.lab.fenceEvents());
        long firstFence = c.lab.fenceEvents().stream().filter(l -> l.endsWith(" - poweroff")).mapToLong(l -> Long.parseLong(l.split(" ")[0]))
                .filter(t -> t >= t0).min().orElseThrow();
        String loser = c.lab.fenceEvents().stream().filter(l -> l.endsWith(" - poweroff") && Long.parseLong(l.split(" ")[0]) == firstFence)
                .map(l -> l.split(" ")[1]).findFirst().orElseThrow();
        String winner = loser.equals("one-server1") ? "one-server2" : "one-server1";
        c.awaitAnswerFrom(winner, Duration.ofSeconds(30));
        assertThat(FailoverTest.powerOffsAfter(winner, t0)).as("the witness's side is never fenced: %s", c.lab.fenceEvents()).isZero();
        List<String> since = c.lab.journalLines().subList(mark, c.lab.journalLines().size());
        assertThat(since).as("%s, cut off from the witness's side, never started the service", loser)
                .noneMatch(l -> l.contains(" " + loser + " opennebula started"));
    }

    @Test
    @Order(4)
    void withoutTheWitnessBothNodesStillAddUpAndTheServiceIsKept() {
        c.lab.exec("physical", List.of("sh", "-c", "pkill -KILL -f 'witness[.]WitnessDaemon' ; true"));
        // the node reports to the witness every 200 ms: soon it counts the witness lost, 2 of 3 votes remain
        Poll.until(Duration.ofSeconds(30), () -> c.lab.exec("one-server1", List.of("cman_tool", "status")).contains("Total votes: 2"),
                () -> c.lab.exec("one-server1", List.of("cman_tool", "status")));
        String status = c.lab.exec("one-server1", List.of("cman_tool", "status"));
        assertThat(status).contains("Quorate");
        int mark = c.lab.journalLines().size();
        c.lab.killService("one-server1");
        Poll.until(Duration.ofSeconds(30), () -> c.lab.journalLines().subList(mark, c.lab.journalLines().size()).stream()
                .anyMatch(l -> l.endsWith(" one-server1 opennebula started")), () -> String.join("\n", c.lab.journalLines()));
        c.awaitAnswerFrom("one-server1", Duration.ofSeconds(30));
    }
}

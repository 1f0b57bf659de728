package org.nebulaha.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.nebulaha.fence.fenced.FencedSettings;
import org.nebulaha.lab.JournalCheck;
import org.nebulaha.lab.bench.WriteLoss;
import org.nebulaha.testkit.Poll;

/**
 * The guide's cluster in the lab, and what it must survive. One lab for the class; every test
 * leaves the service on one-server1 with both nodes up, and every test checks the journal
 * invariant: no two nodes ever held the service at once. Throughout every test a client allocates
 * VMs through oned on the floating IP without pause; once the service answers again after the
 * fault, and again after the failback, every VM oned acknowledged must exist (0 writes lost).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FailoverTest extends LabClusterTest {
    WriteLoss writes;

    @BeforeEach
    void writesGoOn() throws Exception {
        c.awaitAnswerFrom("one-server1", Duration.ofSeconds(60));
        c.awaitCopiesInSync(Duration.ofSeconds(120));
        writes = WriteLoss.start(c.lab);
        // the fault hits a front-end that is acknowledging writes
        assertThat(writes.awaitAcknowledged(20, Duration.ofSeconds(60))).as("oned acknowledged writes before the fault").isTrue();
    }

    @AfterEach
    void invariantAndBackToOneServer1() throws Exception {
        try (WriteLoss w = writes) {
            c.assertNoDoubleOwnership();
            for (String n : List.of("one-server1", "one-server2"))
                c.lab.ensureOn(n); // waits for a fence agent's reboot in progress instead of booting the node twice
            c.lab.heal();
            c.awaitBothMembers(Duration.ofSeconds(120));
            // The domain is ordered without nofailback: the service returns to one-server1 by itself
            // (after the guide's sleeptime of 10 s on the node it leaves).
            c.awaitStartedOn("one-server1", Duration.ofSeconds(120));
            // the failback moved the front-end once more: still every acknowledged write
            c.assertNoWriteLost(w);
        }
    }

    @Test
    @Order(1)
    void theServiceStartsOnTheFirstPriorityNodeAndAnswersOnTheFloatingIp() throws Exception {
        c.awaitAnswerFrom("one-server1", Duration.ofSeconds(30));
    }

    @Test
    @Order(2)
    void aKilledServiceIsRestartedInPlace() throws Exception {
        int mark = c.lab.journalLines().size();
        c.lab.killService("one-server1");
        Poll.until(Duration.ofSeconds(30), () -> c.lab.journalLines().stream().filter(l -> l.contains(" one-server1 opennebula started")).count() >= 2,
                () -> String.join("\n", c.lab.journalLines()));
        c.awaitStartedOn("one-server1", Duration.ofSeconds(30));
        c.awaitAnswerFrom("one-server1", Duration.ofSeconds(30));
        // only the failed script was restarted: Sunstone (a sibling daemon) kept running
        List<String> since = c.lab.journalLines().subList(mark, c.lab.journalLines().size());
        assertThat(since).noneMatch(l -> l.contains("opennebula-sunstone"));
        assertThat(since).anyMatch(l -> l.endsWith(" one-server1 opennebula started"));
        c.assertNoWriteLost(writes);
    }

    @Test
    @Order(3)
    void aPlannedRelocationMovesTheService() throws Exception {
        c.lab.exec("one-server1", List.of("clusvcadm", "-r", LabCluster.SERVICE, "-m", "one-server2"));
        c.awaitStartedOn("one-server2", Duration.ofSeconds(60));
        c.awaitAnswerFrom("one-server2", Duration.ofSeconds(30));
        c.assertNoWriteLost(writes);
        // back to the preferred node by hand (relocation pins nothing: failback would do it too)
        c.lab.exec("one-server1", List.of("clusvcadm", "-r", LabCluster.SERVICE, "-m", "one-server1"));
    }

    @Test
    @Order(4)
    void powerLossOfTheActiveNodeFencesItThenFailsOver() throws Exception {
        c.lab.crash("one-server1");
        c.awaitStartedOn("one-server2", Duration.ofSeconds(60));
        c.awaitAnswerFrom("one-server2", Duration.ofSeconds(30));
        assertThat(c.lab.fenceEvents()).as("fence_virtd was asked to power one1 off").anyMatch(l -> l.contains("one-server1 - poweroff"));
        c.assertNoWriteLost(writes);
    }

    /** Power-offs of {@code node} journaled after {@code since} (fence_virtd's lab backend writes them). */
    static long powerOffsAfter(String node, long since) {
        return c.lab.fenceEvents().stream().filter(l -> l.endsWith(" " + node + " - poweroff"))
                .filter(l -> Long.parseLong(l.split(" ")[0]) >= since).count();
    }

    /**
     * A hung node (every process stopped, sockets open) is lost after the token, fenced (the
     * guide's fence_xvm reboots it: powered off, then on), and never serves again as it was.
     */
    @Test
    @Order(7)
    void aPausedNodeIsFencedBeforeTheServiceStartsElsewhere() throws Exception {
        long t0 = System.currentTimeMillis();
        c.lab.pause("one-server1");
        Poll.until(Duration.ofSeconds(60), () -> powerOffsAfter("one-server1", t0) >= 1, () -> String.join("\n", c.lab.fenceEvents()));
        // whoever runs it now, it answers, and the journal check (after each test) proves no overlap
        Poll.until(Duration.ofSeconds(60), () -> c.lab.serviceStatus(LabCluster.SERVICE).map(st -> st.state().startsWith("started")).orElse(false),
                () -> "clustat " + c.lab.serviceStatus(LabCluster.SERVICE));
        assertThat(JournalCheck.holds(c.lab.journalLines())).isNotEmpty();
        c.assertNoWriteLost(writes);
    }

    /** The two-node split: both race to fence, the deterministic delay lets exactly one win. */
    @Test
    @Order(6)
    void aTwoNodePartitionLeavesExactlyOneNodeRunningTheService() throws Exception {
        long t0 = System.currentTimeMillis();
        c.lab.partition("one-server1", "one-server2");
        Poll.until(Duration.ofSeconds(60), () -> powerOffsAfter("one-server1", t0) + powerOffsAfter("one-server2", t0) >= 1,
                () -> String.join("\n", c.lab.fenceEvents()));
        String loser = powerOffsAfter("one-server2", t0) >= 1 ? "one-server2" : "one-server1";
        String survivor = loser.equals("one-server2") ? "one-server1" : "one-server2";
        long firstFence = c.lab.fenceEvents().stream().filter(l -> l.endsWith(" - poweroff")).mapToLong(l -> Long.parseLong(l.split(" ")[0]))
                .filter(t -> t >= t0).min().orElseThrow();
        // Wait for the point where a second fence would have happened: the loser's own decision falls
        // race_delay after it saw the loss (no later than the first fence), the loser has been rebooted
        // (fence_xvm's reboot: poweron after poweroff) and the survivor runs the service.
        long loserWouldHaveActed = firstFence + (FencedSettings.DEFAULT_RACE_DELAY_SECONDS + 5) * 1000L;
        Poll.until(Duration.ofSeconds(90), () -> System.currentTimeMillis() > loserWouldHaveActed
                        && c.lab.fenceEvents().stream().anyMatch(l -> l.endsWith(" " + loser + " - poweron") && Long.parseLong(l.split(" ")[0]) >= firstFence)
                        && c.lab.serviceStatus(LabCluster.SERVICE).map(st -> st.isStartedOn(survivor)).orElse(false),
                () -> "fence events " + c.lab.fenceEvents() + "; clustat " + c.lab.serviceStatus(LabCluster.SERVICE));
        assertThat(powerOffsAfter("one-server1", t0) + powerOffsAfter("one-server2", t0)).as("exactly one node was fenced: %s",
                c.lab.fenceEvents()).isEqualTo(1);
        assertThat(survivor).as("the lower nodeid wins the race").isEqualTo("one-server1");
        c.assertNoWriteLost(writes);
        c.lab.heal();
    }

    /** The pid in a node's /var/run/NAME.pid. */
    static String pidFile(String node, String name) {
        return c.lab.exec(node, List.of("sh", "-c", "cat /var/run/" + name + ".pid 2>/dev/null; true")).strip();
    }

    /** The pid of NAME's hot standby on {@code node} once it waits (docs/oned.md, "Hot standby"). */
    static String waitingStandby(String node, String name) {
        String[] pid = {""};
        Poll.until(Duration.ofSeconds(60), () -> {
            pid[0] = pidFile(node, name + "-standby");
            return !pid[0].isEmpty() && c.lab.exec(node, List.of("sh", "-c", "cat /var/run/" + name + "." + pid[0] + ".state 2>/dev/null; true"))
                    .strip().equals("standby " + pid[0]);
        }, () -> node + " has no waiting " + name + " standby (pid file: '" + pid[0] + "')");
        return pid[0];
    }

    void awaitRestartedInPlace(int startedBefore) {
        Poll.until(Duration.ofSeconds(30), () -> c.lab.journalLines().stream().filter(l -> l.endsWith(" one-server1 opennebula started")).count()
                > startedBefore, () -> String.join("\n", c.lab.journalLines()));
        c.awaitAnswerFrom("one-server1", Duration.ofSeconds(30));
    }

    long startedOnOneServer1() {
        return c.lab.journalLines().stream().filter(l -> l.endsWith(" one-server1 opennebula started")).count();
    }

    @Test
    @Order(8)
    void aKilledOnedIsRestartedInPlaceFromTheSpareStandby() throws Exception {
        String spare = waitingStandby("one-server1", "oned");
        long started = startedOnOneServer1();
        c.lab.killService("one-server1");
        awaitRestartedInPlace((int) started);
        assertThat(pidFile("one-server1", "opennebula")).as("the running oned is the spare that waited").isEqualTo(spare);
        c.assertNoWriteLost(writes);
    }

    @Test
    @Order(9)
    void aStandbyThatDiedBeforeItWasNeededLeavesAColdStartThatWorks() throws Exception {
        String spare = waitingStandby("one-server1", "oned");
        String active = pidFile("one-server1", "opennebula");
        c.lab.exec("one-server1", List.of("kill", "-9", spare));
        long started = startedOnOneServer1();
        c.lab.killService("one-server1");
        awaitRestartedInPlace((int) started);
        assertThat(pidFile("one-server1", "opennebula")).as("a new oned").isNotIn(spare, active, "");
        c.assertNoWriteLost(writes);
    }

    @Test
    @Order(10)
    void powerLossTakesOverTheOtherNodesStandbys() throws Exception {
        String oned = waitingStandby("one-server2", "oned");
        String sunstone = waitingStandby("one-server2", "sunstone");
        c.lab.crash("one-server1");
        c.awaitAnswerFrom("one-server2", Duration.ofSeconds(60));
        assertThat(pidFile("one-server2", "opennebula")).as("oned is the standby that waited").isEqualTo(oned);
        assertThat(pidFile("one-server2", "opennebula-sunstone")).as("Sunstone is the standby that waited").isEqualTo(sunstone);
        c.assertNoWriteLost(writes);
    }
}

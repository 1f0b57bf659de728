package org.nebulaha.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.nebulaha.lab.bench.WriteLoss;
import org.nebulaha.testkit.Poll;

/**
 * {@code lab up}'s default layout: each node its own PostgreSQL copy, the owner's primary replicated
 * synchronously to the other node by the cluster's pgsql resource. Power loss of the owner: the
 * service (oned) comes up on one-server2 with every VM whose creation was acknowledged; power-on of
 * one-server1: it rejoins as an in-sync standby by itself (and the service fails back once it is).
 * The standby's node cut off: the owner fences it, marks its copy outdated and stops waiting for it,
 * so writes go on (without the owner restarting oned).
 */
@LabClusterTest.Database("pgsql")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplicatedDatabaseTest extends LabClusterTest {
    static final Duration LONG = Duration.ofSeconds(120);

    /** Runs oned's CLI inside a node, against that node's oned. */
    static String one(String node, String command) {
        return c.lab.exec(node, List.of("sh", "-c", ". /etc/default/nebula-ha; export ONE_LOCATION; " + command));
    }

    static String clustat(String node) {
        try {
            return c.lab.exec(node, List.of("clustat"));
        } catch (RuntimeException e) {
            return e.getMessage();
        }
    }

    /** clustat on {@code on} lists {@code copy} with that role and in sync. */
    static void awaitCopy(String on, String copy, String role) {
        Poll.until(LONG, () -> clustat(on).lines().anyMatch(l -> l.matches("\\s*" + copy + "\\s+" + role + "\\s+yes\\b.*")),
                () -> "clustat on " + on + ":\n" + clustat(on));
    }

    /**
     * Before the fix the fenced standby's dead WAL sender stayed listed as sync for wal_sender_timeout
     * (a minute): every commit waited, oned's keep-alive self-fenced it and the service stopped. The
     * deadlines here (20 s) are far below that minute and far above the second or two it takes now.
     */
    @Test
    @Order(1)
    void theStandbysNodeCutOffIsOutdatedAndWritesGoOn() throws Exception {
        c.awaitStartedOn("one-server1", LONG);
        awaitCopy("one-server1", "one-server2", "standby");
        int starts = startsOfOned("one-server1");
        try (WriteLoss writes = WriteLoss.start(c.lab)) {
            assertThat(writes.awaitAcknowledged(20, Duration.ofSeconds(60))).as("writes acknowledged before the fault").isTrue();
            c.lab.partition("one-server1", "one-server2");
            Duration quick = Duration.ofSeconds(20);
            Poll.until(quick, () -> clustat("one-server1").lines().anyMatch(l -> l.matches("\\s*one-server2\\s+outdated\\s+no\\b.*")),
                    () -> "one-server2's copy not outdated on one-server1 within 20 s; clustat:\n" + clustat("one-server1"));
            int after = writes.acknowledged();
            assertThat(writes.awaitAcknowledged(after + 20, quick)).as("writes acknowledged after the standby was outdated").isTrue();
            assertThat(startsOfOned("one-server1")).as("oned was not restarted on one-server1").isEqualTo(starts);
            c.lab.heal();
            c.awaitBothMembers(LONG);
            // the fenced node comes back (fence_xvm rebooted it) and its copy catches up again
            awaitCopy("one-server1", "one-server2", "standby");
            c.awaitStartedOn("one-server1", LONG);
            c.assertNoWriteLost(writes);
        }
        c.assertNoDoubleOwnership();
    }

    static int startsOfOned(String node) {
        return (int) c.lab.journalLines().stream().filter(l -> l.endsWith(" " + node + " opennebula start")).count();
    }

    @Test
    @Order(2)
    void powerLossKeepsEveryCommittedVmAndTheNodeRejoinsInSync() throws Exception {
        awaitCopy("one-server1", "one-server2", "standby");
        one("one-server1", "printf 'NAME = \"db-vm\"\\nCPU = 1\\nMEMORY = 64\\n' > /root/vm.tpl");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) ids.add(one("one-server1", "onevm create /root/vm.tpl --hold").replaceAll("\\D", ""));

        c.lab.crash("one-server1");
        c.awaitStartedOn("one-server2", LONG);
        Poll.until(LONG, () -> {
            try {
                String list = one("one-server2", "onevm list");
                return ids.stream().allMatch(id -> list.lines().anyMatch(l -> l.strip().startsWith(id + " ")));
            } catch (RuntimeException e) {
                return false;
            }
        }, () -> "onevm list on one-server2 lacks one of " + ids + "; clustat:\n" + clustat("one-server2"));
        assertThat(clustat("one-server2")).containsPattern("one-server1\\s+outdated\\s+no");

        c.lab.powerOn("one-server1");
        c.awaitBothMembers(LONG);
        // no manual step: one-server1 rewinds into a standby, is in sync, then the ordered domain moves
        // the service back to it (failback waits for its copy), and one-server2 follows it in turn
        c.awaitStartedOn("one-server1", Duration.ofSeconds(180));
        awaitCopy("one-server1", "one-server2", "standby");
        String list = one("one-server1", "onevm list");
        assertThat(ids).allMatch(id -> list.lines().anyMatch(l -> l.strip().startsWith(id + " ")));
        c.assertNoDoubleOwnership();
    }
}

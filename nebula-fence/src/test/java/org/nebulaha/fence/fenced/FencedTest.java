package org.nebulaha.fence.fenced;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nebulaha.conf.model.ClusterConf;
import org.nebulaha.testkit.FakeClock;
import org.nebulaha.testkit.FakeScheduler;
import org.nebulaha.testkit.Poll;
import org.nebulaha.testkit.Require;

/** Fenced with real agent processes: events in, fences out, retries, history, listeners. */
class FencedTest {
    static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;
    ScriptAgents agents;
    final List<Fenced> started = new ArrayList<>();
    final List<String> released = Collections.synchronizedList(new ArrayList<>());
    final List<String> announced = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void setUp() throws Exception {
        agents = new ScriptAgents(dir);
    }

    @AfterEach
    void tearDown() {
        started.forEach(Fenced::close);
    }

    /** nodes node1..N, each fenced through {@code device} (a fencedevice of the script agents), port=vmN. */
    ClusterConf conf(int count, String cmanAttrs, String fenceDaemonAttrs, String device, String... withoutMethods) {
        StringBuilder nodes = new StringBuilder();
        for (int i = 1; i <= count; i++) {
            nodes.append("<clusternode name=\"node").append(i).append("\" nodeid=\"").append(i).append("\">");
            if (!List.of(withoutMethods).contains("node" + i))
                nodes.append("<fence><method name=\"1\"><device name=\"").append(device).append("\" port=\"vm").append(i).append("\"/></method></fence>");
            nodes.append("</clusternode>");
        }
        return Confs.parse("""
                <cluster name="one" config_version="1">
                  <cman %s/>
                  <fence_daemon agent_timeout="1" %s/>
                  <clusternodes>%s</clusternodes>
                  <fencedevices>
                    <fencedevice agent="fence_ok" name="ok"/>
                    <fencedevice agent="fence_fail" name="fail"/>
                    <fencedevice agent="fence_off" name="off"/>
                    <fencedevice agent="fence_flaky" name="flaky" fails="2" counter="%s/flaky.count"/>
                  </fencedevices>
                </cluster>
                """.formatted(cmanAttrs, fenceDaemonAttrs, nodes, dir));
    }

    Fenced start(ClusterConf conf, String self) {
        return start(conf, self, null);
    }

    /** With {@code timers}: fenced's clock is their fake clock and its wake-ups run when the test advances it. */
    Fenced start(ClusterConf conf, String self, FakeScheduler timers) {
        Path history = dir.resolve(self).resolve("var/lib/cluster/fence_history");
        Fenced f = new Fenced(conf, self, agents.runner(), new FenceHistory(history, 100), timers == null ? Clock.systemUTC() : timers.clock(),
                timers == null ? null : timers::schedule, new Fenced.Backoff(Duration.ofMillis(50), Duration.ofMillis(200)),
                node -> announced.add(self + " fenced " + node));
        f.addListener((node, how) -> released.add(self + ": " + node + " (" + how + ")"));
        started.add(f);
        return f;
    }

    /** A three-node cluster seen from node1: everyone joined, quorate. */
    Fenced threeNodesOn(String self, ClusterConf conf) {
        Fenced f = start(conf, self);
        for (int i = 1; i <= 3; i++) f.memberJoined("node" + i, i, 1);
        f.quorumChanged(true);
        return f;
    }

    String state(Fenced f) {
        return f.statusAll().stream().map(FenceStatus::describe).toList() + " calls " + callsOrNone() + " released " + released;
    }

    List<String> callsOrNone() {
        try {
            return agents.calls();
        } catch (Exception e) {
            return List.of(e.toString());
        }
    }

    @Nested
    class WhenAMemberFails {
        @Test
        void fencesItAndThenReleasesItsRecovery() throws Exception {
            Fenced f = threeNodesOn("node1", conf(3, "", "", "ok"));
            f.memberLost("node3", 3, 1, false);
            assertThat(f.isFencedSinceLost("node3")).as("blocked the moment the loss is known").isFalse();
            Poll.until(WAIT, () -> f.isFencedSinceLost("node3"), () -> state(f));
            assertThat(agents.calls()).containsExactly("fence_ok nodename=node3 port=vm3 action=reboot");
            Poll.until(WAIT, () -> !released.isEmpty(), () -> state(f)); // listeners are told on fenced's thread
            assertThat(released).containsExactly("node1: node3 (fenced by node1 (method 1 succeeded))");
            Poll.until(WAIT, () -> !announced.isEmpty(), () -> state(f));
            assertThat(announced).containsExactly("node1 fenced node3");
            assertThat(f.history().forNode("node3")).singleElement().satisfies(a -> {
                assertThat(a.result()).isEqualTo("success");
                assertThat(a.origin()).isEqualTo("fenced");
            });
            assertThat(f.status("node3")).get().extracting(FenceStatus::fate).isEqualTo(NodeState.Fate.FENCED);
        }

        @Test
        void retriesAFailingDeviceUntilItSucceedsAndStaysBlockedMeanwhile() throws Exception {
            Fenced f = threeNodesOn("node1", conf(3, "", "", "flaky"));
            f.memberLost("node2", 2, 1, false);
            Poll.until(WAIT, () -> f.status("node2").orElseThrow().failedPasses() >= 1, () -> state(f));
            assertThat(f.isFencedSinceLost("node2")).as("a failed pass keeps recovery blocked").isFalse();
            Poll.until(WAIT, () -> f.isFencedSinceLost("node2"), () -> state(f));
            assertThat(f.history().forNode("node2")).extracting(FenceAttempt::result).containsExactly("failed", "failed", "success");
            assertThat(agents.calls()).hasSize(3);
            Poll.until(WAIT, () -> !released.isEmpty(), () -> state(f));
            assertThat(released).hasSize(1);
        }

        @Test
        void aNodeThatLeftCleanlyIsNeverFenced() throws Exception {
            Fenced f = threeNodesOn("node1", conf(3, "", "", "ok"));
            f.memberLost("node3", 3, 1, true);
            assertThat(f.isFencedSinceLost("node3")).isTrue();
            Poll.until(WAIT, () -> f.status("node3").orElseThrow().decision().contains("left-cleanly"), () -> state(f));
            assertThat(agents.calls()).isEmpty();
        }

        @Test
        void anInquoratePartitionWaitsForQuorumBeforeFencing() throws Exception {
            Fenced f = threeNodesOn("node1", conf(3, "", "", "ok"));
            f.quorumChanged(false);
            f.memberLost("node2", 2, 1, false);
            f.memberLost("node3", 3, 1, false);
            Poll.until(WAIT, () -> f.status("node3").orElseThrow().decision().contains("not-quorate"), () -> state(f));
            assertThat(agents.calls()).isEmpty();
            f.memberJoined("node2", 2, 2); // node2 came back restarted: quorum again
            f.quorumChanged(true);
            Poll.until(WAIT, () -> f.isFencedSinceLost("node3"), () -> state(f));
            assertThat(agents.calls()).containsExactly("fence_ok nodename=node3 port=vm3 action=reboot");
            assertThat(f.status("node2")).get().extracting(FenceStatus::fate).isEqualTo(NodeState.Fate.REJOINED);
        }

        @Test
        void aNodeThatComesBackRestartedNeedsNoFence() throws Exception {
            Fenced f = threeNodesOn("node1", conf(3, "", "post_fail_delay=\"30\"", "ok"));
            f.memberLost("node3", 3, 1, false);
            Poll.until(WAIT, () -> f.status("node3").orElseThrow().decision().contains("post-fail-delay"), () -> state(f));
            f.memberJoined("node3", 3, 2);
            assertThat(f.isFencedSinceLost("node3")).isTrue();
            assertThat(f.status("node3")).get().extracting(FenceStatus::fate).isEqualTo(NodeState.Fate.REJOINED);
            assertThat(agents.calls()).isEmpty();
        }

        @Test
        void aHealedPartitionWithoutRestartIsStillFenced() throws Exception {
            FakeScheduler timers = new FakeScheduler(FakeClock.atMorning());
            Fenced f = start(conf(3, "", "post_fail_delay=\"5\"", "ok"), "node1", timers);
            for (int i = 1; i <= 3; i++) f.memberJoined("node" + i, i, 1);
            f.quorumChanged(true);
            f.memberLost("node3", 3, 1, false);
            f.memberJoined("node3", 3, 1); // same incarnation: it never restarted and may have acted alone
            assertThat(f.isFencedSinceLost("node3")).isFalse();
            Poll.until(WAIT, () -> !timers.pending().isEmpty(), () -> state(f));
            timers.advance(Duration.ofSeconds(5)); // post_fail_delay over
            Poll.until(WAIT, () -> f.isFencedSinceLost("node3"), () -> state(f));
            assertThat(agents.calls()).containsExactly("fence_ok nodename=node3 port=vm3 action=reboot");
        }

        @Test
        void aMemberWithAHigherNodeidWaitsForTheLowestToReport() throws Exception {
            Fenced f = threeNodesOn("node2", conf(3, "", "", "ok"));
            f.memberLost("node3", 3, 1, false);
            Poll.until(WAIT, () -> f.status("node3").orElseThrow().decision().contains("other-member-fences"), () -> state(f));
            assertThat(f.isFencedSinceLost("node3")).isFalse();
            f.peerFenced("node3", "node1");
            assertThat(f.isFencedSinceLost("node3")).isTrue();
            assertThat(agents.calls()).isEmpty();
            assertThat(f.history().forNode("node3")).extracting(FenceAttempt::origin).containsExactly("peer:node1");
        }

        @Test
        void whenTheLowestMemberDiesTooTheNextOneFencesBoth() throws Exception {
            Fenced f = threeNodesOn("node2", conf(3, "", "", "ok"));
            f.memberLost("node3", 3, 1, false);
            f.memberLost("node1", 1, 1, false);
            Poll.until(WAIT, () -> f.isFencedSinceLost("node1") && f.isFencedSinceLost("node3"), () -> state(f));
            assertThat(agents.calls()).containsExactlyInAnyOrder("fence_ok nodename=node1 port=vm1 action=reboot",
                    "fence_ok nodename=node3 port=vm3 action=reboot");
        }
    }

    @Nested
    class WithoutFenceMethods {
        @Test
        void refusesToReleaseTheNode() throws Exception {
            Fenced f = threeNodesOn("node1", conf(3, "", "", "ok", "node3"));
            f.memberLost("node3", 3, 1, false);
            Poll.until(WAIT, () -> f.status("node3").orElseThrow().decision().contains("no-fence-methods"), () -> state(f));
            assertThat(f.isFencedSinceLost("node3")).isFalse();
            assertThat(f.status("node3").orElseThrow().describe()).contains("FENCING PENDING, recovery blocked");
        }

        @Test
        void skipUndefinedReleasesIt() throws Exception {
            Fenced f = threeNodesOn("node1", conf(3, "", "skip_undefined=\"1\"", "ok", "node3"));
            f.memberLost("node3", 3, 1, false);
            Poll.until(WAIT, () -> !released.isEmpty(), () -> state(f));
            assertThat(f.isFencedSinceLost("node3")).isTrue();
            assertThat(released).containsExactly("node1: node3 (skip-undefined)");
            assertThat(agents.calls()).isEmpty();
        }
    }

    @Nested
    class ByHand {
        @Test
        void fenceNodeOfAMemberCountsWhenItsFailureFollows() throws Exception {
            Fenced f = threeNodesOn("node1", conf(3, "", "", "ok"));
            SequenceResult r = f.fenceByHand("node3");
            assertThat(r.success()).isTrue();
            f.memberLost("node3", 3, 1, false); // the fence we just did is what killed it
            assertThat(f.isFencedSinceLost("node3")).isTrue();
            assertThat(agents.calls()).hasSize(1);
            assertThat(f.history().forNode("node3")).extracting(FenceAttempt::origin).containsExactly("fence_node");
        }

        @Test
        void fenceNodeEndsAPendingFence() throws Exception {
            Fenced f = threeNodesOn("node1", conf(3, "", "", "fail"));
            f.memberLost("node3", 3, 1, false);
            Poll.until(WAIT, () -> f.status("node3").orElseThrow().failedPasses() >= 1, () -> state(f));
            f.configChanged(conf(3, "", "", "ok")); // the operator fixed the device
            Poll.until(WAIT, () -> f.isFencedSinceLost("node3"), () -> state(f));
            assertThat(f.history().lastFenced("node3")).get().extracting(FenceAttempt::device).isEqualTo("ok");
        }
    }

    @Nested
    class TwoNodeSplit {
        /**
         * Both nodes lose each other at once. node1 (lower nodeid) fences at once; node2 waits
         * race_delay; its fence power-offs node2 (the test closes node2's fenced, as the power cut
         * would), so node1 is never fenced. The race delay passes on a fake clock.
         */
        @Test
        void exactlyOneNodeSurvives() throws Exception {
            ClusterConf conf = conf(2, "two_node=\"1\" expected_votes=\"1\"", "race_delay=\"10\"", "ok");
            FakeScheduler timers = new FakeScheduler(FakeClock.atMorning());
            Fenced n1 = start(conf, "node1", timers);
            Fenced n2 = start(conf, "node2", timers);
            for (Fenced f : List.of(n1, n2)) {
                f.memberJoined("node1", 1, 1);
                f.memberJoined("node2", 2, 1);
                f.quorumChanged(true);
            }
            n2.memberLost("node1", 1, 1, false);
            n1.memberLost("node2", 2, 1, false);
            Poll.until(WAIT, () -> callsOrNone().contains("fence_ok nodename=node2 port=vm2 action=reboot"), () -> state(n1) + state(n2));
            Poll.until(WAIT, () -> n2.status("node1").orElseThrow().decision().contains("race-delay") && !timers.pending().isEmpty(),
                    () -> state(n2) + " timers " + timers.pending());
            n2.close(); // node2 is powered off: it never gets to act
            timers.advance(Duration.ofSeconds(11)); // past node2's race_delay
            // node2 may have asked whether node1 was already off (it was on); it never fenced it.
            assertThat(agents.calls()).filteredOn(c -> !c.endsWith("action=status"))
                    .containsExactly("fence_ok nodename=node2 port=vm2 action=reboot");
            Poll.until(WAIT, () -> n1.isFencedSinceLost("node2"), () -> state(n1));
        }

        /** A power loss of the lower-nodeid node: its device says OFF, so the race delay is not waited. */
        @Test
        void aPeerTheDeviceReportsOffCountsAsFencedWithoutTheRaceDelay() throws Exception {
            ClusterConf conf = conf(2, "two_node=\"1\" expected_votes=\"1\"", "race_delay=\"600\"", "off");
            Fenced n2 = start(conf, "node2");
            n2.memberJoined("node1", 1, 1);
            n2.quorumChanged(true);
            n2.memberLost("node1", 1, 1, false);
            Poll.until(WAIT, () -> n2.isFencedSinceLost("node1"), () -> state(n2));
            assertThat(agents.calls()).containsExactly("fence_off nodename=node1 port=vm1 action=status");
            assertThat(n2.history().forNode("node1")).singleElement().satisfies(a -> assertThat(a.result()).isEqualTo("off"));
            assertThat(released).singleElement().asString().contains("already powered off");
        }

        @Test
        void theHigherNodeidFencesAfterRaceDelayWhenThePeerReallyDied() throws Exception {
            ClusterConf conf = conf(2, "two_node=\"1\" expected_votes=\"1\"", "race_delay=\"10\"", "ok");
            FakeScheduler timers = new FakeScheduler(FakeClock.atMorning());
            Fenced n2 = start(conf, "node2", timers);
            n2.memberJoined("node1", 1, 1);
            n2.quorumChanged(true);
            Instant lost = timers.clock().instant();
            n2.memberLost("node1", 1, 1, false);
            // the devices say node1 is on (a live peer, as in a split): node2 waits the whole race_delay
            Poll.until(WAIT, () -> callsOrNone().contains("fence_ok nodename=node1 port=vm1 action=status") && !timers.pending().isEmpty()
                    && n2.status("node1").orElseThrow().decision().contains("race-delay"), () -> state(n2) + " timers " + timers.pending());
            timers.advance(Duration.ofSeconds(9));
            assertThat(agents.calls()).as("nothing fenced before race_delay").containsExactly("fence_ok nodename=node1 port=vm1 action=status");
            timers.advance(Duration.ofSeconds(1));
            Poll.until(WAIT, () -> n2.isFencedSinceLost("node1"), () -> state(n2));
            FenceAttempt a = n2.history().forNode("node1").stream().filter(x -> !x.action().equals("status")).findFirst().orElseThrow();
            assertThat(a.time()).as("fenced only after race_delay").isAfterOrEqualTo(lost.plusSeconds(10));
        }

        @Test
        void aLoneBootedNodeNeverFencesItsPeer() throws Exception {
            ClusterConf conf = conf(2, "two_node=\"1\" expected_votes=\"1\" wait_for_all=\"0\"", "post_join_delay=\"0\"", "ok");
            Fenced n1 = start(conf, "node1");
            n1.memberJoined("node1", 1, 1);
            n1.quorumChanged(true); // quorate alone: wait_for_all switched off
            Poll.until(WAIT, () -> n1.status("node2").orElseThrow().decision().contains("two-node-no-startup-fencing"), () -> state(n1));
            assertThat(agents.calls()).isEmpty();
        }
    }

    @Nested
    class StartupFencing {
        @Test
        void aConfiguredNodeThatNeverJoinsIsFencedAfterPostJoinDelay() throws Exception {
            FakeScheduler timers = new FakeScheduler(FakeClock.atMorning());
            Fenced f = start(conf(3, "", "post_join_delay=\"6\"", "ok"), "node1", timers);
            f.memberJoined("node1", 1, 1);
            f.memberJoined("node2", 2, 1);
            Instant quorum = timers.clock().instant();
            f.quorumChanged(true);
            Poll.until(WAIT, () -> f.status("node3").orElseThrow().decision().contains("post-join-delay") && !timers.pending().isEmpty(),
                    () -> state(f) + " timers " + timers.pending());
            timers.advance(Duration.ofSeconds(5));
            assertThat(callsOrNone()).as("not before post_join_delay").isEmpty();
            timers.advance(Duration.ofSeconds(1));
            Poll.until(WAIT, () -> f.isFencedSinceLost("node3"), () -> state(f));
            assertThat(f.history().forNode("node3").get(0).time()).isEqualTo(quorum.plusSeconds(6));
            assertThat(f.isFencedSinceLost("node2")).isTrue();
        }

        @Test
        void cleanStartAssumesItClean() throws Exception {
            Fenced f = start(conf(3, "", "post_join_delay=\"0\" clean_start=\"1\"", "ok"), "node1");
            f.memberJoined("node2", 2, 1);
            f.quorumChanged(true);
            Poll.until(WAIT, () -> f.isFencedSinceLost("node3"), () -> state(f));
            assertThat(agents.calls()).isEmpty();
        }
    }

    /** Debian's fence-agents: fence_dummy keeps the power state in a file; fenced drives it through cluster.conf. */
    @Test
    void fencesThroughARealDebianFenceAgent() throws Exception {
        Require.that(java.nio.file.Files.isExecutable(Path.of("/usr/sbin/fence_dummy")),
                "Debian fence-agents not installed (apt-get install fence-agents)");
        Path state = dir.resolve("node3.power");
        java.nio.file.Files.writeString(state, "on");
        ClusterConf conf = Confs.parse("""
                <cluster name="one" config_version="1">
                  <fence_daemon agent_timeout="20"/>
                  <clusternodes>
                    <clusternode name="node1" nodeid="1"/>
                    <clusternode name="node2" nodeid="2"/>
                    <clusternode name="node3" nodeid="3">
                      <fence><method name="dummy"><device name="dummy" action="off"/></method></fence>
                    </clusternode>
                  </clusternodes>
                  <fencedevices><fencedevice agent="fence_dummy" name="dummy" type="file" status_file="%s"/></fencedevices>
                </cluster>
                """.formatted(state));
        Path history = dir.resolve("var/lib/cluster/fence_history");
        Fenced f = new Fenced(conf, "node1", org.nebulaha.fence.agent.AgentRunner.withDefaultPath(), new FenceHistory(history, 100),
                Clock.systemUTC(), Fenced.Backoff.DEFAULT, node -> {});
        started.add(f);
        for (int i = 1; i <= 3; i++) f.memberJoined("node" + i, i, 1);
        f.quorumChanged(true);
        f.memberLost("node3", 3, 1, false);
        Poll.until(Duration.ofSeconds(30), () -> f.isFencedSinceLost("node3"), () -> state(f) + " history " + f.history().all());
        assertThat(java.nio.file.Files.readString(state).strip()).isEqualTo("off");
        assertThat(f.history().forNode("node3")).singleElement()
                .satisfies(a -> assertThat(List.of(a.agent(), a.action(), a.result())).containsExactly("fence_dummy", "off", "success"));
    }

    @Test
    void appliesANewVersionAndRefusesABadOneKeepingTheOld() throws Exception {
        Fenced f = threeNodesOn("node1", conf(3, "", "", "ok"));
        assertThat(f.configVersion()).isEqualTo(1);
        // version 2 waits 600 s after a failure before fencing
        ClusterConf v1 = conf(3, "", "", "ok");
        ClusterConf v2 = Confs.parse(v1.tree().toString().replace("config_version=\"1\"", "config_version=\"2\"")
                .replace("agent_timeout=\"1\"", "agent_timeout=\"1\" post_fail_delay=\"600\""));
        assertThat(v2.configVersion()).isEqualTo(2);
        f.configChanged(v2);
        assertThat(f.configVersion()).isEqualTo(2);
        // version 3 is bad (built without the parser, which refuses it): fenced keeps version 2
        f.configChanged(Confs.withFenceDaemonExtras(v1, 3, java.util.Map.of("agent_timeout", "1", "race_delay", "-4")));
        assertThat(f.configVersion()).isEqualTo(2);
        f.memberLost("node3", 3, 1, false);
        Poll.until(WAIT, () -> f.status("node3").map(st -> st.describe().contains("post_fail_delay 600 s")).orElse(false), () -> state(f));
        assertThat(f.isFencedSinceLost("node3")).as("version 2's post_fail_delay of 600 s is in force").isFalse();
        assertThat(callsOrNone()).isEmpty();
        // version 4 (no delay) is applied and the pending fence goes ahead at once
        f.configChanged(Confs.parse(v1.tree().toString().replace("config_version=\"1\"", "config_version=\"4\"")));
        assertThat(f.configVersion()).isEqualTo(4);
        Poll.until(WAIT, () -> f.isFencedSinceLost("node3"), () -> state(f));
    }
}

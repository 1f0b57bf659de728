package org.nebulaha.fence.fenced;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nebulaha.conf.model.ClusterConf;
import org.nebulaha.fence.fenced.NodeState.Fate;

/**
 * FencePlanner as a table. A view reads {@code self=ID quorate=SINCE|no | NODE:FATE[@SINCE][+m] ...}:
 * fates active, never, left, failed, fenced, rejoined; {@code +m} marks a current member (active
 * nodes are members unless {@code -m}); times are seconds since the epoch. Expected decisions read
 * {@code fence NODE RULE}, {@code wait NODE UNTIL RULE}, {@code hold NODE RULE}, {@code drop NODE RULE}.
 */
class FencePlannerTest {
    static final ClusterConf TWO = Confs.cluster(2, true, "post_join_delay=\"6\" race_delay=\"10\"");
    static final ClusterConf TWO_DELAY = Confs.cluster(2, true, "post_fail_delay=\"5\" race_delay=\"10\"");
    static final ClusterConf THREE = Confs.cluster(3, false, "post_join_delay=\"6\"");
    static final ClusterConf THREE_PFD = Confs.cluster(3, false, "post_fail_delay=\"5\"");
    static final ClusterConf THREE_PFD_INF = Confs.cluster(3, false, "post_fail_delay=\"-1\"");
    static final ClusterConf THREE_PJD_INF = Confs.cluster(3, false, "post_join_delay=\"-1\"");
    static final ClusterConf THREE_CLEAN = Confs.cluster(3, false, "clean_start=\"1\"");
    static final ClusterConf THREE_NO3 = Confs.cluster(3, false, "", "node3");
    static final ClusterConf THREE_NO3_SKIP = Confs.cluster(3, false, "skip_undefined=\"1\"", "node3");

    static Stream<Arguments> table() {
        return Stream.of(
            // --- two-node split: both sides decide at the same moment (t=100) about each other
            row("two-node race, node1 side: lower nodeid fences at once", TWO, "self=1 quorate=0 | node2:failed@100", 100,
                "fence node2 member-failed"),
            row("two-node race, node2 side: waits race_delay", TWO, "self=2 quorate=0 | node1:failed@100", 100,
                "wait node1 110 race-delay"),
            row("two-node race, node2 side still alive after race_delay: fences", TWO, "self=2 quorate=0 | node1:failed@100", 110,
                "fence node1 member-failed"),
            row("two-node race with post_fail_delay: both delays add up on the loser", TWO_DELAY, "self=2 quorate=0 | node1:failed@100", 100,
                "wait node1 115 race-delay"),
            row("two-node race with post_fail_delay: winner waits post_fail_delay only", TWO_DELAY, "self=1 quorate=0 | node2:failed@100", 100,
                "wait node2 105 post-fail-delay"),
            row("two-node: peer never seen since boot is not startup-fenced (no fence loop)", TWO, "self=1 quorate=0 | node2:never@0", 50,
                "hold node2 two-node-no-startup-fencing"),
            row("two-node: booted alone and not quorate (wait_for_all): nothing", TWO, "self=2 quorate=no | node1:never@0", 50,
                "hold node1 not-quorate"),
            // --- three nodes: the majority fences, its lowest nodeid acts
            row("three nodes, node3 failed, node1 is lowest: fences", THREE, "self=1 quorate=0 | node2:active node3:failed@100", 100,
                "fence node3 member-failed"),
            row("three nodes, node3 failed, node2 waits for node1's result", THREE, "self=2 quorate=0 | node1:active node3:failed@100", 100,
                "hold node3 other-member-fences"),
            row("three nodes, node1 failed: node2 is now lowest and fences", THREE, "self=2 quorate=0 | node1:failed@100 node3:active", 100,
                "fence node1 member-failed"),
            row("three nodes, node1 failed, node3 lets node2 do it", THREE, "self=3 quorate=0 | node1:failed@100 node2:active", 100,
                "hold node1 other-member-fences"),
            row("three nodes, two failed: lowest survivor fences both", THREE, "self=2 quorate=0 | node1:failed@100 node3:failed@101", 101,
                "fence node1 member-failed; fence node3 member-failed"),
            row("a failed node back with the same incarnation is no executor", THREE, "self=2 quorate=0 | node1:failed@100+m node3:failed@100", 100,
                "fence node1 member-failed; fence node3 member-failed"),
            row("minority partition is not quorate: holds", THREE, "self=3 quorate=no | node1:failed@100 node2:failed@100", 100,
                "hold node1 not-quorate; hold node2 not-quorate"),
            // --- delays
            row("post_fail_delay not over: waits", THREE_PFD, "self=1 quorate=0 | node2:active node3:failed@100", 103,
                "wait node3 105 post-fail-delay"),
            row("post_fail_delay over: fences", THREE_PFD, "self=1 quorate=0 | node2:active node3:failed@100", 105,
                "fence node3 member-failed"),
            row("post_fail_delay=-1: waits for ever", THREE_PFD_INF, "self=1 quorate=0 | node2:active node3:failed@100", 9999,
                "hold node3 post-fail-delay-infinite"),
            // --- clean leave, fenced, rejoined
            row("left cleanly: never fenced", THREE, "self=1 quorate=0 | node2:active node3:left@100", 100,
                "drop node3 left-cleanly"),
            row("already fenced or restarted: nothing owed", THREE, "self=1 quorate=0 | node2:fenced@100 node3:rejoined@100+m", 200,
                ""),
            // --- startup fencing
            row("never joined, quorum just formed: waits post_join_delay", THREE, "self=1 quorate=50 | node2:active node3:never@0", 52,
                "wait node3 56 post-join-delay"),
            row("never joined after post_join_delay: startup fencing", THREE, "self=1 quorate=50 | node2:active node3:never@0", 56,
                "fence node3 startup-fencing"),
            row("never joined, clean_start=1: assumed clean", THREE_CLEAN, "self=1 quorate=50 | node2:active node3:never@0", 500,
                "drop node3 clean-start"),
            row("never joined, post_join_delay=-1: waits for ever", THREE_PJD_INF, "self=1 quorate=50 | node2:active node3:never@0", 500,
                "hold node3 post-join-delay-infinite"),
            row("never joined, not quorate: nothing", THREE, "self=1 quorate=no | node2:never@0 node3:never@0", 500,
                "hold node2 not-quorate; hold node3 not-quorate"),
            // --- no fence methods
            row("failed node without methods: blocked, recovery refused", THREE_NO3, "self=1 quorate=0 | node2:active node3:failed@100", 100,
                "hold node3 no-fence-methods"),
            row("failed node without methods, skip_undefined=1: counted as fenced", THREE_NO3_SKIP, "self=1 quorate=0 | node2:active node3:failed@100", 100,
                "drop node3 skip-undefined"),
            row("never joined without methods, skip_undefined=1: not startup-fenced", THREE_NO3_SKIP, "self=1 quorate=0 | node2:active node3:never@0", 100,
                "drop node3 skip-undefined")
        );
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void decides(String situation, ClusterConf conf, String view, long now, String expected) {
        FenceView v = view(view);
        List<FenceDecision> ds = FencePlanner.decide(conf, FencedSettings.of(conf), v, Instant.ofEpochSecond(now));
        String got = ds.stream().map(FencePlannerTest::show).collect(Collectors.joining("; "));
        assertThat(got).as("%s\nview: %s\nnow: %d\ndecisions: %s", situation, view, now,
                ds.stream().map(FenceDecision::describe).toList()).isEqualTo(expected);
    }

    @Test
    void everyDecisionExplainsItself() {
        FenceView v = view("self=2 quorate=0 | node1:failed@100");
        FenceDecision d = FencePlanner.decide(TWO, FencedSettings.of(TWO), v, Instant.ofEpochSecond(100)).get(0);
        assertThat(d.describe()).contains("node1", "race-delay", "race_delay 10 s", "lower nodeid");
    }

    @Test
    void raceDelayDefaultsToTenSecondsAndRefusesGarbage() {
        assertThat(FencedSettings.of(Confs.cluster(2, true, "")).raceDelaySeconds()).isEqualTo(10);
        // the parser refuses them with the file's location (Settings declares both) ...
        assertThatThrownBy(() -> Confs.cluster(2, true, "race_delay=\"soon\""))
                .hasMessageContaining("<fence_daemon>: race_delay must be an integer at least 0, not 'soon'");
        assertThatThrownBy(() -> Confs.cluster(2, true, "agent_timeout=\"0\""))
                .hasMessageContaining("<fence_daemon>: agent_timeout must be at least 1, not 0");
        // ... and fenced still checks a conf that did not come through it
        ClusterConf two = Confs.cluster(2, true, "");
        assertThatThrownBy(() -> FencedSettings.of(Confs.withFenceDaemonExtras(two, 4, java.util.Map.of("race_delay", "soon"))))
                .hasMessageContaining("race_delay=\"soon\"").hasMessageContaining("whole number of seconds");
        assertThatThrownBy(() -> FencedSettings.of(Confs.withFenceDaemonExtras(two, 4, java.util.Map.of("agent_timeout", "0"))))
                .hasMessageContaining("agent_timeout");
    }

    static Arguments row(String situation, ClusterConf conf, String view, long now, String expected) {
        return Arguments.of(situation, conf, view, now, expected);
    }

    static String show(FenceDecision d) {
        String verb = d instanceof FenceDecision.Fence ? "fence" : d instanceof FenceDecision.Wait ? "wait"
                : d instanceof FenceDecision.Hold ? "hold" : "drop";
        String until = d instanceof FenceDecision.Wait w ? " " + w.until().getEpochSecond() : "";
        return verb + " " + d.node() + until + " " + d.reason().rule();
    }

    static FenceView view(String text) {
        String[] halves = text.split("\\|");
        int self = 0;
        Instant quorateSince = null;
        for (String w : halves[0].trim().split(" +")) {
            String[] kv = w.split("=");
            if (kv[0].equals("self")) self = Integer.parseInt(kv[1]);
            else if (kv[0].equals("quorate") && !kv[1].equals("no")) quorateSince = Instant.ofEpochSecond(Long.parseLong(kv[1]));
        }
        List<NodeState> nodes = new ArrayList<>();
        for (String w : halves[1].trim().split(" +")) {
            boolean member = w.endsWith("+m");
            boolean notMember = w.endsWith("-m");
            String s = member || notMember ? w.substring(0, w.length() - 2) : w;
            String name = s.substring(0, s.indexOf(':'));
            String rest = s.substring(s.indexOf(':') + 1);
            long since = rest.contains("@") ? Long.parseLong(rest.substring(rest.indexOf('@') + 1)) : 0;
            String fate = rest.contains("@") ? rest.substring(0, rest.indexOf('@')) : rest;
            Fate f = switch (fate) {
                case "active" -> Fate.ACTIVE;
                case "never" -> Fate.NEVER_SEEN;
                case "left" -> Fate.LEFT_CLEANLY;
                case "failed" -> Fate.FAILED;
                case "fenced" -> Fate.FENCED;
                case "rejoined" -> Fate.REJOINED;
                default -> throw new IllegalArgumentException("unknown fate " + fate + " in " + text);
            };
            boolean isMember = member || (f == Fate.ACTIVE && !notMember);
            nodes.add(new NodeState(name, Integer.parseInt(name.replace("node", "")), isMember, f, Instant.ofEpochSecond(since)));
        }
        return new FenceView(self, quorateSince != null, quorateSince, nodes);
    }
}

package org.nebulaha.fence.fenced;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nebulaha.conf.model.ClusterConf;
import org.nebulaha.fence.fenced.NodeState.Fate;

/**
 * FencePlanner details beyond its case folders (FencePlannerCasesTest): every decision explains
 * itself, and settings are checked. {@link #view} reads a short view for these few tests:
 * {@code self=ID quorate=SINCE|no | NODE:FATE[@SINCE][+m] ...} (times in seconds since the epoch).
 */
class FencePlannerTest {
    static final ClusterConf TWO = Confs.cluster(2, true, "post_join_delay=\"6\" race_delay=\"10\"");

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

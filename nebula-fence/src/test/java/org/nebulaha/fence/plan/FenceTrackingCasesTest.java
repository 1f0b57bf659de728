package org.nebulaha.fence.plan;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.nebulaha.conf.ClusterConfParser;
import org.nebulaha.conf.model.ClusterConf;
import org.nebulaha.conf.model.ClusterNode;
import org.nebulaha.fence.fenced.FenceDecision;
import org.nebulaha.fence.fenced.FencedSettings;
import org.nebulaha.testkit.CaseFolders;

/**
 * fenced's tracking over time as case folders (src/test/cases/fence-tracking). state.txt is a
 * story told by events, each at a time; between events the rounds fenced would wake for run too:
 * <pre>
 * # quorum lost during a fence: ...
 * self node1
 * at 2026-11-25T10:00:00Z joined node2 1        (joined|lost|left NODE INCARNATION)
 * at 2026-11-25T10:00:00Z quorate                (quorate | inquorate)
 * at 2026-11-25T10:00:05Z pass-failed node3      (pass-failed | pass-succeeded | status-off NODE)
 * at 2026-11-25T10:00:09Z fenced node3 by node2  (another member or fence_node reports a fence)
 * until 2026-11-25T10:01:00Z                      (optional: run the wake-ups up to then)
 * </pre>
 * An agent runs from the round that starts it until its pass-failed/-succeeded event. Back-off is
 * fenced's default (3 s, doubling, 60 s at most). expected.txt: each event or wake-up, then what
 * changed: releases, decisions, actions and the next wake-up.
 */
class FenceTrackingCasesTest {
    static final DateTimeFormatter HMS = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);
    static final Duration INITIAL = Duration.ofSeconds(3);
    static final Duration MAX = Duration.ofSeconds(60);

    @TestFactory
    Stream<DynamicTest> everyCaseFolder() {
        return CaseFolders.run(Path.of("src/test/cases/fence-tracking"), 12, c -> new Story(c).run());
    }

    static final class Story {
        final CaseFolders.Case c;
        final ClusterConf conf;
        final FencedSettings settings;
        final Map<String, Tracked> nodes = new LinkedHashMap<>();
        final Set<String> inFlight = new HashSet<>();
        final StringBuilder out = new StringBuilder();
        int self;
        boolean quorate;
        Instant quorateSince;
        Instant wake;

        Story(CaseFolders.Case c) throws Exception {
            this.c = c;
            this.conf = ClusterConfParser.parse(c.file("cluster.conf"));
            this.settings = FencedSettings.of(conf);
        }

        String run() {
            int n = 0;
            for (String raw : c.state().split("\n")) {
                n++;
                String line = raw.strip();
                if (line.isEmpty() || line.startsWith("#")) continue;
                String[] f = line.split("\\s+");
                String where = c.name() + "/state.txt:" + n + ": ";
                if (f[0].equals("self")) {
                    self = conf.node(f[1]).map(ClusterNode::nodeid).orElseThrow(() -> new IllegalArgumentException(where + "no clusternode " + f[1]));
                    Instant start = Instant.parse("2026-11-25T10:00:00Z");
                    for (ClusterNode cn : conf.nodes()) if (cn.nodeid() != self) nodes.put(cn.name(), Tracked.neverSeen(cn.name(), cn.nodeid(), start));
                } else if (f[0].equals("until")) {
                    wakeUpsTo(Instant.parse(f[1]));
                } else if (f[0].equals("at") && f.length >= 3) {
                    Instant at = Instant.parse(f[1]);
                    wakeUpsTo(at);
                    out.append(HMS.format(at)).append(' ').append(String.join(" ", List.of(f).subList(2, f.length))).append('\n');
                    event(List.of(f).subList(2, f.length), at, where);
                    round(at);
                } else throw new IllegalArgumentException(where + "expected 'self NODE', 'at TIME EVENT ...' or 'until TIME'");
            }
            return out.toString();
        }

        void wakeUpsTo(Instant t) {
            while (wake != null && !wake.isAfter(t)) {
                Instant w = wake;
                out.append(HMS.format(w)).append(" wake-up\n");
                round(w);
            }
        }

        void event(List<String> e, Instant at, String where) {
            Tracked t = e.size() > 1 ? nodes.get(e.get(1)) : null;
            if (e.size() > 1 && t == null) throw new IllegalArgumentException(where + "no other clusternode " + e.get(1));
            switch (e.get(0)) {
                case "joined" -> apply(FenceTracking.joined(t, Long.parseLong(e.get(2)), at));
                case "lost" -> apply(FenceTracking.lost(t, Long.parseLong(e.get(2)), false, at));
                case "left" -> apply(FenceTracking.lost(t, Long.parseLong(e.get(2)), true, at));
                case "quorate" -> {
                    if (!quorate) quorateSince = at;
                    quorate = true;
                }
                case "inquorate" -> {
                    quorate = false;
                    quorateSince = null;
                }
                case "pass-failed" -> {
                    inFlight.remove(t.name());
                    Tracked next = FenceTracking.passFailed(t, at, INITIAL, MAX);
                    nodes.put(t.name(), next);
                    out.append("  retry   ").append(t.name()).append(" not before ").append(HMS.format(next.retryAt()))
                            .append(" (pass ").append(next.failedPasses()).append(" failed)\n");
                }
                case "pass-succeeded" -> {
                    inFlight.remove(t.name());
                    apply(FenceTracking.fenced(t, at, "fenced by this node"));
                }
                case "status-off" -> {
                    if (t.fate() == org.nebulaha.fence.fenced.NodeState.Fate.FAILED && !inFlight.contains(t.name()))
                        apply(FenceTracking.fenced(t, at, "already powered off"));
                }
                case "fenced" -> apply(FenceTracking.fenced(t, at, "fenced by " + e.get(3)));
                default -> throw new IllegalArgumentException(where + "unknown event '" + e.get(0)
                        + "'; expected joined, lost, left, quorate, inquorate, pass-failed, pass-succeeded, status-off or fenced");
            }
        }

        void apply(FenceTracking.Change ch) {
            Tracked before = nodes.get(ch.next().name());
            nodes.put(ch.next().name(), ch.next());
            if (before.fate() != ch.next().fate()) out.append("  now     ").append(ch.next().describe()).append('\n');
            ch.released().ifPresent(how -> out.append("  release ").append(ch.next().name()).append(" (").append(how).append(")\n"));
        }

        void round(Instant now) {
            FenceTracking.Round r = FenceTracking.round(conf, settings, self, quorate, quorateSince, List.copyOf(nodes.values()), Set.copyOf(inFlight), now);
            for (Tracked t : r.nodes()) {
                FenceDecision old = nodes.get(t.name()).decision();
                nodes.put(t.name(), t);
                String was = old == null ? "" : old.describe();
                String is = t.decision() == null ? "" : t.decision().describe();
                if (!Objects.equals(was, is) && !is.isEmpty()) out.append("  decide  ").append(is).append('\n');
            }
            List<String> acts = new ArrayList<>();
            for (FenceTracking.Action a : r.actions()) {
                if (a instanceof FenceTracking.StartFence s) {
                    inFlight.add(s.node());
                    acts.add("  start   fence " + s.node() + " pass " + s.pass());
                } else if (a instanceof FenceTracking.AskStatus q) acts.add("  ask     is " + q.node() + " already off?");
                else if (a instanceof FenceTracking.Release rel) acts.add("  release " + rel.node() + " (" + rel.how() + ")");
            }
            acts.forEach(l -> out.append(l).append('\n'));
            if (!Objects.equals(wake, r.wake()) && r.wake() != null) out.append("  wake at ").append(HMS.format(r.wake())).append('\n');
            wake = r.wake();
        }
    }
}

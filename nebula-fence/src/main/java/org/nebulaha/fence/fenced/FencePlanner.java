package org.nebulaha.fence.fenced;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.nebulaha.conf.model.ClusterConf;
import org.nebulaha.conf.model.ClusterNode;
import org.nebulaha.fence.fenced.FenceDecision.Drop;
import org.nebulaha.fence.fenced.FenceDecision.Fence;
import org.nebulaha.fence.fenced.FenceDecision.Hold;
import org.nebulaha.fence.fenced.FenceDecision.Wait;
import org.nebulaha.fence.fenced.NodeState.Fate;

/**
 * fenced's decision as a pure function: {@code decide(conf, settings, view, now)} gives one
 * {@link FenceDecision} for each node that is a victim or just left cleanly. No clock, no I/O.
 *
 * <p>Rules for a node that FAILED (lost without a clean leave), checked in order:
 * <ol>
 *   <li>not quorate -> hold ({@link Reason#NOT_QUORATE});</li>
 *   <li>no fence methods -> drop with skip_undefined=1 ({@link Reason#SKIP_UNDEFINED}), else hold and
 *       block its recovery ({@link Reason#NO_FENCE_METHODS});</li>
 *   <li>a member with a lower nodeid that is no victim itself is alive -> it fences; hold
 *       ({@link Reason#OTHER_MEMBER_FENCES});</li>
 *   <li>post_fail_delay=-1 -> hold ({@link Reason#POST_FAIL_DELAY_INFINITE});</li>
 *   <li>due = lost + post_fail_delay, plus race_delay when two_node and the victim has the lower
 *       nodeid; before due -> wait ({@link Reason#RACE_DELAY} or {@link Reason#POST_FAIL_DELAY});</li>
 *   <li>fence ({@link Reason#MEMBER_FAILED}).</li>
 * </ol>
 * A node NEVER_SEEN since this node started: clean_start=1 -> drop; not quorate -> hold;
 * two_node -> hold ({@link Reason#TWO_NODE_NO_STARTUP_FENCING}); no methods -> as above; another
 * member fences -> hold; post_join_delay=-1 -> hold; before quorateSince + post_join_delay -> wait
 * ({@link Reason#POST_JOIN_DELAY}); else fence ({@link Reason#STARTUP_FENCING}).
 * A node that LEFT_CLEANLY -> drop ({@link Reason#LEFT_CLEANLY}). Other nodes get no decision.
 *
 * <p>Example: two_node, this node is node2 (nodeid 2), node1 (nodeid 1) failed at 10:00:00,
 * race_delay 10 s -> {@code Wait(node1, 10:00:10, RACE_DELAY)}; node1, deciding at the same time
 * about node2, gets {@code Fence(node2, MEMBER_FAILED)}. Design: docs/fenced.md.
 */
public final class FencePlanner {
    private FencePlanner() {}

    public static List<FenceDecision> decide(ClusterConf conf, FencedSettings settings, FenceView view, Instant now) {
        List<FenceDecision> out = new ArrayList<>();
        Optional<NodeState> executor = executor(view);
        for (NodeState n : view.nodes()) {
            boolean hasMethods = conf.node(n.name()).map(ClusterNode::fenceMethods).map(m -> !m.isEmpty()).orElse(false);
            switch (n.fate()) {
                case LEFT_CLEANLY -> out.add(new Drop(n.name(), Reason.LEFT_CLEANLY, "left at " + n.since()));
                case FAILED -> out.add(failed(n, hasMethods, settings, view, executor, now));
                case NEVER_SEEN -> out.add(neverSeen(n, hasMethods, settings, view, executor, now));
                case ACTIVE, FENCED, REJOINED -> { /* nothing owed */ }
                default -> throw new AssertionError(n.fate());
            }
        }
        return out;
    }

    /**
     * The member that performs fences when it is not this node: the member with the lowest nodeid
     * that is no victim itself, if that nodeid is lower than this node's. Empty: this node fences.
     */
    static Optional<NodeState> executor(FenceView view) {
        return view.nodes().stream().filter(n -> n.member() && !n.isVictim() && n.nodeid() < view.selfNodeid())
                .min(Comparator.comparingInt(NodeState::nodeid));
    }

    private static FenceDecision failed(NodeState n, boolean hasMethods, FencedSettings s, FenceView view,
                                        Optional<NodeState> executor, Instant now) {
        if (!view.quorate()) return new Hold(n.name(), Reason.NOT_QUORATE, "failed at " + n.since());
        FenceDecision noMethods = noMethods(n, hasMethods, s);
        if (noMethods != null) return noMethods;
        if (executor.isPresent())
            return new Hold(n.name(), Reason.OTHER_MEMBER_FENCES, executor.get().name() + " (nodeid " + executor.get().nodeid() + ") fences");
        if (s.postFailDelaySeconds() < 0) return new Hold(n.name(), Reason.POST_FAIL_DELAY_INFINITE, "failed at " + n.since());
        boolean race = s.twoNode() && n.nodeid() < view.selfNodeid();
        Instant due = n.since().plusSeconds(s.postFailDelaySeconds()).plusSeconds(race ? s.raceDelaySeconds() : 0);
        if (now.isBefore(due)) {
            return race
                    ? new Wait(n.name(), due, Reason.RACE_DELAY, "race_delay " + s.raceDelaySeconds() + " s + post_fail_delay "
                            + s.postFailDelaySeconds() + " s; " + n.name() + " (nodeid " + n.nodeid() + ") has the lower nodeid")
                    : new Wait(n.name(), due, Reason.POST_FAIL_DELAY, "post_fail_delay " + s.postFailDelaySeconds() + " s");
        }
        String why = race ? "race_delay " + s.raceDelaySeconds() + " s passed and this node is still alive"
                : s.twoNode() ? "delay " + s.postFailDelaySeconds() + " s; this node has the lower nodeid"
                : "delay " + s.postFailDelaySeconds() + " s; this node has the lowest nodeid of the quorate partition";
        return new Fence(n.name(), Reason.MEMBER_FAILED, why);
    }

    private static FenceDecision neverSeen(NodeState n, boolean hasMethods, FencedSettings s, FenceView view,
                                           Optional<NodeState> executor, Instant now) {
        if (s.cleanStart()) return new Drop(n.name(), Reason.CLEAN_START, "");
        if (!view.quorate()) return new Hold(n.name(), Reason.NOT_QUORATE, "never joined");
        if (s.twoNode()) return new Hold(n.name(), Reason.TWO_NODE_NO_STARTUP_FENCING, "");
        FenceDecision noMethods = noMethods(n, hasMethods, s);
        if (noMethods != null) return noMethods;
        if (executor.isPresent())
            return new Hold(n.name(), Reason.OTHER_MEMBER_FENCES, executor.get().name() + " (nodeid " + executor.get().nodeid() + ") fences");
        if (s.postJoinDelaySeconds() < 0) return new Hold(n.name(), Reason.POST_JOIN_DELAY_INFINITE, "");
        Instant due = view.quorateSince().plusSeconds(s.postJoinDelaySeconds());
        if (now.isBefore(due))
            return new Wait(n.name(), due, Reason.POST_JOIN_DELAY, "post_join_delay " + s.postJoinDelaySeconds() + " s from quorum at "
                    + view.quorateSince());
        return new Fence(n.name(), Reason.STARTUP_FENCING, "post_join_delay " + s.postJoinDelaySeconds() + " s passed since quorum at "
                + view.quorateSince());
    }

    private static FenceDecision noMethods(NodeState n, boolean hasMethods, FencedSettings s) {
        if (hasMethods) return null;
        return s.skipUndefined() ? new Drop(n.name(), Reason.SKIP_UNDEFINED, "")
                : new Hold(n.name(), Reason.NO_FENCE_METHODS, "");
    }
}

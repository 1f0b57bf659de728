package org.nebulaha.rgmanager.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.nebulaha.conf.model.ClusterConf;
import org.nebulaha.conf.model.Service;
import org.nebulaha.rgmanager.model.ClusterState;
import org.nebulaha.rgmanager.model.ClusterView;
import org.nebulaha.rgmanager.model.RgError;
import org.nebulaha.rgmanager.model.ServiceRecord;
import org.nebulaha.rgmanager.model.ServiceState;

/**
 * clusvcadm's rules as one pure function: {@code decide(conf, state, request)} either refuses with
 * rgmanager's code and the reason, or gives the steps the coordinator carries out, in order
 * ({@code exec.AdminRequests} does them and maps their outcomes to the reply).
 * <ol>
 * <li>every operation needs an existing service ({@code RG_ENOSERVICE}), quorum ({@code RG_EQUORUM}),
 *     and an owner that is online or proven gone ({@code RG_EFENCE}: fencing pending);</li>
 * <li>a failed service accepts only disable ({@code RG_EINVAL}); disable clears it without a stop:
 *     the administrator checked that nothing is active;</li>
 * <li>a frozen service refuses enable, relocate, restart and stop ({@code RG_EFROZEN});</li>
 * <li>enable of a running service: {@code RG_ERUN} (exit 0); relocate and restart of a service that
 *     is not started are enables;</li>
 * <li>{@code -m node} must name an online member ({@code RG_ENODE}) the failover domain allows
 *     ({@code RG_EDOMAIN}); it goes first in the start order, the other allowed nodes follow best first;</li>
 * <li>a dependency must run before enable ({@code RG_EDEPEND});</li>
 * <li>relocate stops on the owner, then tries the target, the other allowed nodes, and last the old
 *     owner again (rgmanager #70);</li>
 * <li>migrate: only virtual machines migrate live, and we ship no vm agent ({@code RG_EINVAL}).</li>
 * </ol>
 * Cases: src/test/cases/clusvcadm.
 */
public final class AdminRules {
    public enum Op { ENABLE, DISABLE, RELOCATE, RESTART, STOP, FREEZE, UNFREEZE, MIGRATE }

    /** One clusvcadm request: {@code -e|-d|-r|-R|-s|-Z|-U|-M service [-m node]}. */
    public record Request(Op op, String service, Optional<String> node) {}

    /** One thing the coordinator does for a request. */
    public sealed interface Step permits ClearFailed, StopOn, Mark, TryStart, RestartOn, SetFrozen, MarkUserStopped {}

    /** Failed -> disabled without running stop. */
    public record ClearFailed() implements Step {}

    /** Stop on {@code node}, then record {@code after}; if the stop fails, the reply is {@code onFailure} and nothing more is done. */
    public record StopOn(String node, ServiceState after, RgError onFailure) implements Step {}

    /** Record {@code state} (no owner: nothing runs). */
    public record Mark(ServiceState state) implements Step {}

    /** Start on the first node of {@code order} that takes it; a failed stop after a failed start aborts (RG_EABORT). */
    public record TryStart(List<String> order) implements Step {
        public TryStart {
            order = List.copyOf(order);
        }
    }

    /** Stop and start in place on its owner, in one request to it. */
    public record RestartOn(String node) implements Step {}

    public record SetFrozen(boolean frozen) implements Step {}

    /** Left stopped until the next membership transition. */
    public record MarkUserStopped() implements Step {}

    /** Refused ({@code error} not SUCCESS, no steps) or accepted with its steps; {@code owner} for RG_ERUN. */
    public record Decision(RgError error, Optional<String> owner, List<Step> steps, Reason why) {
        public Decision {
            steps = List.copyOf(steps);
        }

        public boolean refused() {
            return error != RgError.SUCCESS;
        }

        public String format() {
            if (refused())
                return String.format("%-8s %-30s %s%n", "refuse", "RG_E" + error.name() + owner.map(o -> " (on " + o + ")").orElse(""), why);
            StringBuilder sb = new StringBuilder(String.format("%-8s %-30s %s%n", "accept", "", why));
            for (Step s : steps) sb.append(String.format("%-8s %s%n", "step", describe(s)));
            return sb.toString();
        }

        private static String describe(Step s) {
            if (s instanceof ClearFailed) return "clear the failed state (no stop)";
            if (s instanceof StopOn st) return "stop on " + st.node() + ", then " + st.after().word() + " (a failed stop answers RG_E"
                    + st.onFailure().name() + ")";
            if (s instanceof Mark m) return "mark " + m.state().word();
            if (s instanceof TryStart t) return "start, trying in order: " + String.join(", ", t.order());
            if (s instanceof RestartOn r) return "restart in place on " + r.node();
            if (s instanceof SetFrozen f) return f.frozen() ? "freeze" : "unfreeze";
            if (s instanceof MarkUserStopped) return "hold stopped until the next membership transition";
            throw new AssertionError(s);
        }
    }

    private AdminRules() {}

    public static Decision decide(ClusterConf conf, ClusterState state, Request req) {
        String name = req.service();
        if (conf.rm().service(name).isEmpty()) return refuse(RgError.NOSERVICE, "no-service", "cluster.conf has no service " + name);
        ClusterView v = state.view();
        if (!v.quorate()) return refuse(RgError.QUORUM, "no-quorum", "this partition is not quorate");
        ServiceRecord r = state.service(name);
        if (r.owner().isPresent() && !v.isOnline(r.owner().get()) && !v.status(r.owner().get()).isSafelyGone())
            return refuse(RgError.FENCE, "fence-pending", "its owner " + r.owner().get() + " is " + v.status(r.owner().get()).word()
                    + " and not fenced yet");
        Service s = conf.rm().service(name).orElseThrow();
        return switch (req.op()) {
            case ENABLE -> enable(conf, state, s, r, req.node());
            case DISABLE -> r.state() == ServiceState.FAILED ? accept("disable-failed", "a failed service is cleared without a stop", new ClearFailed())
                    : r.owner().isPresent() ? accept("disable", "stop on its owner", new StopOn(r.owner().get(), ServiceState.DISABLED, RgError.FAIL))
                    : accept("disable", "nothing runs", new Mark(ServiceState.DISABLED));
            case RELOCATE -> relocate(conf, state, s, r, req.node());
            case RESTART -> r.frozen() ? refuse(RgError.FROZEN, "frozen", "clusvcadm -U first")
                    : r.state() != ServiceState.STARTED ? enable(conf, state, s, r, Optional.empty())
                    : accept("restart", "restart in place on its owner (not counted against max_restarts)", new RestartOn(r.owner().get()));
            case STOP -> r.frozen() ? refuse(RgError.FROZEN, "frozen", "clusvcadm -U first")
                    : r.state() == ServiceState.FAILED ? failedOnlyDisable(r)
                    : r.owner().isPresent() ? accept("stop", "stop on its owner, held until the next transition",
                            new StopOn(r.owner().get(), ServiceState.STOPPED, RgError.FAIL), new MarkUserStopped())
                    : accept("stop", "nothing runs; held until the next transition", new Mark(ServiceState.STOPPED), new MarkUserStopped());
            case FREEZE -> accept("freeze", "no status checks, recovery or failover until clusvcadm -U", new SetFrozen(true));
            case UNFREEZE -> accept("unfreeze", "status checks and recovery resume", new SetFrozen(false));
            case MIGRATE -> refuse(RgError.INVAL, "no-migration", "only <vm> resources migrate live and none is configured; relocate with clusvcadm -r");
        };
    }

    private static Decision enable(ClusterConf conf, ClusterState state, Service s, ServiceRecord r, Optional<String> node) {
        if (r.state() == ServiceState.FAILED) return failedOnlyDisable(r);
        if (r.frozen()) return refuse(RgError.FROZEN, "frozen", "clusvcadm -U first");
        if (r.state() == ServiceState.STARTED || r.state() == ServiceState.STARTING)
            return new Decision(RgError.RUN, r.owner(), List.of(), new Reason("running", "it is " + r.state().word() + " on " + r.owner().orElse("?")));
        if (s.depend().isPresent()) {
            ServiceRecord d = state.service(s.depend().get());
            if (d.state() != ServiceState.STARTED || d.owner().filter(state.view()::isOnline).isEmpty())
                return refuse(RgError.DEPEND, "depend", "service:" + s.depend().get() + " must run first; it is " + d.state().word());
        }
        List<String> order = new ArrayList<>(Planner.candidates(conf, state.view(), s, r));
        Optional<Decision> bad = target(state.view(), order, node);
        if (bad.isPresent()) return bad.get();
        node.ifPresent(n -> { order.remove(n); order.add(0, n); });
        if (order.isEmpty()) return refuse(RgError.DOMAIN, "no-node", "no online node of its failover domain may run it");
        return accept("enable", node.map(n -> n + " asked for, then the domain's order").orElse("the failover domain's order"), new TryStart(order));
    }

    private static Decision relocate(ClusterConf conf, ClusterState state, Service s, ServiceRecord r, Optional<String> node) {
        if (r.frozen()) return refuse(RgError.FROZEN, "frozen", "clusvcadm -U first");
        if (r.state() == ServiceState.FAILED) return failedOnlyDisable(r);
        if (r.state() != ServiceState.STARTED) return enable(conf, state, s, r, node);
        String owner = r.owner().get();
        List<String> order = new ArrayList<>(Planner.candidates(conf, state.view(), s, r));
        Optional<Decision> bad = target(state.view(), order, node.filter(n -> !n.equals(owner)));
        if (node.isPresent() && !state.view().isOnline(node.get())) return refuse(RgError.NODE, "node-offline", node.get() + " is not an online member");
        if (bad.isPresent()) return bad.get();
        order.remove(owner);
        node.filter(n -> !n.equals(owner)).ifPresent(n -> { order.remove(n); order.add(0, n); });
        order.add(owner); // rgmanager #70: if no other node takes it, start it again where it was
        return accept("relocate", "stop on " + owner + ", then the target, the other allowed nodes, and " + owner + " last",
                new StopOn(owner, ServiceState.STOPPED, RgError.ABORT), new TryStart(order));
    }

    /** -m node: an online member the domain allows, or the refusal. */
    private static Optional<Decision> target(ClusterView v, List<String> allowed, Optional<String> node) {
        if (node.isEmpty()) return Optional.empty();
        if (!v.isOnline(node.get())) return Optional.of(refuse(RgError.NODE, "node-offline", node.get() + " is not an online member"));
        if (!allowed.contains(node.get()))
            return Optional.of(refuse(RgError.DOMAIN, "outside-domain", node.get() + " may not run it (restricted failover domain, or exclusive)"));
        return Optional.empty();
    }

    private static Decision failedOnlyDisable(ServiceRecord r) {
        return refuse(RgError.INVAL, "failed", "a failed service accepts only clusvcadm -d (stop failed on " + r.owner().orElse("?") + ")");
    }

    private static Decision refuse(RgError e, String rule, String text) {
        return new Decision(e, Optional.empty(), List.of(), new Reason(rule, text));
    }

    private static Decision accept(String rule, String text, Step... steps) {
        return new Decision(RgError.SUCCESS, Optional.empty(), List.of(steps), new Reason(rule, text));
    }

    /** The op for a clusvcadm word: enable, disable, relocate, restart, stop, freeze, unfreeze, migrate. */
    public static Op op(String word) {
        try {
            return Op.valueOf(word.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown request '" + word + "'; expected enable, disable, relocate, restart, stop, freeze, unfreeze or migrate");
        }
    }
}

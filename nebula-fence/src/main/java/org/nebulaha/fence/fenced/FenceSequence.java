package org.nebulaha.fence.fenced;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Locale;
import org.nebulaha.conf.model.ClusterConf;
import org.nebulaha.conf.model.ClusterNode;
import org.nebulaha.conf.model.FenceDeviceUse;
import org.nebulaha.conf.model.FenceMethod;
import org.nebulaha.fence.agent.AgentCall;
import org.nebulaha.fence.agent.AgentResult;
import org.nebulaha.fence.agent.AgentRunner;

/**
 * One pass over a node's fence methods, as cman's fenced does it: methods in document order; in a
 * method the devices in order, each must succeed (dual power supplies: off, off); the first device
 * that fails ends the method and the next method is tried; the first method that succeeds ends the
 * pass. A pass never retries: {@link Fenced} repeats passes with back-off. Every agent run is logged
 * (exit code, duration, output) and appended to the {@link FenceHistory}.
 *
 * <p>Unfencing runs every {@code <unfence>} device of the node with {@code action=on}; all must succeed.
 */
public final class FenceSequence {
    private static final System.Logger LOG = System.getLogger("fenced");

    private final AgentRunner runner;
    private final FenceHistory history;
    private final Clock clock;

    public FenceSequence(AgentRunner runner, FenceHistory history, Clock clock) {
        this.runner = runner;
        this.history = history;
        this.clock = clock;
    }

    /** Fences {@code node} once through its methods; {@code origin} goes into the history ({@code fenced}, {@code fence_node}). */
    public SequenceResult fence(ClusterConf conf, FencedSettings settings, String node, String origin) {
        ClusterNode cn = conf.node(node).orElse(null);
        if (cn == null) return new SequenceResult(node, false, "no clusternode named " + node + " in cluster.conf", List.of());
        if (cn.fenceMethods().isEmpty())
            return new SequenceResult(node, false, "node " + node + " has no fence methods in cluster.conf; "
                    + "add one with ccs --addmethod and --addfenceinst", List.of());
        List<FenceAttempt> attempts = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        int index = 0;
        for (FenceMethod m : cn.fenceMethods()) {
            String mname = methodName(m, ++index);
            if (m.devices().isEmpty()) {
                failures.add("method " + mname + " has no devices");
                continue;
            }
            String failed = null;
            for (FenceDeviceUse use : m.devices()) {
                LOG.log(Level.INFO, "fenced: fencing " + node + " via method " + mname + " device " + use.device() + " (asked by " + origin + ")");
                FenceAttempt a = run(conf, node, mname, use, settings.agentTimeout(), origin, false);
                attempts.add(a);
                if (!a.succeeded()) {
                    failed = "method " + mname + " device " + use.device() + " " + a.result().replace('_', ' ');
                    break;
                }
            }
            if (failed == null) {
                String s = "method " + mname + " succeeded" + (failures.isEmpty() ? "" : " after " + String.join(", ", failures));
                LOG.log(Level.INFO, "fenced: fence " + node + " success: " + s);
                return new SequenceResult(node, true, s, attempts);
            }
            failures.add(failed);
        }
        String s = "every method failed: " + String.join(", ", failures);
        LOG.log(Level.WARNING, "fenced: fence " + node + " failed: " + s);
        return new SequenceResult(node, false, s, attempts);
    }

    /**
     * Whether the node is proven powered off: some method whose every device answers
     * {@code action=status} with OFF (exit 2). Returns that method's description, or empty when no
     * method proves it (a device says ON, fails, or cannot tell). Status runs are kept in the history.
     */
    public Optional<String> provenOff(ClusterConf conf, FencedSettings settings, String node) {
        ClusterNode cn = conf.node(node).orElse(null);
        if (cn == null) return Optional.empty();
        int index = 0;
        for (FenceMethod m : cn.fenceMethods()) {
            String mname = methodName(m, ++index);
            boolean allOff = !m.devices().isEmpty();
            for (FenceDeviceUse use : m.devices()) {
                Instant start = clock.instant();
                AgentCall call;
                try {
                    call = DeviceCalls.fence(conf, node, use, settings.agentTimeout()).with("action", "status");
                } catch (DeviceCalls.BadDeviceException e) {
                    allOff = false;
                    break;
                }
                AgentResult r = runner.run(call);
                history.append(new FenceAttempt(start, node, mname, use.device(), call.agent(), "status",
                        r.outcome() == AgentResult.Outcome.OFF ? "off" : r.outcome() == AgentResult.Outcome.SUCCESS ? "on" : outcome(r),
                        r.exitCode(), r.duration(), "fenced"));
                if (r.outcome() != AgentResult.Outcome.OFF) {
                    allOff = false;
                    break;
                }
            }
            if (allOff) {
                LOG.log(Level.INFO, "fenced: " + node + " is powered off: every device of method " + mname + " reports OFF");
                return Optional.of("method " + mname + " reports OFF");
            }
        }
        return Optional.empty();
    }

    /** Runs every unfence device of {@code node} with action=on; success when all succeed (or there are none). */
    public SequenceResult unfence(ClusterConf conf, FencedSettings settings, String node) {
        ClusterNode cn = conf.node(node).orElse(null);
        if (cn == null) return new SequenceResult(node, false, "no clusternode named " + node + " in cluster.conf", List.of());
        if (cn.unfence().isEmpty()) return new SequenceResult(node, true, "no <unfence> devices configured for " + node + "; nothing to do", List.of());
        List<FenceAttempt> attempts = new ArrayList<>();
        for (FenceDeviceUse use : cn.unfence()) {
            LOG.log(Level.INFO, "fenced: unfencing " + node + " via device " + use.device());
            FenceAttempt a = run(conf, node, "-", use, settings.agentTimeout(), "unfence", true);
            attempts.add(a);
            if (!a.succeeded()) {
                String s = "unfence device " + use.device() + " " + a.result().replace('_', ' ');
                LOG.log(Level.WARNING, "fenced: unfence " + node + " failed: " + s);
                return new SequenceResult(node, false, s, attempts);
            }
        }
        LOG.log(Level.INFO, "fenced: unfence " + node + " success (" + attempts.size() + " devices)");
        return new SequenceResult(node, true, "every unfence device succeeded", attempts);
    }

    private FenceAttempt run(ClusterConf conf, String node, String method, FenceDeviceUse use, Duration timeout, String origin,
                             boolean unfence) {
        Instant start = clock.instant();
        AgentCall call;
        try {
            call = unfence ? DeviceCalls.unfence(conf, node, use, timeout) : DeviceCalls.fence(conf, node, use, timeout);
        } catch (DeviceCalls.BadDeviceException e) {
            LOG.log(Level.ERROR, "fenced: cannot fence " + node + " with device " + use.device() + ": " + e.getMessage());
            FenceAttempt a = new FenceAttempt(start, node, method, use.device(), "-", unfence ? "on" : "-", "bad_config",
                    AgentResult.NO_EXIT_CODE, Duration.ZERO, origin);
            history.append(a);
            return a;
        }
        AgentResult r = runner.run(call);
        String output = (r.stdout() + (r.stderr().isBlank() ? "" : (r.stdout().isBlank() ? "" : "\n") + r.stderr())).strip();
        LOG.log(r.succeeded() ? Level.INFO : Level.WARNING, "fenced: " + node + " method " + method + " device " + use.device()
                + ": agent " + call.agent() + " action " + r.action() + " " + outcome(r) + " exit "
                + (r.exitCode() == AgentResult.NO_EXIT_CODE ? "none" : r.exitCode()) + " after " + r.duration().toMillis() + " ms"
                + (output.isEmpty() ? "; no output" : "; output: " + output.replace("\n", " | ")));
        FenceAttempt a = new FenceAttempt(start, node, method, use.device(), call.agent(), r.action(), outcome(r), r.exitCode(),
                r.duration(), origin);
        history.append(a);
        return a;
    }

    /** A method's name in logs and the history: its name attribute, else its 1-based position. */
    private static String methodName(FenceMethod m, int position) {
        return m.name().isEmpty() ? Integer.toString(position) : m.name();
    }

    private static String outcome(AgentResult r) {
        return r.outcome() == AgentResult.Outcome.OFF ? "failed" : r.outcome().name().toLowerCase(Locale.ROOT);
    }
}

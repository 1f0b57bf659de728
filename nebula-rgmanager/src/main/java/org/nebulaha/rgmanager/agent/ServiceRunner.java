package org.nebulaha.rgmanager.agent;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.nebulaha.conf.model.Resource;
import org.nebulaha.conf.model.Service;

/**
 * Starts, stops and checks a whole service through its resources' agents, in {@link ServiceTree}
 * order. Start stops at the first failure (the caller then stops the service); stop goes through
 * every resource even after a failure and fails if any stop failed. Each step is logged as
 * {@code rgmanager: [start] ip:10.0.0.5: ok: added 10.0.0.5/24 to eth0}.
 */
public final class ServiceRunner {
    private static final System.Logger LOG = System.getLogger("rgmanager.resources");

    /** One resource operation and its result. */
    public record Step(String op, Resource resource, AgentResult result) {
        @Override
        public String toString() {
            return "[" + op + "] " + resource.id() + ": " + result;
        }
    }

    /** The result of a whole-service operation. */
    public record Outcome(boolean ok, List<Step> steps) {
        public Outcome {
            steps = List.copyOf(steps);
        }

        /** The first failing step, for messages. */
        public String failure() {
            return steps.stream().filter(s -> !s.result().isOk()).map(Step::toString).findFirst().orElse("none");
        }
    }

    private final Map<String, ResourceAgent> agents;

    public ServiceRunner(Map<String, ResourceAgent> agents) {
        this.agents = Map.copyOf(agents);
    }

    /** The standard agents: ip (through {@code net}), script and ocf (through {@code runner}). */
    public static ServiceRunner standard(ProcessRunner runner, AddressManager net, java.nio.file.Path ocfRoot) {
        return new ServiceRunner(Map.of("ip", new IpAgent(net), "script", new ScriptAgent(runner), "ocf", new OcfAgent(runner, ocfRoot)));
    }

    /** These agents plus {@code type} (e.g. the pgsql agent, which needs the cluster). */
    public ServiceRunner with(String type, ResourceAgent a) {
        Map<String, ResourceAgent> m = new java.util.HashMap<>(agents);
        m.put(type, a);
        return new ServiceRunner(m);
    }

    public ResourceAgent agent(String type) {
        return agents.get(type);
    }

    public Outcome start(Service s) {
        return start(s, r -> true);
    }

    /** Starts the resources of {@code s} that {@code which} accepts, in start order (a partial restart). */
    public Outcome start(Service s, Predicate<Resource> which) {
        if (parallel(s)) return startParallel(s, which);
        List<Step> steps = new ArrayList<>();
        for (Resource r : ServiceTree.startOrder(s.resources())) {
            if (!which.test(r)) continue;
            Step st = new Step("start", r, call(r, "start"));
            log(s, st);
            steps.add(st);
            if (!st.result().isOk()) return new Outcome(false, steps);
        }
        return new Outcome(true, steps);
    }

    public Outcome stop(Service s) {
        return stop(s, r -> true, false);
    }

    /**
     * Stops the resources of {@code s} that {@code which} accepts, in stop order. With
     * {@code forRestart} they are about to start again on this node ({@link ResourceAgent#stopForRestart}).
     */
    public Outcome stop(Service s, Predicate<Resource> which, boolean forRestart) {
        if (parallel(s)) return stopParallel(s, which, forRestart);
        List<Step> steps = new ArrayList<>();
        boolean ok = true;
        for (Resource r : ServiceTree.stopOrder(s.resources())) {
            if (!which.test(r)) continue;
            Step st = new Step("stop", r, call(r, forRestart ? "stop-for-restart" : "stop"));
            log(s, st);
            steps.add(st);
            ok &= st.result().isOk();
        }
        return new Outcome(ok, steps);
    }

    /** Our {@code parallel_start="1"} on the service: same-level siblings start (and stop) at once ({@link ServiceTree#startSteps}). */
    static boolean parallel(Service s) {
        String v = s.extras().get("parallel_start");
        return v != null && (v.equals("1") || v.equalsIgnoreCase("yes") || v.equalsIgnoreCase("true"));
    }

    private Outcome startParallel(Service s, Predicate<Resource> which) {
        List<Step> steps = new ArrayList<>();
        for (List<List<Resource>> step : ServiceTree.startSteps(s.resources())) {
            // each branch stops at its own first failure; the next step waits for all of them
            List<List<Step>> done = runBranches(step, branch -> {
                List<Step> out = new ArrayList<>();
                for (Resource r : branch) {
                    if (!which.test(r)) continue;
                    Step st = new Step("start", r, call(r, "start"));
                    log(s, st);
                    out.add(st);
                    if (!st.result().isOk()) break;
                }
                return out;
            });
            done.forEach(steps::addAll);
            if (steps.stream().anyMatch(st -> !st.result().isOk())) return new Outcome(false, steps);
        }
        return new Outcome(true, steps);
    }

    private Outcome stopParallel(Service s, Predicate<Resource> which, boolean forRestart) {
        List<Step> steps = new ArrayList<>();
        for (List<List<Resource>> step : ServiceTree.stopSteps(s.resources())) {
            List<List<Step>> done = runBranches(step, branch -> {
                List<Step> out = new ArrayList<>();
                for (Resource r : branch) {
                    if (!which.test(r)) continue;
                    Step st = new Step("stop", r, call(r, forRestart ? "stop-for-restart" : "stop"));
                    log(s, st);
                    out.add(st);
                }
                return out;
            });
            done.forEach(steps::addAll);
        }
        return new Outcome(steps.stream().allMatch(st -> st.result().isOk()), steps);
    }

    /** Runs each branch on its own thread (the first on this one) and returns their steps in branch order. */
    private static List<List<Step>> runBranches(List<List<Resource>> branches,
                                                java.util.function.Function<List<Resource>, List<Step>> run) {
        if (branches.size() == 1) return List.of(run.apply(branches.get(0)));
        List<java.util.concurrent.CompletableFuture<List<Step>>> others = new ArrayList<>();
        for (List<Resource> b : branches.subList(1, branches.size()))
            others.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> run.apply(b), r -> {
                Thread t = new Thread(r, "rgmanager-parallel-" + b.get(0).id());
                t.setDaemon(true);
                t.start();
            }));
        List<List<Step>> out = new ArrayList<>();
        out.add(run.apply(branches.get(0)));
        for (var f : others) out.add(f.join()); // call() turns an agent's exception into a failed step
        return out;
    }

    /** Status of one resource. */
    public AgentResult status(Resource r) {
        return call(r, "status");
    }

    private AgentResult call(Resource r, String op) {
        ResourceAgent a = agents.get(r.type());
        if (a == null) return AgentResult.error(AgentResult.OCF_ERR_INSTALLED, "no agent for resource type " + r.type()
                + "; supported: " + String.join(", ", new java.util.TreeSet<>(agents.keySet())));
        try {
            return switch (op) {
                case "start" -> a.start(r, ResourceOps.startTimeout(r));
                case "stop" -> a.stop(r, ResourceOps.stopTimeout(r));
                case "stop-for-restart" -> a.stopForRestart(r, ResourceOps.stopTimeout(r));
                default -> a.status(r, ResourceOps.statusTimeout(r));
            };
        } catch (RuntimeException e) {
            // an agent bug must not take the daemon down; it is a failed operation
            return AgentResult.error(AgentResult.OCF_ERR_GENERIC, r.id() + " " + op + ": " + e);
        }
    }

    private static void log(Service s, Step st) {
        LOG.log(st.result().isOk() ? System.Logger.Level.INFO : System.Logger.Level.WARNING, "rgmanager: " + s.id() + " " + st);
    }
}

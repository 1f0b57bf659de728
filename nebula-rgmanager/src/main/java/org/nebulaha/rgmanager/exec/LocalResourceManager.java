package org.nebulaha.rgmanager.exec;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.nebulaha.conf.model.ClusterConf;
import org.nebulaha.conf.model.Resource;
import org.nebulaha.conf.model.Service;
import org.nebulaha.rgmanager.agent.AgentResult;
import org.nebulaha.rgmanager.agent.ResourceOps;
import org.nebulaha.rgmanager.agent.ScriptAgent;
import org.nebulaha.rgmanager.agent.ServiceRunner;
import org.nebulaha.rgmanager.agent.ServiceTree;
import org.nebulaha.rgmanager.model.NodeReport;
import org.nebulaha.rgmanager.model.ServiceTable;

/**
 * This node's half of the resource manager: starts and stops services here, checks the status of
 * every resource of every started service at that resource's interval ({@link ResourceOps}), and
 * watches the main process of each {@code script} resource that names a pid file, so that its
 * death is checked at once instead of at the next interval. A failed check is reported once to
 * the {@link Listener} (which tells the coordinator); checks of that service stop until it is
 * started again. Frozen services are not checked.
 *
 * <p>Start runs the service's resources in type order and, if one fails, stops the service again
 * (rgmanager's RG_STOP_RECOVER); a stop that fails leaves the service {@code failed} here.
 */
public final class LocalResourceManager implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("rgmanager");

    /** The result of a start or stop request. */
    public enum OpResult {
        OK,
        /** The start failed and the stop that followed succeeded: nothing of it is active here. */
        START_FAILED,
        /** A stop failed: resources may still be active here. */
        STOP_FAILED
    }

    /** Where failed status checks go: the node daemon forwards them to the coordinator. */
    public interface Listener {
        void statusFailed(String node, String service, String why);
    }

    private final class Running {
        final Service service;
        final List<ScheduledFuture<?>> checks = new java.util.concurrent.CopyOnWriteArrayList<>();
        final List<Long> pidWatches = new java.util.concurrent.CopyOnWriteArrayList<>();
        /** False once its checks were cancelled (stopped, failed, or recovery started). */
        volatile boolean monitored = true;
        volatile boolean frozen;
        volatile NodeReport.LocalState state = NodeReport.LocalState.STARTED;
        /** The resource whose status check failed, for a partial restart; null if none did. */
        volatile Resource failed;

        Running(Service s) {
            this.service = s;
        }
    }

    private final String node;
    private final ServiceRunner runner;
    private final Listener listener;
    private final ScheduledExecutorService scheduler;
    private final PidWatcher pids;
    private final Map<String, Running> running = new LinkedHashMap<>();
    private volatile ClusterConf conf;
    private volatile ServiceTable tableCopy;
    private final Path root;

    /**
     * @param root            where this node's fixed paths live (pid files): NebulaRoot.root(), "/" on a real host
     * @param scheduler       runs status checks and the pid watcher; give it at least two threads
     * @param pidPollInterval how often watched pids are checked (100 ms is cheap: one small /proc read each)
     */
    public LocalResourceManager(String node, ClusterConf conf, ServiceRunner runner, Listener listener,
                                ScheduledExecutorService scheduler, Duration pidPollInterval, Path root) {
        this.root = root;
        this.node = node;
        this.conf = conf;
        this.runner = runner;
        this.listener = listener;
        this.scheduler = scheduler;
        this.pids = new PidWatcher(scheduler, pidPollInterval);
    }

    public String node() {
        return node;
    }

    /** A new configuration; services already running keep their old resource tree until restarted. */
    public void setConf(ClusterConf c) {
        this.conf = c;
    }

    public synchronized OpResult start(String name) {
        Optional<Service> configured = conf.rm().service(name);
        if (configured.isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "rgmanager: asked to start service:" + name + " on " + node + ", but cluster.conf version "
                    + conf.configVersion() + " has no such service; refusing");
            return OpResult.START_FAILED;
        }
        Service s = configured.get();
        Running prev = running.get(name);
        if (prev != null && prev.state == NodeReport.LocalState.STARTED) return OpResult.OK;
        if (prev != null && prev.state == NodeReport.LocalState.FAILED) return OpResult.STOP_FAILED;
        LOG.log(System.Logger.Level.INFO, "rgmanager: starting " + s.id() + " on " + node);
        return afterStart(s, runner.start(s), prev != null && prev.frozen, "started");
    }

    /** Running and watched when the start worked; else the whole service is stopped again (rgmanager's RG_STOP_RECOVER). */
    private OpResult afterStart(Service s, ServiceRunner.Outcome o, boolean frozen, String verb) {
        if (o.ok()) {
            Running r = new Running(s);
            r.frozen = frozen;
            running.put(s.name(), r);
            monitor(r);
            LOG.log(System.Logger.Level.INFO, "rgmanager: " + s.id() + " " + verb + " on " + node);
            return OpResult.OK;
        }
        LOG.log(System.Logger.Level.WARNING, "rgmanager: " + s.id() + " failed to start on " + node + " (" + o.failure() + "); stopping it");
        ServiceRunner.Outcome stop = runner.stop(s);
        if (!stop.ok()) {
            markFailed(s, stop);
            return OpResult.STOP_FAILED;
        }
        running.remove(s.name());
        return OpResult.START_FAILED;
    }

    public synchronized OpResult stop(String name) {
        Running r = running.get(name);
        // a service removed from cluster.conf is stopped with the resource tree it was started with
        Optional<Service> s0 = r != null ? Optional.of(r.service) : conf.rm().service(name);
        if (s0.isEmpty()) return OpResult.OK; // not configured and not running here: nothing to stop
        Service s = s0.get();
        if (r != null) unmonitor(r);
        LOG.log(System.Logger.Level.INFO, "rgmanager: stopping " + s.id() + " on " + node);
        ServiceRunner.Outcome o = runner.stop(s);
        if (!o.ok()) {
            markFailed(s, o);
            return OpResult.STOP_FAILED;
        }
        running.remove(name);
        LOG.log(System.Logger.Level.INFO, "rgmanager: " + s.id() + " stopped on " + node);
        return OpResult.OK;
    }

    /**
     * Restarts a service in place (the planner's {@code recovery-restart}, {@code clusvcadm -R}).
     * rgmanager stops and starts the whole service. We do that only when we must: when a status check
     * found one resource failed and every resource that stays up passes its status check now, only
     * the part that failed is stopped and started again ({@link #partToRestart}), so a crashed daemon
     * does not take the floating IP and its sibling daemons (and their users' sessions) down with it.
     * Either way the stops are for a restart here: the ip agent skips its sleeptime. A start that fails
     * stops the whole service as {@link #start} does (START_FAILED: nothing of it is active here).
     */
    public synchronized OpResult restart(String name) {
        Running r = running.get(name);
        Optional<Service> configured = conf.rm().service(name);
        if (r == null || configured.isEmpty()) {
            // not running here (or no longer configured): a plain stop and start
            OpResult stopped = stop(name);
            return stopped == OpResult.OK ? start(name) : stopped;
        }
        if (r.state == NodeReport.LocalState.FAILED) return OpResult.STOP_FAILED;
        unmonitor(r);
        Service s = r.service;
        List<Resource> order = ServiceTree.startOrder(s.resources());
        Optional<java.util.Set<Resource>> partial = partToRestart(r, configured.get(), order);
        java.util.Set<Resource> part = partial.orElseGet(() -> identitySet(order));
        String what = partial.isPresent() ? part.stream().map(Resource::id).collect(java.util.stream.Collectors.joining(", "))
                + " (" + part.size() + " of " + order.size() + " resources)" : "the whole service";
        LOG.log(System.Logger.Level.INFO, "rgmanager: restarting " + s.id() + " in place on " + node + ": " + what);
        ServiceRunner.Outcome stopped = runner.stop(s, part::contains, true);
        if (!stopped.ok()) {
            markFailed(s, stopped);
            return OpResult.STOP_FAILED;
        }
        Service target = partial.isPresent() ? s : configured.get();
        ServiceRunner.Outcome started = partial.isPresent() ? runner.start(s, part::contains) : runner.start(target);
        return afterStart(target, started, r.frozen, "restarted");
    }

    /**
     * The part of the service to restart after a failed status check, or empty for the whole service.
     * A failed {@code script} (an init script: one daemon) is restarted with its children only: its
     * siblings are other daemons. Any other failed resource (ip, fs, ...) is restarted with every
     * resource that starts after it, since those may be using it. Whole service when nothing failed
     * (clusvcadm -R), the configuration changed since the start, the part would be everything, or a
     * resource that would stay up fails its status check now.
     */
    private Optional<java.util.Set<Resource>> partToRestart(Running r, Service configured, List<Resource> order) {
        Resource failed = r.failed;
        if (failed == null || !r.service.equals(configured)) return Optional.empty();
        int k = -1;
        for (int i = 0; i < order.size(); i++) if (order.get(i) == failed) k = i;
        if (k < 0) return Optional.empty();
        java.util.Set<Resource> part = failed.type().equals("script")
                ? identitySet(ServiceTree.startOrder(List.of(failed)))
                : identitySet(order.subList(k, order.size()));
        if (part.size() == order.size()) return Optional.empty();
        for (Resource staying : order) {
            if (part.contains(staying)) continue;
            AgentResult a = runner.status(staying);
            if (!a.isOk()) {
                LOG.log(System.Logger.Level.INFO, "rgmanager: " + staying.id() + " also fails its status check (" + a + "); restarting the whole " + r.service.id());
                return Optional.empty();
            }
        }
        return Optional.of(part);
    }

    private static java.util.Set<Resource> identitySet(List<Resource> rs) {
        java.util.Set<Resource> set = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        set.addAll(rs);
        return set;
    }

    /** Emergency stop of everything here (quorum lost): rgmanager's "#1: Quorum Dissolved". */
    public synchronized void stopAll(String why) {
        LOG.log(System.Logger.Level.WARNING, "rgmanager: " + why + "; stopping every service on " + node);
        for (String name : new ArrayList<>(running.keySet())) stop(name);
    }

    /** {@code clusvcadm -Z/-U}: frozen services are not checked. */
    public synchronized void setFrozen(String name, boolean frozen) {
        Running r = running.get(name);
        if (r != null) r.frozen = frozen;
    }

    /** Keeps the coordinator's latest table, so it survives the coordinator (see {@link NodeReport}). */
    public void acceptTable(ServiceTable t) {
        ServiceTable cur = tableCopy;
        if (cur == null || t.version() >= cur.version()) tableCopy = t;
    }

    public synchronized NodeReport report() {
        Map<String, NodeReport.LocalState> m = new LinkedHashMap<>();
        running.forEach((k, v) -> m.put(k, v.state));
        return new NodeReport(node, m, Optional.ofNullable(tableCopy));
    }

    // --- status checks -------------------------------------------------------------------------

    private void monitor(Running r) {
        for (Resource res : ServiceTree.startOrder(r.service.resources())) {
            Duration every = ResourceOps.statusInterval(res, conf.rm());
            r.checks.add(scheduler.scheduleWithFixedDelay(() -> check(r, res, "status check every " + every.toMillis() + " ms"),
                    every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS));
            if (res.type().equals("script")) watchPid(r, res, PID_FILE_TRIES);
        }
    }

    /** A script may write its pid file a moment after "start" returns: look again every 200 ms, this many times. */
    private static final int PID_FILE_TRIES = 10;

    private void watchPid(Running r, Resource res, int triesLeft) {
        if (!r.monitored || r.state != NodeReport.LocalState.STARTED) return;
        Optional<Path> file = ScriptAgent.pidFile(res, root);
        if (file.isEmpty()) return;
        OptionalLong pid = PidWatcher.readPidFile(file.get());
        if (pid.isEmpty()) {
            if (triesLeft > 0) {
                r.checks.add(scheduler.schedule(() -> watchPid(r, res, triesLeft - 1), 200, TimeUnit.MILLISECONDS));
            } else {
                LOG.log(System.Logger.Level.DEBUG, "rgmanager: " + res.id() + ": no pid in " + file.get() + "; relying on status checks");
            }
            return;
        }
        long id = pids.watch(pid.getAsLong(), () -> {
            if (check(r, res, "its process " + pid.getAsLong() + " (from " + file.get() + ") died")) watchPid(r, res, PID_FILE_TRIES);
        });
        if (id < 0) check(r, res, "its process " + pid.getAsLong() + " was already gone after start");
        else r.pidWatches.add(id);
    }

    /** Runs one status check; returns true if the resource is fine (or checks no longer apply). */
    private boolean check(Running r, Resource res, String trigger) {
        if (r.frozen || !r.monitored || r.state != NodeReport.LocalState.STARTED) return true;
        AgentResult a = runner.status(res);
        if (a.isOk()) return true;
        synchronized (this) {
            if (running.get(r.service.name()) != r || r.state != NodeReport.LocalState.STARTED) return true;
            r.state = NodeReport.LocalState.RECOVERING;
            r.failed = res;
            unmonitor(r);
        }
        String why = res.id() + " failed its status check (" + trigger + "): " + a;
        LOG.log(System.Logger.Level.WARNING, "rgmanager: " + r.service.id() + " on " + node + ": " + why);
        listener.statusFailed(node, r.service.name(), why);
        return false;
    }

    private void unmonitor(Running r) {
        r.monitored = false;
        r.checks.forEach(f -> f.cancel(false));
        r.checks.clear();
        r.pidWatches.forEach(pids::cancel);
        r.pidWatches.clear();
    }

    private void markFailed(Service s, ServiceRunner.Outcome stop) {
        Running r = running.computeIfAbsent(s.name(), k -> new Running(s));
        unmonitor(r);
        r.state = NodeReport.LocalState.FAILED;
        LOG.log(System.Logger.Level.ERROR, "rgmanager: #12: " + s.id() + " failed to stop on " + node + "; intervention required ("
                + stop.failure() + ")");
    }

    @Override
    public synchronized void close() {
        running.values().forEach(this::unmonitor);
        pids.close();
    }
}

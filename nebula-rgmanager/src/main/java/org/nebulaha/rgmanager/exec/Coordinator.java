package org.nebulaha.rgmanager.exec;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.nebulaha.conf.model.ClusterConf;
import org.nebulaha.conf.model.Service;
import org.nebulaha.rgmanager.model.ClusterState;
import org.nebulaha.rgmanager.model.ClusterView;
import org.nebulaha.rgmanager.model.Member;
import org.nebulaha.rgmanager.model.NodeReport;
import org.nebulaha.rgmanager.model.ServiceRecord;
import org.nebulaha.rgmanager.model.ServiceState;
import org.nebulaha.rgmanager.model.ServiceTable;
import org.nebulaha.rgmanager.plan.Action;
import org.nebulaha.rgmanager.plan.Plan;
import org.nebulaha.rgmanager.plan.Planner;
import org.nebulaha.rgmanager.plan.Rebuild;

/**
 * Holds the cluster's service table and drives it: on every event (membership view, failed status
 * check, configuration, administrator request) it runs the {@link Planner}, logs each action with its
 * rule, sends it to the node that must carry it out ({@link NodeChannel}), records the outcome, and
 * plans again until nothing is left to do. After each change it publishes the table to every online
 * node, so that if this node is lost the survivors rebuild it with {@link #rebuild}.
 *
 * <p>One coordinator runs at a time; the node daemon picks it (e.g. the online member with the lowest
 * nodeid). Calls are serialised; operations run synchronously (a stop waits for ip's sleeptime).
 */
public final class Coordinator {
    private static final System.Logger LOG = System.getLogger("rgmanager");
    private static final int MAX_ROUNDS = 16;
    private static final int MAX_RESTART_HISTORY = 100;

    private final NodeChannel nodes;
    private final Clock clock;
    private ClusterConf conf;
    private ClusterState state;
    private long version;
    private long publishedVersion = -1;
    private Plan lastPlan = new Plan(List.of());
    private Set<String> loggedHolds = new HashSet<>();
    private PlanInputLog inputLog;
    /** " [input plan-input-N]" while the actions of a saved input are carried out: each action's log line names it. */
    private String inputName = "";

    public Coordinator(ClusterConf conf, ClusterView view, NodeChannel nodes, Clock clock) {
        this.conf = conf;
        this.nodes = nodes;
        this.clock = clock;
        this.state = new ClusterState(view, Map.of());
    }

    public synchronized ClusterState state() {
        return state;
    }

    public synchronized ClusterConf conf() {
        return conf;
    }

    public synchronized long version() {
        return version;
    }

    /** The plan of the last planning round that changed something (for logs and the dry-run). */
    public synchronized Plan lastPlan() {
        return lastPlan;
    }

    /** Saves each planner input that led to actions (see {@link PlanInputLog}); null turns it off. */
    public synchronized void setInputLog(PlanInputLog log) {
        this.inputLog = log;
    }

    public synchronized void setConf(ClusterConf c) {
        this.conf = c;
        evaluate("configuration version " + c.configVersion());
    }

    /** A new membership view. A change of the online set ends every clusvcadm -s hold; losing quorum stops everything. */
    public synchronized void viewChanged(ClusterView v) {
        ClusterView old = state.view();
        Set<String> before = online(old);
        Set<String> after = online(v);
        List<Member> marked = new ArrayList<>();
        for (Member m : v.members()) marked.add(new Member(m.name(), m.status(), m.isOnline() && !before.contains(m.name())));
        state = state.withView(new ClusterView(v.quorate(), marked));
        if (!before.equals(after)) {
            for (ServiceRecord r : state.services().values())
                if (r.userStopped()) state = state.with(r.withUserStopped(false));
        }
        LOG.log(System.Logger.Level.INFO, "rgmanager: membership " + describe(v));
        evaluate("membership change");
        state = state.withView(v.settled());
        if (old.quorate() && !v.quorate()) {
            // like rgmanager's lost DLM state: after quorum returns every service starts from scratch
            LOG.log(System.Logger.Level.WARNING, "rgmanager: #1: Quorum Dissolved; forgetting the service table");
            Map<String, ServiceRecord> keep = new LinkedHashMap<>();
            state.services().forEach((k, r) -> { if (r.state() == ServiceState.FAILED) keep.put(k, r); });
            state = new ClusterState(v, keep);
            publish();
        }
    }

    /** A node reports that a status check of one of its services failed. */
    public synchronized void statusFailed(String node, String service, String why) {
        ServiceRecord r = state.service(service);
        if (r.state() != ServiceState.STARTED || !r.owner().equals(Optional.of(node))) {
            LOG.log(System.Logger.Level.INFO, "rgmanager: ignoring status failure of service:" + service + " on " + node
                    + ": the table says " + r.state().word() + r.owner().map(o -> " on " + o).orElse(""));
            return;
        }
        set(r, ServiceState.RECOVERING, Optional.of(node), "status failed: " + why);
        evaluate("service:" + service + " failed on " + node);
    }

    /**
     * Rebuilds the table after this node became coordinator ({@link Rebuild}: the newest table copy
     * any node holds, then what the online nodes say they run), stops the extra copies it names, and plans.
     */
    public synchronized void rebuild(ClusterView v, List<NodeReport> reports) {
        Instant now = clock.instant();
        Path saved = inputLog == null ? null : inputLog.saveRebuild(conf, v, reports, now, "table rebuilt by a new coordinator");
        Rebuild.Result r = Rebuild.rebuild(conf, v, reports, now);
        LOG.log(System.Logger.Level.INFO, "rgmanager: rebuilt the service table from " + reports.size() + " node reports ("
                + (r.newestCopy() < 0 ? "no table copy" : "newest copy v" + r.newestCopy() + " from " + r.copyFrom()) + ")"
                + (saved == null ? "" : "; input saved in " + saved));
        for (Rebuild.Entry e : r.entries()) LOG.log(System.Logger.Level.INFO, "rgmanager: rebuilt service:" + e.service() + " (" + e.why() + ")");
        for (Rebuild.StopExtra x : r.stops()) {
            LOG.log(System.Logger.Level.WARNING, "rgmanager: stop service:" + x.service() + " on " + x.node() + " (" + x.why() + ")");
            nodes.stop(x.node(), x.service());
        }
        // Nodes marked joined in v keep the mark for this one evaluation (failback to a node that
        // has just joined, even when its joining made this node the coordinator).
        state = r.state();
        version = Math.max(version, r.newestCopy()) + 1;
        evaluate("table rebuilt");
        state = state.withView(v.settled());
    }

    /** clusvcadm's operations, logged with {@code who} asked (e.g. "root@node1 via clusvcadm"). */
    public ServiceRequests requests(String who) {
        return new AdminRequests(this, who);
    }

    /** Plans and carries out until the plan has nothing left to change. */
    public synchronized Plan evaluate(String trigger) {
        Plan plan = new Plan(List.of());
        for (int round = 0; round < MAX_ROUNDS; round++) {
            plan = Planner.plan(conf, state, clock.instant());
            logHolds(plan);
            if (plan.effective().isEmpty()) break;
            lastPlan = plan;
            Path saved = inputLog == null ? null : inputLog.save(conf, state, clock.instant(), trigger);
            LOG.log(System.Logger.Level.INFO, "planner: " + plan.effective().size() + " actions after " + trigger
                    + (saved == null ? "" : "; input saved in " + saved));
            inputName = saved == null ? "" : " [input " + saved.getFileName() + "]";
            try {
                for (Action a : plan.effective()) execute(a);
            } finally {
                inputName = "";
            }
            publish();
        }
        if (version != publishedVersion) publish(); // changes made outside the planner (clusvcadm, status failures)
        return plan;
    }

    // --- carrying out actions -------------------------------------------------------------------

    void execute(Action a) {
        LOG.log(System.Logger.Level.INFO, "rgmanager: " + a.describe() + " (" + a.why() + ")" + inputName);
        ServiceRecord r = state.service(a.service());
        if (a instanceof Action.Start st) {
            startOn(r, st.on(), a.why().toString());
        } else if (a instanceof Action.Stop sp) {
            stopOn(r, sp.on(), ServiceState.STOPPED, a.why().toString());
        } else if (a instanceof Action.Restart rs) {
            restartOn(r.withRestarts(history(r, clock.instant())), rs.on(), a.why().toString());
        } else if (a instanceof Action.Relocate rl) {
            if (stopOn(r, rl.from(), ServiceState.STOPPED, a.why().toString())) startOn(state.service(a.service()), rl.to(), a.why().toString());
        } else if (a instanceof Action.Disable d) {
            if (d.on().isPresent()) stopOn(r, d.on().get(), ServiceState.DISABLED, a.why().toString());
            else set(r, ServiceState.DISABLED, Optional.empty(), a.why().toString());
        } else if (a instanceof Action.MarkStopped) {
            set(r, ServiceState.STOPPED, Optional.empty(), a.why().toString());
        } else if (a instanceof Action.MarkFailed mf) {
            set(r, ServiceState.FAILED, mf.on(), a.why().toString());
        } else if (a instanceof Action.WaitForFence || a instanceof Action.Hold) {
            // nothing to do: logged by logHolds
        } else {
            throw new AssertionError(a);
        }
    }

    private List<Instant> history(ServiceRecord r, Instant now) {
        List<Instant> h = new ArrayList<>(r.restarts());
        h.add(now);
        Service s = conf.rm().service(r.name()).orElseThrow();
        if (s.restartExpireTimeSeconds() > 0) h.removeIf(t -> !t.isAfter(now.minus(Duration.ofSeconds(s.restartExpireTimeSeconds()))));
        return h.size() > MAX_RESTART_HISTORY ? h.subList(h.size() - MAX_RESTART_HISTORY, h.size()) : h;
    }

    /** Starts on {@code node}; returns the channel result. */
    NodeChannel.Result startOn(ServiceRecord r, String node, String why) {
        set(r, ServiceState.STARTING, Optional.of(node), why);
        return afterStart(r, node, nodes.start(node, r.name()));
    }

    /**
     * Restarts in place on {@code node}, its owner: one request, so the service stays that node's
     * (state {@code starting}) until it runs again or was stopped there; never stopped-and-ownerless in between.
     */
    NodeChannel.Result restartOn(ServiceRecord r, String node, String why) {
        set(r, ServiceState.STARTING, Optional.of(node), why);
        return afterStart(r, node, nodes.restart(node, r.name()));
    }

    private NodeChannel.Result afterStart(ServiceRecord r, String node, NodeChannel.Result res) {
        ServiceRecord cur = state.service(r.name());
        switch (res) {
            case OK -> {
                // like rgmanager's per-node restart counter: a service that moved starts counting afresh
                boolean moved = !r.lastOwner().equals(Optional.of(node));
                ServiceRecord fresh = cur.withStartFailedOn(Set.of());
                set(moved ? fresh.withRestarts(List.of()) : fresh, ServiceState.STARTED, Optional.of(node), "started on " + node);
            }
            case START_FAILED -> {
                Set<String> tried = new TreeSet<>(cur.startFailedOn());
                tried.add(node);
                set(cur.withStartFailedOn(tried), ServiceState.STOPPED, Optional.empty(), "#71: start failed on " + node + "; stopped cleanly");
            }
            case STOP_FAILED -> set(cur, ServiceState.FAILED, Optional.of(node), "start failed on " + node + " and the stop that followed failed");
            case UNREACHABLE -> LOG.log(System.Logger.Level.WARNING, "rgmanager: " + node + " unreachable while starting service:" + r.name()
                    + "; left starting until membership decides");
        }
        return res;
    }

    /** Stops on {@code node} and records {@code after}; returns true if the stop succeeded. */
    boolean stopOn(ServiceRecord r, String node, ServiceState after, String why) {
        set(r, ServiceState.STOPPING, Optional.of(node), why);
        NodeChannel.Result res = nodes.stop(node, r.name());
        ServiceRecord cur = state.service(r.name());
        switch (res) {
            case OK -> { set(cur, after, Optional.empty(), why); return true; }
            case STOP_FAILED, START_FAILED -> {
                set(cur, ServiceState.FAILED, Optional.of(node), "#12: stop failed on " + node + "; intervention required");
                LOG.log(System.Logger.Level.ERROR, "rgmanager: #12: RG service:" + r.name() + " failed to stop; intervention required");
                return false;
            }
            default -> {
                LOG.log(System.Logger.Level.WARNING, "rgmanager: " + node + " unreachable while stopping service:" + r.name());
                return false;
            }
        }
    }

    void set(ServiceRecord r, ServiceState s, Optional<String> owner, String why) {
        ServiceRecord n = r.withState(s, owner, clock.instant(), why);
        state = state.with(n);
        version++;
    }

    void setUserStopped(String service) {
        state = state.with(state.service(service).withUserStopped(true));
        version++;
    }

    void setFrozenFlag(String service, boolean frozen) {
        state = state.with(state.service(service).withFrozen(frozen));
        version++;
    }

    void publish() {
        publishedVersion = version;
        ServiceTable t = new ServiceTable(version, state.services());
        for (Member m : state.view().members()) if (m.isOnline()) nodes.publish(m.name(), t);
    }

    NodeChannel channel() {
        return nodes;
    }

    Instant now() {
        return clock.instant();
    }

    private void logHolds(Plan plan) {
        Set<String> now = new HashSet<>();
        for (Action a : plan.actions()) {
            if (a instanceof Action.Hold || a instanceof Action.WaitForFence) {
                String line = a.describe() + " (" + a.why() + ")";
                now.add(line);
                if (!loggedHolds.contains(line)) LOG.log(System.Logger.Level.INFO, "rgmanager: " + line);
            }
        }
        loggedHolds = now;
    }

    private static Set<String> online(ClusterView v) {
        Set<String> s = new TreeSet<>();
        for (Member m : v.members()) if (m.isOnline()) s.add(m.name());
        return s;
    }

    private static String describe(ClusterView v) {
        StringBuilder sb = new StringBuilder(v.quorate() ? "quorate" : "inquorate");
        for (Member m : v.members()) sb.append(", ").append(m.name()).append(' ').append(m.status().word());
        return sb.toString();
    }
}

package org.nebulaha.rgmanager.plan;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.nebulaha.conf.model.ClusterConf;
import org.nebulaha.conf.model.Recovery;
import org.nebulaha.conf.model.Service;
import org.nebulaha.rgmanager.model.ClusterState;
import org.nebulaha.rgmanager.model.ClusterView;
import org.nebulaha.rgmanager.model.MemberStatus;
import org.nebulaha.rgmanager.model.ServiceRecord;
import org.nebulaha.rgmanager.model.ServiceState;

/**
 * The resource manager's decisions as one pure function: {@code plan(conf, state, now)}.
 * Phases, in order: (1) quorum: without quorum stop every service that runs on an online node and
 * start nothing; (2) order services so that a dependency is decided before its dependents;
 * (3) decide each service by the first rule that applies:
 * <ol>
 * <li>{@code frozen}: no recovery, no failover, no failback;</li>
 * <li>{@code disabled}: nothing;</li>
 * <li>{@code failed-blocked}: a failed service stays failed until {@code clusvcadm -d}, unless
 *     {@code failed-owner-fenced}: its owner was fenced (or left cleanly), which proves nothing of it
 *     is active, so it is started on the best node;</li>
 * <li>{@code fence-before-recovery}: the owner is lost and not yet fenced: wait;
 *     {@code owner-fenced}/{@code owner-left}: take the service over on the best node;</li>
 * <li>{@code recovery-*}: a status check failed: restart in place while restarts within
 *     restart_expire_time are below max_restarts, then relocate ({@code restarts-exhausted});
 *     {@code relocate} and {@code disable} policies as named;</li>
 * <li>{@code depend-hard}: a started service whose hard dependency is not running is stopped;</li>
 * <li>{@code failback}: when a node joins and scores better than the owner (a better member of an
 *     ordered domain returns, a member of an unrestricted domain appears), the started service moves
 *     to it, unless nofailback; nothing moves between transitions;</li>
 * <li>{@code autostart-off}, {@code user-stopped}, {@code depend}, {@code placement},
 *     {@code start-failed-relocate}: what happens to a stopped service.</li>
 * </ol>
 * Last, {@code not-configured}: a service that runs but is no longer in cluster.conf is stopped.
 * Placement and tie-breaking: {@link Placement}. Exclusive services only go to nodes that run no
 * other service, and nothing is placed next to an exclusive one. Case folders under
 * src/test/cases/planner show each rule. Design note: docs/design/rgmanager.md; user guide: docs/rgmanager.md.
 */
public final class Planner {
    private final ClusterConf conf;
    private final ClusterState state;
    private final ClusterView view;
    private final Instant now;
    private final Placement placement;
    /** node -> services whose resources are (or will be, after this plan) active there. */
    private final Map<String, Set<String>> occupancy = new HashMap<>();
    /**
     * Services that run now and keep running through this plan: what a dependent may rely on.
     * A service this plan starts, restarts or moves does not count yet (rgmanager refuses a start
     * unless the dependency already runs); the next plan, after it started, starts the dependents.
     */
    private final Set<String> running = new HashSet<>();
    private final List<Action> actions = new ArrayList<>();

    private Planner(ClusterConf conf, ClusterState state, Instant now) {
        this.conf = conf;
        this.state = state;
        this.view = state.view();
        this.now = now;
        this.placement = new Placement(conf, view);
    }

    public static Plan plan(ClusterConf conf, ClusterState state, Instant now) {
        return new Planner(conf, state, now).run();
    }

    /**
     * The nodes an administrator's request may use for {@code s}, best first: online and allowed
     * by its failover domain (clusvcadm -e accepts GOOD, i.e. non-members of an unrestricted domain).
     */
    public static List<String> candidates(ClusterConf conf, ClusterView view, Service s, ServiceRecord r) {
        return new Placement(conf, view).ranked(s, r);
    }

    private Plan run() {
        if (!view.quorate()) {
            for (Service s : conf.rm().services()) {
                ServiceRecord r = state.service(s.name());
                if (r.owner().isPresent() && view.isOnline(r.owner().get()) && r.state() != ServiceState.FAILED)
                    actions.add(new Action.Stop(s.name(), r.owner().get(), new Reason("no-quorum",
                            "quorum dissolved; emergency stop of every service on its node, nothing starts until quorum returns")));
            }
            return new Plan(actions);
        }
        for (Service s : conf.rm().services()) {
            ServiceRecord r = state.service(s.name());
            if (r.owner().isPresent() && r.state().mayHaveResourcesActive() && !view.status(r.owner().get()).isSafelyGone())
                occupancy.computeIfAbsent(r.owner().get(), k -> new HashSet<>()).add(s.name());
        }
        for (Service s : dependencyOrder()) decide(s, state.service(s.name()));
        for (ServiceRecord r : state.services().values()) {
            if (conf.rm().service(r.name()).isPresent() || r.owner().isEmpty() || !view.isOnline(r.owner().get())) continue;
            if (r.state() == ServiceState.STARTED || r.state() == ServiceState.RECOVERING || r.state() == ServiceState.STARTING)
                actions.add(new Action.Stop(r.name(), r.owner().get(), new Reason("not-configured",
                        "cluster.conf version " + conf.configVersion() + " no longer has service:" + r.name())));
        }
        return new Plan(actions);
    }

    /** Configuration order, except that a service comes after the one it depends on. */
    private List<Service> dependencyOrder() {
        LinkedHashSet<Service> out = new LinkedHashSet<>();
        for (Service s : conf.rm().services()) addWithDependencies(s, out, new HashSet<>());
        return List.copyOf(out);
    }

    private void addWithDependencies(Service s, LinkedHashSet<Service> out, Set<String> visiting) {
        if (out.contains(s) || !visiting.add(s.name())) return; // a cycle is left in configuration order
        s.depend().flatMap(d -> conf.rm().service(d)).ifPresent(d -> addWithDependencies(d, out, visiting));
        out.add(s);
    }

    private void decide(Service s, ServiceRecord r) {
        String name = s.name();
        boolean liveOwner = r.owner().isPresent() && view.isOnline(r.owner().get());
        if (r.frozen()) {
            if (liveOwner && r.state() == ServiceState.STARTED) running.add(name);
            hold(name, "frozen", "frozen with clusvcadm -Z: no status checks, recovery or failover until clusvcadm -U");
            return;
        }
        switch (r.state()) {
            case DISABLED -> { return; }
            case FAILED -> { decideFailed(s, r); return; }
            default -> { }
        }
        if (r.owner().isPresent() && !liveOwner) {
            takeOver(s, r);
            return;
        }
        switch (r.state()) {
            case STARTING, STOPPING -> { }
            case RECOVERING -> recover(s, r);
            case STARTED -> decideStarted(s, r);
            case STOPPED, UNINITIALIZED -> decideStopped(s, r);
            default -> throw new AssertionError(r.state());
        }
    }

    private void decideFailed(Service s, ServiceRecord r) {
        Optional<String> where = r.owner().or(r::lastOwner);
        if (where.isPresent() && view.status(where.get()).isSafelyGone()) {
            String proof = where.get() + ", which " + (view.status(where.get()) == MemberStatus.FENCED ? "was fenced" : "left cleanly");
            startOrMarkStopped(s, r, Set.of(), "failed-owner-fenced", "the stop failed on " + proof + ", so nothing of it is active; ");
            return;
        }
        hold(s.name(), "failed-blocked", "a stop failed" + where.map(n -> " on " + n).orElse("")
                + "; it is never started elsewhere until that node is fenced; check that none of its resources are active, then clusvcadm -d service:"
                + s.name());
    }

    /** The owner is not online: recover only once it is proven to run nothing. */
    private void takeOver(Service s, ServiceRecord r) {
        String owner = r.owner().get();
        MemberStatus st = view.status(owner);
        if (!st.isSafelyGone()) {
            actions.add(new Action.WaitForFence(s.name(), owner, new Reason("fence-before-recovery",
                    owner + " is " + st.word() + " and not fenced; service:" + s.name() + " may still run there")));
            return;
        }
        String rule = st == MemberStatus.FENCED ? "owner-fenced" : "owner-left";
        String fact = owner + (st == MemberStatus.FENCED ? " was fenced" : " left the cluster cleanly") + " while it owned the service; ";
        if (r.state() == ServiceState.STOPPING || !s.autostart() && r.state() != ServiceState.STARTED && r.state() != ServiceState.RECOVERING) {
            actions.add(new Action.MarkStopped(s.name(), new Reason(rule, fact + "it was " + r.state().word() + ", so it is now stopped")));
            return;
        }
        if (!dependencyRunning(s)) {
            actions.add(new Action.MarkStopped(s.name(), new Reason("depend", fact + "service:" + s.depend().get() + " it depends on is not running")));
            return;
        }
        startOrMarkStopped(s, r, r.startFailedOn(), rule, fact);
    }

    private void startOrMarkStopped(Service s, ServiceRecord r, Set<String> exclude, String rule, String fact) {
        Map<String, String> refused = new TreeMap<>();
        Optional<Placement.Candidate> c = placement.best(s, r, exclude, n -> fitsExclusive(s, n, refused));
        if (c.isPresent()) {
            start(s, c.get().node(), new Reason(rule, fact + c.get().why()));
        } else {
            actions.add(new Action.MarkStopped(s.name(), new Reason(rule, fact + placement.whyNone(s, exclude, refused))));
        }
    }

    /** A status check failed on the live owner: apply the service's recovery policy. */
    private void recover(Service s, ServiceRecord r) {
        String owner = r.owner().get();
        Recovery policy = s.recovery();
        if (policy == Recovery.DISABLE) {
            disable(s, Optional.of(owner), new Reason("recovery-disable", "status failed on " + owner + "; recovery=disable"));
            return;
        }
        if (policy == Recovery.RELOCATE) {
            relocateOrRestart(s, r, "recovery-relocate", "status failed on " + owner + "; recovery=relocate; ");
            return;
        }
        int used = restartsInWindow(s, r);
        String window = s.restartExpireTimeSeconds() == 0 ? "" : " within " + s.restartExpireTimeSeconds() + " s";
        if (s.maxRestarts() > 0 && used >= s.maxRestarts()) {
            String fact = "status failed on " + owner + "; " + used + " restarts" + window + " reached max_restarts=" + s.maxRestarts() + "; ";
            if (policy == Recovery.RESTART_DISABLE) disable(s, Optional.of(owner), new Reason("restarts-exhausted", fact + "recovery=restart-disable"));
            else relocateOrRestart(s, r, "restarts-exhausted", fact);
            return;
        }
        String count = s.maxRestarts() == 0 ? "max_restarts=0 (no limit)" : "restart " + (used + 1) + " of " + s.maxRestarts() + window;
        actions.add(new Action.Restart(s.name(), owner, new Reason("recovery-restart", "status failed on " + owner + "; " + count)));
    }

    int restartsInWindow(Service s, ServiceRecord r) {
        if (s.restartExpireTimeSeconds() == 0) return r.restarts().size();
        Instant since = now.minus(Duration.ofSeconds(s.restartExpireTimeSeconds()));
        return (int) r.restarts().stream().filter(t -> t.isAfter(since)).count();
    }

    private void relocateOrRestart(Service s, ServiceRecord r, String rule, String fact) {
        String owner = r.owner().get();
        Set<String> exclude = new HashSet<>(r.startFailedOn());
        exclude.add(owner);
        Map<String, String> refused = new TreeMap<>();
        Optional<Placement.Candidate> c = placement.best(s, r, exclude, n -> fitsExclusive(s, n, refused));
        if (c.isPresent()) {
            relocate(s, owner, c.get().node(), new Reason(rule, fact + c.get().why()));
        } else if (s.exclusive()) {
            // rgmanager: an exclusive service with no empty node to go to is not restarted after failure
            disable(s, Optional.of(owner), new Reason(rule, fact + "exclusive and " + placement.whyNone(s, Set.of(owner), refused)));
        } else {
            actions.add(new Action.Restart(s.name(), owner, new Reason(rule, fact + "no other node may take it ("
                    + placement.whyNone(s, Set.of(owner), refused) + "); restarting locally")));
        }
    }

    private void decideStarted(Service s, ServiceRecord r) {
        String owner = r.owner().get();
        if (s.depend().isPresent() && !s.dependSoft() && !dependencyRunning(s)) {
            stop(s, owner, new Reason("depend-hard", "service:" + s.depend().get() + " it depends on (depend_mode hard) is not running"));
            return;
        }
        Score here = placement.score(s, r, owner);
        Map<String, String> refused = new TreeMap<>();
        Optional<Placement.Candidate> c = placement.best(s, r, r.startFailedOn(), n -> n.equals(owner) || fitsExclusive(s, n, refused));
        if (here == Score.ILLEGAL) {
            if (c.isPresent() && !c.get().node().equals(owner))
                relocate(s, owner, c.get().node(), new Reason("illegal-owner", owner + " may not run it under the current domain; " + c.get().why()));
            else stop(s, owner, new Reason("illegal-owner", owner + " may not run it under the current domain and no other node may"));
            return;
        }
        running.add(s.name());
        if (c.isPresent() && !c.get().node().equals(owner) && c.get().score().compareTo(here) > 0 && view.hasJoined(c.get().node())) {
            relocate(s, owner, c.get().node(), new Reason("failback", c.get().node() + " joined; " + owner + " scores " + here + ", " + c.get().node() + " scores "
                    + c.get().score() + ": " + c.get().why()));
        }
    }

    private void decideStopped(Service s, ServiceRecord r) {
        String name = s.name();
        if (r.state() == ServiceState.UNINITIALIZED && !s.autostart()) {
            disable(s, Optional.empty(), new Reason("autostart-off", "autostart=0: comes up disabled; start it with clusvcadm -e service:" + name));
            return;
        }
        if (!s.autostart()) {
            hold(name, "autostart-off", "autostart=0 and stopped: only clusvcadm -e starts it");
            return;
        }
        if (r.userStopped()) {
            hold(name, "user-stopped", "stopped with clusvcadm -s; evaluated again at the next membership change");
            return;
        }
        if (!dependencyRunning(s)) {
            hold(name, "depend", "waits for service:" + s.depend().get() + " it depends on to run");
            return;
        }
        Map<String, String> refused = new TreeMap<>();
        Optional<Placement.Candidate> c = placement.best(s, r, r.startFailedOn(), n -> fitsExclusive(s, n, refused));
        if (c.isEmpty()) {
            hold(name, r.startFailedOn().isEmpty() ? "no-member" : "start-failed-everywhere",
                    placement.whyNone(s, r.startFailedOn(), refused)
                            + (r.startFailedOn().isEmpty() ? "" : "; clusvcadm -e service:" + name + " retries"));
            return;
        }
        if (!r.startFailedOn().isEmpty())
            start(s, c.get().node(), new Reason("start-failed-relocate", "start failed on " + String.join(", ", r.startFailedOn()) + "; " + c.get().why()));
        else
            start(s, c.get().node(), new Reason("placement", (r.state() == ServiceState.UNINITIALIZED ? "autostart=1; " : "stopped; ") + c.get().why()));
    }

    // --- helpers -------------------------------------------------------------------------------

    private boolean dependencyRunning(Service s) {
        return s.depend().map(running::contains).orElse(true);
    }

    /** Exclusive: an exclusive service needs a node running nothing else; nothing joins a node running one. */
    private boolean fitsExclusive(Service s, String node, Map<String, String> refused) {
        Set<String> others = new java.util.TreeSet<>(occupancy.getOrDefault(node, Set.of()));
        others.remove(s.name());
        if (s.exclusive() && !others.isEmpty()) {
            refused.put(node, "runs " + String.join(", ", others) + " and service:" + s.name() + " is exclusive");
            return false;
        }
        for (String o : others) {
            if (conf.rm().service(o).map(Service::exclusive).orElse(false)) {
                refused.put(node, "runs exclusive service:" + o);
                return false;
            }
        }
        return true;
    }

    private void start(Service s, String node, Reason why) {
        occupancy.computeIfAbsent(node, k -> new HashSet<>()).add(s.name());
        actions.add(new Action.Start(s.name(), node, why));
    }

    private void stop(Service s, String node, Reason why) {
        occupancy.getOrDefault(node, new HashSet<>()).remove(s.name());
        running.remove(s.name());
        actions.add(new Action.Stop(s.name(), node, why));
    }

    private void relocate(Service s, String from, String to, Reason why) {
        occupancy.getOrDefault(from, new HashSet<>()).remove(s.name());
        occupancy.computeIfAbsent(to, k -> new HashSet<>()).add(s.name());
        running.remove(s.name());
        actions.add(new Action.Relocate(s.name(), from, to, why));
    }

    private void disable(Service s, Optional<String> node, Reason why) {
        node.ifPresent(n -> occupancy.getOrDefault(n, new HashSet<>()).remove(s.name()));
        running.remove(s.name());
        actions.add(new Action.Disable(s.name(), node, why));
    }

    private void hold(String service, String rule, String text) {
        actions.add(new Action.Hold(service, new Reason(rule, text)));
    }
}

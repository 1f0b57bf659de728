package org.nebulaha.fence.fenced;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.nebulaha.conf.model.ClusterConf;
import org.nebulaha.conf.model.ClusterNode;
import org.nebulaha.fence.agent.AgentRunner;
import org.nebulaha.fence.fenced.FenceDecision.Drop;
import org.nebulaha.fence.fenced.FenceDecision.Fence;
import org.nebulaha.fence.fenced.FenceDecision.Wait;
import org.nebulaha.fence.fenced.NodeState.Fate;

/**
 * fenced as a library hosted by the node daemon. The daemon feeds it membership and quorum events;
 * it keeps each configured node's {@link Fate}, asks {@link FencePlanner} what to do, runs
 * {@link FenceSequence} passes on worker threads, retries failed passes with back-off (initial,
 * doubling, capped; never giving up), and tells listeners when a lost node stops blocking recovery.
 *
 * <p>Event methods update the state at once (so a listener called after this one sees the new
 * state) and never block: decisions and agent runs happen on fenced's own threads. Queries are
 * thread-safe. A node that fails while a fence of it by hand or by another member is newer than its
 * last join counts as fenced at once (that fence is what made it fail), like cman's external fences.
 *
 * <p>See docs/fenced.md for the calls the node daemon makes.
 */
public final class Fenced implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("fenced");

    /** Told when a lost node stops blocking recovery (fenced, restarted, or released by a rule). */
    @FunctionalInterface
    public interface Listener {
        void nodeFenced(String node, String how);
    }

    /** Lets the other members know this node fenced {@code node} (they call {@link #peerFenced}). */
    @FunctionalInterface
    public interface Announcer {
        void announceFenced(String node);
    }

    /** Retry schedule after a failed pass: {@code initial}, doubling up to {@code max}. */
    public record Backoff(Duration initial, Duration max) {
        public static final Backoff DEFAULT = new Backoff(Duration.ofSeconds(3), Duration.ofSeconds(60));

        public Backoff {
            if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0)
                throw new IllegalArgumentException("fence retry back-off needs 0 < initial <= max, got " + initial + " and " + max);
        }

        Duration after(int failedPasses) {
            Duration d = initial;
            for (int i = 1; i < failedPasses && d.compareTo(max) < 0; i++) d = d.multipliedBy(2);
            return d.compareTo(max) > 0 ? max : d;
        }
    }

    private final Clock clock;
    private final FenceSequence sequence;
    private final FenceHistory history;
    private final Backoff backoff;
    private final Announcer announcer;
    private final String selfName;
    private final int selfNodeid;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "fenced"));
    private final ExecutorService workers = Executors.newCachedThreadPool(r -> daemon(r, "fenced-agent"));

    // Guarded by this.
    private ClusterConf conf;
    private FencedSettings settings;
    private final Map<Integer, TrackedNode> nodes = new LinkedHashMap<>();
    private boolean quorate;
    private Instant quorateSince;
    private ScheduledFuture<?> wake;
    private boolean closed;

    /**
     * @param conf      the active cluster.conf (settings are validated here: IllegalArgumentException names a bad attribute)
     * @param selfName  this node's clusternode name
     * @param runner    runs the agents ({@link AgentRunner#withDefaultPath()} in the daemon)
     * @param history   where attempts are recorded ({@link FenceHistory#openDefault()} in the daemon)
     * @param clock     the time source ({@link Clock#systemUTC()} in the daemon)
     * @param backoff   retry schedule ({@link Backoff#DEFAULT} in the daemon)
     * @param announcer tells the other members about our successful fences
     */
    public Fenced(ClusterConf conf, String selfName, AgentRunner runner, FenceHistory history, Clock clock, Backoff backoff,
                  Announcer announcer) {
        ClusterNode self = conf.node(selfName).orElseThrow(() -> new IllegalArgumentException(
                "fenced: this node '" + selfName + "' is not a clusternode of cluster.conf; check the node name"));
        this.clock = clock;
        this.history = history;
        this.sequence = new FenceSequence(runner, history, clock);
        this.backoff = backoff;
        this.announcer = announcer;
        this.selfName = selfName;
        this.selfNodeid = self.nodeid();
        this.conf = conf;
        this.settings = FencedSettings.of(conf);
        Instant now = clock.instant();
        for (ClusterNode n : conf.nodes())
            if (n.nodeid() != selfNodeid) nodes.put(n.nodeid(), new TrackedNode(n.name(), n.nodeid(), Fate.NEVER_SEEN, now));
        LOG.log(Level.INFO, "fenced: started on " + selfName + " (nodeid " + selfNodeid + "); post_join_delay " + settings.postJoinDelaySeconds()
                + " s, post_fail_delay " + settings.postFailDelaySeconds() + " s, clean_start " + (settings.cleanStart() ? 1 : 0)
                + ", skip_undefined " + (settings.skipUndefined() ? 1 : 0) + (settings.twoNode() ? ", two_node race_delay "
                + settings.raceDelaySeconds() + " s" : "") + ", agent_timeout " + settings.agentTimeout().toSeconds() + " s; history "
                + history.file());
    }

    /** The daemon's usual wiring: agents from the default path, history under /var/lib/cluster, system clock. */
    public static Fenced create(ClusterConf conf, String selfName, Announcer announcer) {
        return new Fenced(conf, selfName, AgentRunner.withDefaultPath(), FenceHistory.openDefault(), Clock.systemUTC(),
                Backoff.DEFAULT, announcer);
    }

    public void addListener(Listener l) {
        listeners.add(l);
    }

    // ---- events -------------------------------------------------------------------------------

    /** A node joined this node's membership (this node's own join is ignored). */
    public synchronized void memberJoined(String name, int nodeid, long incarnation) {
        if (nodeid == selfNodeid) return;
        TrackedNode t = tracked(name, nodeid, "joined");
        if (t == null) return;
        Instant now = clock.instant();
        if (t.fate == Fate.FAILED && t.incarnation >= 0 && incarnation > t.incarnation) {
            LOG.log(Level.INFO, "fenced: " + name + " rejoined with incarnation " + incarnation + " (was " + t.incarnation
                    + " when it failed): it restarted, so no fencing is needed");
            t.fate = Fate.REJOINED;
            t.since = now;
            notifyReleased(t, "rejoined after a restart");
        } else if (t.fate == Fate.FAILED) {
            LOG.log(Level.WARNING, "fenced: " + name + " is back with the same incarnation " + incarnation
                    + " (a healed partition, not a restart); it is still fenced because it may have acted alone");
        } else {
            t.fate = Fate.ACTIVE;
            t.since = now;
        }
        t.member = true;
        t.joinedAt = now;
        t.incarnation = incarnation;
        evaluateSoon();
    }

    /** A node left: {@code cleanLeave} true when it announced its leave (never fenced). */
    public synchronized void memberLost(String name, int nodeid, long incarnation, boolean cleanLeave) {
        if (nodeid == selfNodeid) return;
        TrackedNode t = tracked(name, nodeid, "lost");
        if (t == null) return;
        Instant now = clock.instant();
        t.member = false;
        t.incarnation = incarnation;
        if (cleanLeave) {
            boolean wasVictim = !t.released();
            t.fate = Fate.LEFT_CLEANLY;
            t.since = now;
            t.decision = null;
            if (wasVictim) notifyReleased(t, "left cleanly");
        } else if (t.fencedAt != null && t.joinedAt != null && t.fencedAt.isAfter(t.joinedAt)) {
            LOG.log(Level.INFO, "fenced: " + name + " failed after it was fenced at " + t.fencedAt + "; counted as fenced");
            t.fate = Fate.FENCED;
            t.since = t.fencedAt;
        } else if (t.fate != Fate.FAILED) {
            t.fate = Fate.FAILED;
            t.since = now;
            t.statusAsked = false;
            t.failedPasses = 0;
            t.retryAt = null;
            t.decision = null;
        }
        evaluateSoon();
    }

    /** Quorum was gained or lost. */
    public synchronized void quorumChanged(boolean nowQuorate) {
        if (nowQuorate && !quorate) quorateSince = clock.instant();
        if (!nowQuorate) quorateSince = null;
        quorate = nowQuorate;
        evaluateSoon();
    }

    /** The config_version in use (membership's and rgmanager's too, after an activation). */
    public synchronized int configVersion() { return conf.configVersion(); }

    /** A version was activated: used from now on. One with a bad value (only if not parsed) is logged, the old kept. */
    public synchronized void configChanged(ClusterConf next) {
        FencedSettings s;
        try {
            s = FencedSettings.of(next);
        } catch (IllegalArgumentException e) {
            LOG.log(Level.ERROR, "fenced: keeping config_version " + conf.configVersion() + ": version " + next.configVersion()
                    + " is refused: " + e.getMessage());
            return;
        }
        Instant now = clock.instant();
        Map<Integer, TrackedNode> kept = new LinkedHashMap<>();
        for (ClusterNode n : next.nodes()) {
            if (n.nodeid() == selfNodeid) continue;
            TrackedNode old = nodes.get(n.nodeid());
            if (old != null && old.name.equals(n.name())) kept.put(n.nodeid(), old);
            else {
                // A node added while we run owes nothing: startup fencing is for nodes configured when the cluster formed.
                TrackedNode t = new TrackedNode(n.name(), n.nodeid(), Fate.ACTIVE, now);
                kept.put(n.nodeid(), t);
            }
        }
        for (TrackedNode old : nodes.values())
            if (!kept.containsValue(old) && !old.released())
                LOG.log(Level.WARNING, "fenced: " + old.name + " was removed from cluster.conf while its fencing was pending; no longer fencing it");
        nodes.clear();
        nodes.putAll(kept);
        conf = next;
        settings = s;
        LOG.log(Level.INFO, "fenced: now using config_version " + next.configVersion());
        evaluateSoon();
    }

    /** Another member reports it fenced {@code node}. */
    public synchronized void peerFenced(String node, String byNode) {
        TrackedNode t = byName(node).orElse(null);
        if (t == null) {
            LOG.log(Level.WARNING, "fenced: " + byNode + " reports fencing " + node + ", which is not a node of cluster.conf here; ignored");
            return;
        }
        Instant now = clock.instant();
        history.append(new FenceAttempt(now, node, "-", "-", "-", "-", "success", -1, Duration.ZERO, "peer:" + byNode));
        fenced(t, now, "fenced by " + byNode);
    }

    // ---- fence_node ---------------------------------------------------------------------------

    /** fence_node NODE: one pass over its methods now, on the caller's thread; a success counts for fenced too. */
    public SequenceResult fenceByHand(String node) {
        ClusterConf c;
        FencedSettings s;
        synchronized (this) {
            c = conf;
            s = settings;
        }
        SequenceResult r = sequence.fence(c, s, node, "fence_node");
        if (r.success()) {
            synchronized (this) {
                byName(node).ifPresent(t -> fenced(t, clock.instant(), "fenced by hand (fence_node)"));
            }
            announcer.announceFenced(node);
        }
        return r;
    }

    /** fence_node -U NODE: runs its unfence devices with action=on, on the caller's thread. */
    public SequenceResult unfence(String node) {
        ClusterConf c;
        FencedSettings s;
        synchronized (this) {
            c = conf;
            s = settings;
        }
        return sequence.unfence(c, s, node);
    }

    // ---- queries ------------------------------------------------------------------------------

    /**
     * True when no fencing is owed for {@code node}: it is a member, left cleanly, was fenced after it
     * was lost, restarted, or a rule released it (clean_start, skip_undefined). False while it is a
     * victim, and for a name that is not a node of cluster.conf. This node itself: true.
     */
    public synchronized boolean isFencedSinceLost(String node) {
        if (node.equals(selfName)) return true;
        return byName(node).map(TrackedNode::released).orElse(false);
    }

    public synchronized Optional<FenceStatus> status(String node) {
        return byName(node).map(this::statusOf);
    }

    /** Every other configured node, in cluster.conf order. */
    public synchronized List<FenceStatus> statusAll() {
        return nodes.values().stream().map(this::statusOf).toList();
    }

    public FenceHistory history() {
        return history;
    }

    private FenceStatus statusOf(TrackedNode t) {
        return new FenceStatus(t.name, t.nodeid, t.member, t.fate, t.since, t.released(), t.decision == null ? "" : t.decision.describe(),
                t.failedPasses, t.inFlight);
    }

    // ---- the loop -----------------------------------------------------------------------------

    private void evaluateSoon() {
        post(this::evaluate);
    }

    /** Runs {@code r} on fenced's thread; after close there is nothing left to do. */
    private void post(Runnable r) {
        try {
            loop.execute(r);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closed: decisions stop with the daemon
        }
    }

    private synchronized void evaluate() {
        if (closed) return;
        Instant now = clock.instant();
        List<NodeState> states = new ArrayList<>();
        for (TrackedNode t : nodes.values()) states.add(t.state());
        FenceView view = new FenceView(selfNodeid, quorate, quorateSince, states);
        Instant next = null;
        List<FenceDecision> decisions = FencePlanner.decide(conf, settings, view, now);
        for (TrackedNode t : nodes.values()) {
            if (decisions.stream().noneMatch(d -> d.node().equals(t.name))) {
                t.decision = null; // nothing owed any more: forget the last decision so a new one is logged
                t.logged = "";
            }
        }
        for (FenceDecision d : decisions) {
            TrackedNode t = byName(d.node()).orElseThrow();
            boolean wasReleased = t.released();
            t.decision = d;
            log(t, d);
            if (d instanceof Drop && !wasReleased) notifyReleased(t, d.reason().rule());
            if (d instanceof Wait w) next = earliest(next, w.until());
            if (d instanceof Wait w && w.reason() == Reason.RACE_DELAY && !t.statusAsked && !t.inFlight) askStatus(t);
            if (d instanceof Fence && !t.inFlight) {
                if (t.retryAt != null && now.isBefore(t.retryAt)) next = earliest(next, t.retryAt);
                else start(t, d);
            }
        }
        if (wake != null) wake.cancel(false);
        wake = null;
        if (next != null) {
            long ms = Math.max(0, Duration.between(now, next).toMillis()) + 1;
            wake = loop.schedule(this::evaluate, ms, TimeUnit.MILLISECONDS);
        }
    }

    private void log(TrackedNode t, FenceDecision d) {
        String line = d.describe();
        if (line.equals(t.logged)) return;
        t.logged = line;
        Level level = d.reason() == Reason.NO_FENCE_METHODS ? Level.ERROR
                : d.reason() == Reason.NOT_QUORATE || d.reason() == Reason.SKIP_UNDEFINED ? Level.WARNING : Level.INFO;
        String consequence = d instanceof Drop ? "" : "; what " + t.name + " ran stays blocked until it is fenced";
        LOG.log(level, "fenced: " + line + " - " + d.reason().text() + consequence);
    }

    private void start(TrackedNode t, FenceDecision d) {
        t.inFlight = true;
        ClusterConf c = conf;
        FencedSettings s = settings;
        LOG.log(Level.INFO, "fenced: fencing " + t.name + " (" + d.reason().rule() + ": " + d.detail() + "; pass " + (t.failedPasses + 1) + ")");
        workers.execute(() -> {
            SequenceResult r;
            try {
                r = sequence.fence(c, s, t.name, "fenced");
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "fenced: fencing " + t.name + " threw; counted as a failed pass", e);
                r = new SequenceResult(t.name, false, "internal error: " + e, List.of());
            }
            finished(t, r);
        });
    }

    /**
     * While the two-node race delay runs, asks the victim's fence devices whether it is already
     * powered off. A node its device reports OFF runs nothing, so it counts as fenced at once: a
     * power loss of the lower-nodeid node costs no race delay, while a live peer (a split) still
     * gets the delay in which to fence this node first.
     */
    private void askStatus(TrackedNode t) {
        t.statusAsked = true;
        ClusterConf c = conf;
        FencedSettings s = settings;
        workers.execute(() -> {
            Optional<String> off;
            try {
                off = sequence.provenOff(c, s, t.name);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "fenced: asking the devices of " + t.name + " for its status failed: " + e);
                off = Optional.empty();
            }
            synchronized (this) {
                if (closed || off.isEmpty() || t.fate != Fate.FAILED || t.inFlight) return;
                fenced(t, clock.instant(), "already powered off (" + off.get() + ")");
            }
            announcer.announceFenced(t.name);
            evaluateSoon();
        });
    }

    private void finished(TrackedNode t, SequenceResult r) {
        boolean announce = false;
        synchronized (this) {
            t.inFlight = false;
            if (closed) return;
            if (r.success()) {
                fenced(t, clock.instant(), "fenced by " + selfName + " (" + r.summary() + ")");
                announce = true;
            } else {
                t.failedPasses++;
                Duration wait = backoff.after(t.failedPasses);
                t.retryAt = clock.instant().plus(wait);
                LOG.log(Level.WARNING, "fenced: fence " + t.name + " failed (pass " + t.failedPasses + ": " + r.summary() + "); retrying in "
                        + wait.toMillis() + " ms; what " + t.name + " ran stays blocked until it is fenced");
            }
        }
        if (announce) announcer.announceFenced(t.name);
        evaluateSoon();
    }

    /** Marks {@code t} fenced at {@code at}; when it was a victim, tells the listeners. Caller holds the lock. */
    private void fenced(TrackedNode t, Instant at, String how) {
        t.fencedAt = at;
        if (t.fate == Fate.FAILED || t.fate == Fate.NEVER_SEEN) {
            boolean wasReleased = t.released();
            t.fate = Fate.FENCED;
            t.since = at;
            t.decision = null;
            t.retryAt = null;
            LOG.log(Level.INFO, "fenced: " + t.name + " is fenced: " + how + "; recovery of what it ran may go ahead");
            if (!wasReleased) notifyReleased(t, how);
        }
    }

    /** Tells listeners, on fenced's thread, that {@code t} no longer blocks recovery. Caller holds the lock. */
    private void notifyReleased(TrackedNode t, String how) {
        String name = t.name;
        post(() -> {
            for (Listener l : listeners) {
                try {
                    l.nodeFenced(name, how);
                } catch (RuntimeException e) {
                    LOG.log(Level.ERROR, "fenced: a listener failed on " + name, e);
                }
            }
        });
    }

    /** The other node called {@code name} in cluster.conf. Caller holds the lock. */
    private Optional<TrackedNode> byName(String name) {
        return nodes.values().stream().filter(n -> n.name.equals(name)).findFirst();
    }

    private TrackedNode tracked(String name, int nodeid, String what) {
        TrackedNode t = nodes.get(nodeid);
        if (t == null) {
            LOG.log(Level.WARNING, "fenced: node " + name + " (nodeid " + nodeid + ") " + what + " but it is not in cluster.conf; ignored");
            return null;
        }
        if (!t.name.equals(name))
            LOG.log(Level.WARNING, "fenced: nodeid " + nodeid + " " + what + " as '" + name + "' but cluster.conf calls it " + t.name);
        return t;
    }

    private static Instant earliest(Instant a, Instant b) {
        return a == null || b.isBefore(a) ? b : a;
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** Stops deciding and kills running agents (their pass counts as not done). */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            if (wake != null) wake.cancel(false);
        }
        loop.shutdownNow();
        workers.shutdownNow();
        try {
            workers.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

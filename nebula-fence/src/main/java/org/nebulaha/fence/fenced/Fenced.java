package org.nebulaha.fence.fenced;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.nebulaha.common.Scheduler;
import org.nebulaha.conf.model.ClusterConf;
import org.nebulaha.conf.model.ClusterNode;
import org.nebulaha.fence.agent.AgentRunner;
import org.nebulaha.fence.fenced.FenceDecision.Drop;
import org.nebulaha.fence.fenced.NodeState.Fate;
import org.nebulaha.fence.plan.FenceTracking;
import org.nebulaha.fence.plan.Tracked;

/**
 * fenced as a library hosted by the node daemon. The daemon feeds it membership and quorum events;
 * {@link FenceTracking} (pure) turns each event into the node's new {@link Tracked} record and each
 * decision round into actions ({@link FencePlanner} decides); this class carries them out: runs
 * {@link FenceSequence} passes on worker threads, retries failed passes with back-off (initial,
 * doubling, capped; never giving up), wakes at the time a decision waits for (through the injected
 * {@link Scheduler}, so tests advance a fake clock), and tells listeners when a lost node stops
 * blocking recovery.
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
            return FenceTracking.backoff(initial, max, failedPasses);
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
    /** Wake-ups at a decision's time: the loop's own timer in the daemon, a fake one in tests. */
    private final Scheduler timers;
    private final ExecutorService workers = Executors.newCachedThreadPool(r -> daemon(r, "fenced-agent"));

    // Guarded by this.
    private ClusterConf conf;
    private FencedSettings settings;
    private final Map<Integer, Tracked> nodes = new LinkedHashMap<>();
    /** Nodes an agent runs for now (a pass or a status question). */
    private final Set<String> inFlight = new HashSet<>();
    /** The last decision line logged per node, so a repeated decision is not logged again. */
    private final Map<String, String> logged = new HashMap<>();
    private boolean quorate;
    private Instant quorateSince;
    private Runnable wake;
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
        this(conf, selfName, runner, history, clock, null, backoff, announcer);
    }

    /**
     * As above, with {@code timers} for the wake-ups a decision waits for (race_delay,
     * post_fail_delay, post_join_delay, retries); null: fenced's own thread, on real time.
     */
    public Fenced(ClusterConf conf, String selfName, AgentRunner runner, FenceHistory history, Clock clock, Scheduler timers,
                  Backoff backoff, Announcer announcer) {
        ClusterNode self = conf.node(selfName).orElseThrow(() -> new IllegalArgumentException(
                "fenced: this node '" + selfName + "' is not a clusternode of cluster.conf; check the node name"));
        this.clock = clock;
        this.timers = timers != null ? timers : Scheduler.of(loop);
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
            if (n.nodeid() != selfNodeid) nodes.put(n.nodeid(), Tracked.neverSeen(n.name(), n.nodeid(), now));
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
        Tracked t = tracked(name, nodeid, "joined");
        if (t == null) return;
        apply(FenceTracking.joined(t, incarnation, clock.instant()));
        evaluateSoon();
    }

    /** A node left: {@code cleanLeave} true when it announced its leave (never fenced). */
    public synchronized void memberLost(String name, int nodeid, long incarnation, boolean cleanLeave) {
        if (nodeid == selfNodeid) return;
        Tracked t = tracked(name, nodeid, "lost");
        if (t == null) return;
        apply(FenceTracking.lost(t, incarnation, cleanLeave, clock.instant()));
        evaluateSoon();
    }

    /** Stores a change; logs it when it is worth a line; tells listeners when the node stopped blocking recovery. Caller holds the lock. */
    private void apply(FenceTracking.Change c) {
        nodes.put(c.next().nodeid(), c.next());
        log(c);
        c.released().ifPresent(how -> notifyReleased(c.next(), how));
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
        Map<Integer, Tracked> kept = new LinkedHashMap<>();
        for (ClusterNode n : next.nodes()) {
            if (n.nodeid() == selfNodeid) continue;
            Tracked old = nodes.get(n.nodeid());
            if (old != null && old.name().equals(n.name())) kept.put(n.nodeid(), old);
            else kept.put(n.nodeid(), Tracked.added(n.name(), n.nodeid(), now)); // startup fencing is for nodes configured when the cluster formed
        }
        for (Tracked old : nodes.values())
            if (!kept.containsValue(old) && !old.released())
                LOG.log(Level.WARNING, "fenced: " + old.name() + " was removed from cluster.conf while its fencing was pending; no longer fencing it");
        nodes.clear();
        nodes.putAll(kept);
        conf = next;
        settings = s;
        LOG.log(Level.INFO, "fenced: now using config_version " + next.configVersion());
        evaluateSoon();
    }

    /** Another member reports it fenced {@code node}. */
    public synchronized void peerFenced(String node, String byNode) {
        Tracked t = byName(node).orElse(null);
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
        return byName(node).map(Tracked::released).orElse(false);
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

    private FenceStatus statusOf(Tracked t) {
        return new FenceStatus(t.name(), t.nodeid(), t.member(), t.fate(), t.since(), t.released(),
                t.decision() == null ? "" : t.decision().describe(), t.failedPasses(), inFlight.contains(t.name()));
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
        FenceTracking.Round round = FenceTracking.round(conf, settings, selfNodeid, quorate, quorateSince, List.copyOf(nodes.values()),
                Set.copyOf(inFlight), clock.instant());
        for (Tracked t : round.nodes()) {
            nodes.put(t.nodeid(), t);
            if (t.decision() == null) logged.remove(t.name()); // nothing owed any more: a new decision is logged again
            else log(t, t.decision());
        }
        for (FenceTracking.Action a : round.actions()) {
            if (a instanceof FenceTracking.Release r) byName(r.node()).ifPresent(t -> notifyReleased(t, r.how()));
            else if (a instanceof FenceTracking.AskStatus q) askStatus(q.node());
            else if (a instanceof FenceTracking.StartFence f) start(f);
            else throw new AssertionError(a);
        }
        if (wake != null) wake.run();
        wake = null;
        if (round.wake() != null) {
            Duration d = Duration.between(clock.instant(), round.wake());
            wake = timers.schedule(this::evaluateSoon, d.isNegative() ? Duration.ZERO : d);
        }
    }

    private static void log(FenceTracking.Change c) {
        if (c.level() != FenceTracking.Note.QUIET)
            LOG.log(c.level() == FenceTracking.Note.WARNING ? Level.WARNING : Level.INFO, "fenced: " + c.note());
    }

    private void log(Tracked t, FenceDecision d) {
        String line = d.describe();
        if (line.equals(logged.get(t.name()))) return;
        logged.put(t.name(), line);
        Level level = d.reason() == Reason.NO_FENCE_METHODS ? Level.ERROR
                : d.reason() == Reason.NOT_QUORATE || d.reason() == Reason.SKIP_UNDEFINED ? Level.WARNING : Level.INFO;
        String consequence = d instanceof Drop ? "" : "; what " + t.name() + " ran stays blocked until it is fenced";
        LOG.log(level, "fenced: " + line + " - " + d.reason().text() + consequence);
    }

    private void start(FenceTracking.StartFence f) {
        String name = f.node();
        inFlight.add(name);
        ClusterConf c = conf;
        FencedSettings s = settings;
        LOG.log(Level.INFO, "fenced: fencing " + name + " (" + f.why().reason().rule() + ": " + f.why().detail() + "; pass " + f.pass() + ")");
        workers.execute(() -> {
            SequenceResult r;
            try {
                r = sequence.fence(c, s, name, "fenced");
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "fenced: fencing " + name + " threw; counted as a failed pass", e);
                r = new SequenceResult(name, false, "internal error: " + e, List.of());
            }
            finished(name, r);
        });
    }

    /**
     * While the two-node race delay runs, asks the victim's fence devices whether it is already
     * powered off. A node its device reports OFF runs nothing, so it counts as fenced at once: a
     * power loss of the lower-nodeid node costs no race delay, while a live peer (a split) still
     * gets the delay in which to fence this node first.
     */
    private void askStatus(String name) {
        ClusterConf c = conf;
        FencedSettings s = settings;
        workers.execute(() -> {
            Optional<String> off;
            try {
                off = sequence.provenOff(c, s, name);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "fenced: asking the devices of " + name + " for its status failed: " + e);
                off = Optional.empty();
            }
            synchronized (this) {
                Tracked t = byName(name).orElse(null);
                if (closed || off.isEmpty() || t == null || t.fate() != Fate.FAILED || inFlight.contains(name)) return;
                fenced(t, clock.instant(), "already powered off (" + off.get() + ")");
            }
            announcer.announceFenced(name);
            evaluateSoon();
        });
    }

    private void finished(String name, SequenceResult r) {
        boolean announce = false;
        synchronized (this) {
            inFlight.remove(name);
            if (closed) return;
            Tracked t = byName(name).orElse(null);
            if (t == null) return; // removed from cluster.conf meanwhile
            if (r.success()) {
                fenced(t, clock.instant(), "fenced by " + selfName + " (" + r.summary() + ")");
                announce = true;
            } else {
                Tracked n = FenceTracking.passFailed(t, clock.instant(), backoff.initial(), backoff.max());
                nodes.put(n.nodeid(), n);
                LOG.log(Level.WARNING, "fenced: fence " + name + " failed (pass " + n.failedPasses() + ": " + r.summary() + "); retrying in "
                        + Duration.between(clock.instant(), n.retryAt()).toMillis() + " ms; what " + name + " ran stays blocked until it is fenced");
            }
        }
        if (announce) announcer.announceFenced(name);
        evaluateSoon();
    }

    /** Marks {@code t} fenced at {@code at}; when it was a victim, tells the listeners. Caller holds the lock. */
    private void fenced(Tracked t, Instant at, String how) {
        FenceTracking.Change c = FenceTracking.fenced(t, at, how);
        nodes.put(t.nodeid(), c.next());
        log(c);
        c.released().ifPresent(h -> notifyReleased(c.next(), h));
    }

    /** Tells listeners, on fenced's thread, that {@code t} no longer blocks recovery. Caller holds the lock. */
    private void notifyReleased(Tracked t, String how) {
        String name = t.name();
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
    private Optional<Tracked> byName(String name) {
        return nodes.values().stream().filter(n -> n.name().equals(name)).findFirst();
    }

    private Tracked tracked(String name, int nodeid, String what) {
        Tracked t = nodes.get(nodeid);
        if (t == null) {
            LOG.log(Level.WARNING, "fenced: node " + name + " (nodeid " + nodeid + ") " + what + " but it is not in cluster.conf; ignored");
            return null;
        }
        if (!t.name().equals(name))
            LOG.log(Level.WARNING, "fenced: nodeid " + nodeid + " " + what + " as '" + name + "' but cluster.conf calls it " + t.name());
        return t;
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
            if (wake != null) wake.run();
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

package org.nebulaha.node.daemon;

import java.time.Clock;
import org.nebulaha.common.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;
import org.nebulaha.membership.conf.ClusterSettings;
import org.nebulaha.membership.jgroups.MemberChange;
import org.nebulaha.membership.jgroups.Membership;
import org.nebulaha.membership.jgroups.MembershipListener;
import org.nebulaha.membership.jgroups.MembershipSnapshot;
import org.nebulaha.membership.model.MemberInfo;
import org.nebulaha.membership.quorum.Quorum;
import org.nebulaha.membership.quorum.QuorumDecision;
import org.nebulaha.membership.quorum.QuorumHistory;
import org.nebulaha.membership.quorum.WitnessInput;
import org.nebulaha.membership.witness.WitnessClient;

/**
 * This node's view of the cluster: the membership as JGroups and the announcements give it, the
 * quorum decided from it ({@link Quorum#decide}) and the last known facts of nodes that are gone.
 * Every change is published as {@link ClusterEvents} in the order it happened.
 *
 * <p>With a quorum witness ({@code <quorumd>}, {@link WitnessLink}), a membership change that loses
 * members takes effect once the witness has answered for the new member set (at most its timeout
 * later): until then the node acts on the previous membership. Otherwise each side of a split would
 * first see itself inquorate (its vote was for the old member set), and the side that keeps the
 * service would stop it for nothing.
 */
public final class ClusterState implements MembershipListener {
    private static final System.Logger LOG = System.getLogger("quorum");
    private static final System.Logger MEMBERS = System.getLogger("membership");

    private final EventDispatcher events;
    private final Clock clock;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "quorum-timer");
        t.setDaemon(true);
        return t;
    });
    private volatile BiConsumer<MemberInfo, byte[]> configMessages = (f, b) -> {};
    private volatile ClusterMessaging messaging;

    private ClusterSettings settings;
    private Membership membership;
    private MemberInfo self;
    private MembershipSnapshot snapshot;
    private QuorumHistory quorumHistory;
    private QuorumDecision decision;
    private final Map<Integer, MemberInfo> lastKnown = new TreeMap<>();
    private final java.util.Set<String> versionWarnings = new java.util.HashSet<>();
    private volatile WitnessClient witness;
    private java.util.function.Consumer<ClusterSettings> onApply;
    private MembershipSnapshot pendingSnapshot;
    private final List<MemberChange> pendingChanges = new java.util.ArrayList<>();
    /** Cancels the wait for the witness's answer to a losing change (see {@link #flushPending}). */
    private Runnable pendingDeadline;
    /** Later checks (last_man_standing's window, config_version warnings, the witness's answer): the quorum-timer thread, or a test's fake. */
    private final Scheduler timers;
    private Runnable lmsCheck;
    private final java.util.ArrayDeque<String> history = new java.util.ArrayDeque<>();
    private static final int HISTORY = 200;

    public ClusterState(ClusterSettings settings, MemberInfo self, EventDispatcher events, Clock clock) {
        this(settings, self, events, clock, null);
    }

    /** With {@code timers} for what waits (null: the quorum-timer thread on real time). */
    public ClusterState(ClusterSettings settings, MemberInfo self, EventDispatcher events, Clock clock, Scheduler timers) {
        this.timers = timers != null ? timers : Scheduler.of(timer);
        this.settings = settings;
        this.self = self;
        this.events = events;
        this.clock = clock;
        this.quorumHistory = QuorumHistory.initial(clock.instant());
        this.snapshot = new MembershipSnapshot(0, List.of(), 0, Map.of());
    }

    synchronized void attach(Membership m) {
        this.membership = m;
    }

    void onOtherMessages(ClusterMessaging m) {
        this.messaging = m;
    }

    void onConfigMessage(BiConsumer<MemberInfo, byte[]> handler) {
        this.configMessages = handler;
    }

    /** Called with every configuration applied by a reload (before quorum is decided with it). */
    synchronized void onApply(java.util.function.Consumer<ClusterSettings> hook) {
        onApply = hook;
    }

    /** Uses {@code w} (null: none) for quorum from now on; {@link WitnessLink} calls this. */
    synchronized void useWitness(WitnessClient w) {
        witness = w;
        if (w == null && pendingSnapshot != null) flushPending();
        else if (decision != null) recompute(); // before the first membership there is nothing to decide yet
    }

    /** The member ids the witness is told: the newest membership, even while its change waits for the witness. */
    synchronized Set<Integer> latestMemberIds() {
        return ids(pendingSnapshot != null ? pendingSnapshot : snapshot);
    }

    private Set<Integer> ids(MembershipSnapshot snap) {
        Set<Integer> ids = snap.members().stream().map(MemberInfo::nodeid).collect(Collectors.toSet());
        return ids.isEmpty() ? Set.of(self.nodeid()) : ids;
    }

    /** The witness's answer changed (called on the witness client's threads). */
    void witnessChanged() {
        WitnessClient w = witness;
        synchronized (this) {
            if (pendingSnapshot != null) {
                if (w == null || w.answered(ids(pendingSnapshot))) flushPending();
                return;
            }
            if (decision != null) recompute();
        }
    }

    /** Applies a membership change that waited for the witness (its answer came, or its timeout passed). */
    private synchronized void flushPending() {
        if (pendingSnapshot == null) return;
        if (pendingDeadline != null) pendingDeadline.run();
        pendingDeadline = null;
        MembershipSnapshot snap = pendingSnapshot;
        List<MemberChange> changes = List.copyOf(pendingChanges);
        pendingSnapshot = null;
        pendingChanges.clear();
        applyMembership(snap, changes);
    }

    @Override
    public synchronized void membershipChanged(MembershipSnapshot snap, List<MemberChange> changes) {
        WitnessClient w = witness;
        boolean loss = changes.stream().anyMatch(c -> !c.joined());
        if (w != null && (pendingSnapshot != null || (loss && w.reachable()))) {
            pendingSnapshot = snap;
            pendingChanges.addAll(changes);
            if (pendingDeadline == null)
                pendingDeadline = timers.schedule(this::flushPending, w.settings().timeout());
            MEMBERS.log(System.Logger.Level.INFO, "membership " + ids(snap) + " (generation " + snap.generation()
                    + "): waiting for the quorum witness's answer before acting on it");
            timer.execute(w::membersChanged);
            return;
        }
        applyMembership(snap, changes);
        if (w != null) timer.execute(w::membersChanged);
    }

    private void applyMembership(MembershipSnapshot snap, List<MemberChange> changes) {
        snapshot = snap;
        for (MemberChange c : changes) {
            MemberInfo m = c.member();
            lastKnown.put(m.nodeid(), m);
            if (c.joined()) {
                MEMBERS.log(System.Logger.Level.INFO, m.name() + " (nodeid " + m.nodeid() + ", incarnation "
                        + m.incarnation() + ") joined; generation " + snap.generation());
                record("joined " + m.name() + " " + m.nodeid() + " " + m.incarnation());
                events.publish("memberJoined " + m.name(), l -> l.memberJoined(m));
            } else {
                MEMBERS.log(System.Logger.Level.INFO, m.name() + " (nodeid " + m.nodeid() + ") lost: "
                        + (c.loss() == org.nebulaha.membership.model.LossKind.CLEAN_LEAVE ? "clean leave" : "FAILED (no clean leave; fencing decides)")
                        + "; generation " + snap.generation());
                record((c.loss() == org.nebulaha.membership.model.LossKind.CLEAN_LEAVE ? "left " : "failed ") + m.name() + " " + m.nodeid() + " " + m.incarnation());
                events.publish("memberLost " + m.name(), l -> l.memberLost(m, c.loss()));
            }
        }
        warnAboutOtherConfigVersions(snap);
        recompute();
    }

    /**
     * cman refused members with another config_version; we keep them but say what to do, once per
     * node and version, if the difference is still there 5 s later (a reload in progress is not news).
     */
    private void warnAboutOtherConfigVersions(MembershipSnapshot snap) {
        int ours = settings.configVersion();
        if (snap.members().stream().allMatch(m -> m.configVersion() == ours)) return;
        timers.schedule(() -> {
            synchronized (this) {
                int now = settings.configVersion();
                for (MemberInfo m : snapshot.members()) {
                    if (m.configVersion() == now || m.nodeid() == self.nodeid()) continue;
                    if (versionWarnings.add(m.name() + "/" + m.configVersion() + "/" + now))
                        MEMBERS.log(System.Logger.Level.WARNING, m.name() + " runs config_version " + m.configVersion() + ", this node runs "
                                + now + "; put the newest cluster.conf on every node (ccs --sync) and activate it (cman_tool version -r)");
                }
            }
        }, Duration.ofSeconds(5));
    }

    @Override
    public void messageReceived(MemberInfo from, String topic, byte[] body) {
        if (ConfigReload.TOPIC.equals(topic)) configMessages.accept(from, body);
        else if (messaging != null) messaging.deliver(from, topic, body);
    }

    /** Re-decides quorum from the current membership; publishes a change when the outcome differs. */
    synchronized void recompute() {
        Set<Integer> ids = snapshot.members().stream().map(MemberInfo::nodeid).collect(Collectors.toSet());
        if (ids.isEmpty()) ids = Set.of(self.nodeid());
        boolean peerPastWaitForAll = snapshot.members().stream().anyMatch(m -> m.nodeid() != self.nodeid() && m.waitForAllSatisfied());
        Instant now = clock.instant();
        QuorumDecision d = Quorum.decide(settings.quorum(), ids, peerPastWaitForAll, quorumHistory, now, witnessInput(ids));
        quorumHistory = d.next();
        QuorumDecision prev = decision;
        decision = d;
        if (prev == null || !d.sameOutcome(prev)) {
            String what = prev == null ? "" : prev.quorate() != d.quorate() ? (d.quorate() ? "regained, " : "LOST, activity blocked, ") : "";
            LOG.log(d.quorate() || prev == null ? System.Logger.Level.INFO : System.Logger.Level.WARNING, what + d.reason());
            record((d.quorate() ? "quorate " : "inquorate ") + d.totalVotes() + " " + d.expectedVotes() + " " + d.quorum());
            events.publish("quorumChanged", l -> l.quorumChanged(d));
        }
        if (d.next().waitForAllSatisfied() && !self.waitForAllSatisfied()) {
            self = self.withWaitForAllSatisfied(true);
            announceSelf();
        }
        scheduleLastManStandingCheck(d, now);
    }

    private void scheduleLastManStandingCheck(QuorumDecision d, Instant now) {
        if (lmsCheck != null) lmsCheck.run();
        lmsCheck = null;
        if (!settings.quorum().lastManStanding() || !d.quorate() || d.totalVotes() >= d.expectedVotes()) return;
        Duration left = Duration.between(now, d.next().membersSince().plus(settings.quorum().lastManStandingWindow()));
        lmsCheck = timers.schedule(this::recompute, left.isNegative() ? Duration.ZERO : left);
    }

    /** Switches to a reloaded configuration and re-decides quorum with it. */
    synchronized void apply(ClusterSettings next) {
        settings = next;
        if (onApply != null) onApply.accept(next);
        self = self.withConfigVersion(next.configVersion());
        announceSelf();
        recompute();
    }

    /**
     * Tells the other members what we now announce. On the timer thread, never under our lock
     * (Membership calls into us while holding its own), and always with the latest value, so two
     * changes in a row cannot arrive in the wrong order.
     */
    private void announceSelf() {
        Membership m = membership;
        if (m != null) timer.execute(() -> m.updateSelf(self()));
    }

    public synchronized ClusterSettings settings() {
        return settings;
    }

    public synchronized MemberInfo self() {
        return self;
    }

    public synchronized MembershipSnapshot snapshot() {
        return snapshot;
    }

    /**
     * The quorum decision in force; before the node has joined (no decision yet) what it would be
     * now, without publishing anything. Modules should assume "inquorate" until their first
     * {@link ClusterEvents#quorumChanged}.
     */
    public synchronized QuorumDecision quorum() {
        if (decision != null) return decision;
        return Quorum.decide(settings.quorum(), Set.of(self.nodeid()), false, quorumHistory, clock.instant(),
                witnessInput(Set.of(self.nodeid())));
    }

    private WitnessInput witnessInput(Set<Integer> ids) {
        WitnessClient w = witness;
        return w == null ? WitnessInput.NONE : w.input(ids);
    }

    /** The witness client in use (null without {@code <quorumd>}). */
    public WitnessClient witness() {
        return witness;
    }

    public synchronized boolean isQuorate() {
        return decision != null && decision.quorate();
    }

    /** Last known facts of every node ever seen, by nodeid (members and lost ones). */
    public synchronized Map<Integer, MemberInfo> lastKnown() {
        return Map.copyOf(lastKnown);
    }

    private void record(String event) {
        history.addLast(clock.millis() + " " + event);
        while (history.size() > HISTORY) history.removeFirst();
    }

    /**
     * The last {@value #HISTORY} membership and quorum events, oldest first, one per line:
     * {@code epoch-ms joined|left|failed NAME NODEID INCARNATION} or {@code epoch-ms quorate|inquorate VOTES EXPECTED QUORUM}.
     * "left" is a clean leave, "failed" anything else.
     */
    public synchronized List<String> history() {
        return List.copyOf(history);
    }

    void shutdown() {
        timer.shutdownNow();
    }
}

package org.nebulaha.fence.plan;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.nebulaha.conf.model.ClusterConf;
import org.nebulaha.fence.fenced.FenceDecision;
import org.nebulaha.fence.fenced.FencePlanner;
import org.nebulaha.fence.fenced.FenceView;
import org.nebulaha.fence.fenced.FencedSettings;
import org.nebulaha.fence.fenced.NodeState.Fate;
import org.nebulaha.fence.fenced.Reason;

/**
 * fenced's tracking of each node as pure functions: an event and the old {@link Tracked} give the
 * new one (and whether the node stopped blocking recovery); a decision round gives what to start.
 *
 * <p>Events:
 * <ul>
 * <li>{@link #joined}: a failed node back with a newer incarnation restarted, so it runs nothing
 *     ({@code rejoined}, released); back with the same incarnation is a healed partition: still
 *     failed, it may have acted alone; otherwise active;</li>
 * <li>{@link #lost}: a clean leave is never fenced (released); a failure after a fence newer than
 *     its last join is that fence's doing: fenced; otherwise failed, with a fresh attempt count;</li>
 * <li>{@link #fenced}: by us, another member, by hand, or proven off: a victim becomes fenced (released);</li>
 * <li>{@link #passFailed}: retry after {@link #backoff} (initial, doubling, capped; never giving up).</li>
 * </ul>
 * A round ({@link #round}) asks {@link FencePlanner} and then, per decision: a fence starts unless
 * one runs for that node or its back-off is not over (then it wakes at the retry time); a race-delay
 * wait first asks the devices once whether the node is already off; a drop of a victim releases it;
 * the round wakes at the earliest wait. Cases: src/test/cases/fence-tracking.
 */
public final class FenceTracking {
    private FenceTracking() {}

    /** How much a change is worth in the log: nothing, an INFO line, or a WARNING an operator may act on. */
    public enum Note { QUIET, INFO, WARNING }

    /** The new record, how it stopped blocking recovery (empty: it did not, or it was not blocking), and what to log. */
    public record Change(Tracked next, Optional<String> released, Note level, String note) {}

    /** What a round does. */
    public sealed interface Action permits StartFence, AskStatus, Release {}

    /** Run a pass over the node's fence methods now. */
    public record StartFence(String node, FenceDecision why, int pass) implements Action {}

    /** Ask the node's devices whether it is already powered off (during the race delay). */
    public record AskStatus(String node) implements Action {}

    /** The node no longer blocks recovery (a rule dropped it). */
    public record Release(String node, String how) implements Action {}

    /** The nodes with their decisions, the actions, and when to decide again (null: on the next event). */
    public record Round(List<Tracked> nodes, List<Action> actions, Instant wake) {
        public Round {
            nodes = List.copyOf(nodes);
            actions = List.copyOf(actions);
        }
    }

    public static Change joined(Tracked t, long incarnation, Instant now) {
        Tracked n;
        Optional<String> released = Optional.empty();
        String note;
        if (t.fate() == Fate.FAILED && t.incarnation() >= 0 && incarnation > t.incarnation()) {
            n = t.with(true, Fate.REJOINED, now);
            released = Optional.of("rejoined after a restart");
            note = t.name() + " rejoined with incarnation " + incarnation + " (was " + t.incarnation() + " when it failed): it restarted, so no fencing is needed";
        } else if (t.fate() == Fate.FAILED) {
            n = t.with(true, Fate.FAILED, t.since());
            note = t.name() + " is back with the same incarnation " + incarnation + " (a healed partition, not a restart); it is still fenced because it may have acted alone";
        } else {
            n = t.with(true, Fate.ACTIVE, now);
            note = t.name() + " joined";
        }
        Note level = released.isPresent() ? Note.INFO : n.fate() == Fate.FAILED ? Note.WARNING : Note.QUIET;
        return new Change(n.withSeen(incarnation, now), released, level, note);
    }

    public static Change lost(Tracked t, long incarnation, boolean cleanLeave, Instant now) {
        Tracked base = t.withSeen(incarnation, t.joinedAt());
        if (cleanLeave) {
            boolean wasVictim = !t.released();
            Tracked n = base.with(false, Fate.LEFT_CLEANLY, now).withDecision(null);
            return new Change(n, wasVictim ? Optional.of("left cleanly") : Optional.empty(), Note.QUIET, t.name() + " left cleanly");
        }
        if (t.fencedAt() != null && t.joinedAt() != null && t.fencedAt().isAfter(t.joinedAt()))
            return new Change(base.with(false, Fate.FENCED, t.fencedAt()), Optional.empty(), Note.INFO,
                    t.name() + " failed after it was fenced at " + t.fencedAt() + "; counted as fenced");
        if (t.fate() == Fate.FAILED) return new Change(base.with(false, Fate.FAILED, t.since()), Optional.empty(), Note.QUIET, t.name() + " lost again");
        return new Change(base.with(false, Fate.FAILED, now).withAttempts(0, null, false).withDecision(null), Optional.empty(), Note.QUIET,
                t.name() + " failed");
    }

    public static Change fenced(Tracked t, Instant at, String how) {
        Tracked n = t.withFencedAt(at);
        if (t.fate() != Fate.FAILED && t.fate() != Fate.NEVER_SEEN) return new Change(n, Optional.empty(), Note.QUIET, t.name() + " fenced (" + how + ")");
        boolean wasReleased = t.released();
        n = n.with(t.member(), Fate.FENCED, at).withAttempts(t.failedPasses(), null, t.statusAsked()).withDecision(null);
        return new Change(n, wasReleased ? Optional.empty() : Optional.of(how), Note.INFO,
                t.name() + " is fenced: " + how + "; recovery of what it ran may go ahead");
    }

    public static Tracked passFailed(Tracked t, Instant now, Duration initial, Duration max) {
        int passes = t.failedPasses() + 1;
        return t.withAttempts(passes, now.plus(backoff(initial, max, passes)), t.statusAsked());
    }

    /** The wait after the {@code failedPasses}-th failed pass: initial, doubling, never above max. */
    public static Duration backoff(Duration initial, Duration max, int failedPasses) {
        Duration d = initial;
        for (int i = 1; i < failedPasses && d.compareTo(max) < 0; i++) d = d.multipliedBy(2);
        return d.compareTo(max) > 0 ? max : d;
    }

    /**
     * One decision round. {@code inFlight}: nodes an agent runs for now (no second pass, no status
     * question). The returned nodes carry their decision ({@code null} when nothing is owed).
     */
    public static Round round(ClusterConf conf, FencedSettings settings, int selfNodeid, boolean quorate, Instant quorateSince,
                              List<Tracked> nodes, Set<String> inFlight, Instant now) {
        List<FenceDecision> decisions = FencePlanner.decide(conf, settings,
                new FenceView(selfNodeid, quorate, quorateSince, nodes.stream().map(Tracked::state).toList()), now);
        List<Tracked> out = new ArrayList<>();
        List<Action> actions = new ArrayList<>();
        Instant wake = null;
        for (Tracked t : nodes) {
            FenceDecision d = decisions.stream().filter(x -> x.node().equals(t.name())).findFirst().orElse(null);
            boolean wasReleased = t.released();
            Tracked n = t.withDecision(d);
            if (d instanceof FenceDecision.Drop && !wasReleased) actions.add(new Release(t.name(), d.reason().rule()));
            if (d instanceof FenceDecision.Wait w) {
                wake = earliest(wake, w.until());
                if (w.reason() == Reason.RACE_DELAY && !t.statusAsked() && !inFlight.contains(t.name())) {
                    actions.add(new AskStatus(t.name()));
                    n = n.withAttempts(n.failedPasses(), n.retryAt(), true);
                }
            }
            if (d instanceof FenceDecision.Fence && !inFlight.contains(t.name())) {
                if (t.retryAt() != null && now.isBefore(t.retryAt())) wake = earliest(wake, t.retryAt());
                else actions.add(new StartFence(t.name(), d, t.failedPasses() + 1));
            }
            out.add(n);
        }
        return new Round(out, actions, wake);
    }

    private static Instant earliest(Instant a, Instant b) {
        return a == null || b.isBefore(a) ? b : a;
    }
}

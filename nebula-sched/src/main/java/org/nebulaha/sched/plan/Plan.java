package org.nebulaha.sched.plan;

import java.util.List;

/**
 * The result of one scheduling pass: what to dispatch, which VMs fit nowhere (with the
 * SCHED_MESSAGE to give them) and which were put off to a later pass by a limit.
 */
public record Plan(List<Dispatch> dispatches, List<Refusal> refusals, List<Deferral> deferrals) {
    public Plan {
        dispatches = List.copyOf(dispatches);
        refusals = List.copyOf(refusals);
        deferrals = List.copyOf(deferrals);
    }

    /** Deploy (or, for a rescheduled VM, migrate) {@code vmId} to {@code hostId}; {@code why} says how the host won. */
    public record Dispatch(int vmId, int hostId, String hostName, boolean migrate, double rank, String why) {}

    /** {@code vmId} fits no host; {@code message} is its SCHED_MESSAGE. */
    public record Refusal(int vmId, String message) {}

    /** {@code vmId} fits, but a per-pass limit (MAX_DISPATCH, MAX_HOST) put it off. */
    public record Deferral(int vmId, String why) {}
}

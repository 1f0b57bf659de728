package org.nebulaha.sunstone.model;

import java.util.List;
import org.nebulaha.oned.model.LcmState;
import org.nebulaha.oned.model.VmState;

/**
 * A VM as Sunstone shows it (from {@code one.vmpool.info} / {@code one.vm.info}); {@code schedMessage}
 * is the SCHED_MESSAGE mm_sched wrote into its USER_TEMPLATE, null when there is none.
 */
public record VmRow(int id, String name, String owner, int state, int lcm, String host, String cpu, long memoryMb,
                    String deployId, String pendingOperation, long stime, List<HistoryRow> history, String schedMessage) {
    public VmRow {
        history = List.copyOf(history);
    }

    public VmRow(int id, String name, String owner, int state, int lcm, String host, String cpu, long memoryMb,
                 String deployId, String pendingOperation, long stime, List<HistoryRow> history) {
        this(id, name, owner, state, lcm, host, cpu, memoryMb, deployId, pendingOperation, stime, history, null);
    }

    /** One HISTORY record: where the VM ran and when. */
    public record HistoryRow(int seq, String host, long stime, long etime, int reason) {}

    /** onevm list's STAT: the LCM short name while ACTIVE, else the VM short name. */
    public String shortState() {
        if (state == VmState.ACTIVE.code) return lcmState() == null ? "actv" : lcmState().shortName;
        try {
            return VmState.of(state).shortName;
        } catch (IllegalArgumentException e) {
            return "?" + state;
        }
    }

    /** The full state name, e.g. {@code ACTIVE/PROLOG} or {@code PENDING}. */
    public String longState() {
        String vm;
        try {
            vm = VmState.of(state).name();
        } catch (IllegalArgumentException e) {
            vm = "STATE " + state;
        }
        if (state != VmState.ACTIVE.code) return vm;
        return vm + "/" + (lcmState() == null ? "LCM " + lcm : lcmState().name());
    }

    public LcmState lcmState() {
        try {
            return LcmState.of(lcm);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** ACTIVE and waiting for a driver operation (the HA guide's transient states, and the *_FAILURE ones). */
    public boolean isStuckCandidate() {
        return state == VmState.ACTIVE.code && lcm != LcmState.RUNNING.code && lcm != LcmState.LCM_INIT.code;
    }
}

package org.nebulaha.oned.recover;

import static org.nebulaha.oned.model.LcmState.*;

import java.util.Optional;
import org.nebulaha.oned.lifecycle.Transitions;
import org.nebulaha.oned.lifecycle.Transitions.Effect;
import org.nebulaha.oned.lifecycle.Transitions.Step;
import org.nebulaha.oned.model.DriverOp;
import org.nebulaha.oned.model.LcmState;
import org.nebulaha.oned.model.VmState;

/**
 * {@code one.vm.recover} as a pure function of the VM's state and the operation (spec section 2):
 * 0 failure, 1 success, 2 retry, 3 delete, 4 delete-recreate, 5 delete-db. The 4.2 boolean form
 * maps true to 1 and false to 0.
 *
 * <p>Rules kept from 4.2: success/failure/retry only for ACTIVE VMs; UNKNOWN goes to RUNNING
 * whatever the flag; HOTPLUG_SNAPSHOT always fails the snapshot; FAILURE (14) always ends in
 * FAILED; LCM_INIT and RUNNING are no-ops. From 4.14+: a {@code *_FAILURE} state recovers like
 * its base state on success, and stays where it is on failure. Deliberate deviation: for a
 * HOTPLUG, success/failure complete the operation in flight (attach or detach), where 4.2
 * always used the attach events.
 */
public final class RecoverPlan {
    public static final int FAILURE_OP = 0, SUCCESS_OP = 1, RETRY_OP = 2, DELETE_OP = 3, RECREATE_OP = 4, DELETE_DB_OP = 5;

    private RecoverPlan() {}

    /** The outcome: a step to apply, "nothing to do", or a refusal with OpenNebula's message. */
    public record Outcome(Step step, boolean noop, String refusal) {
        static Outcome of(Step s) {
            return new Outcome(s, false, null);
        }

        static Outcome refuse(String why) {
            return new Outcome(null, false, why);
        }

        static final Outcome NOOP = new Outcome(null, true, null);
    }

    public static String opName(int op) {
        switch (op) {
            case FAILURE_OP: return "failure";
            case SUCCESS_OP: return "success";
            case RETRY_OP: return "retry";
            case DELETE_OP: return "delete";
            case RECREATE_OP: return "delete-recreate";
            case DELETE_DB_OP: return "delete-db";
            default: return "op " + op;
        }
    }

    public static Outcome decide(VmState state, LcmState lcm, int op, boolean legacyFailed, DriverOp lastOp) {
        return decide(state, lcm, op, legacyFailed, lastOp, false);
    }

    /**
     * As above; {@code snapshotFlag} makes HOTPLUG_SNAPSHOT honour success/failure as 6.x does
     * (automatic recovery uses it, because there the record proves the snapshot exists).
     */
    public static Outcome decide(VmState state, LcmState lcm, int op, boolean legacyFailed, DriverOp lastOp, boolean snapshotFlag) {
        switch (op) {
            case DELETE_OP: case DELETE_DB_OP:
                if (state == VmState.DONE) return Outcome.refuse("Wrong state to perform action");
                return Outcome.of(Step.to(VmState.DONE, Effect.RELEASE_HOST, "recover " + opName(op)));
            case RECREATE_OP:
                if (state == VmState.DONE) return Outcome.refuse("Wrong state to perform action");
                return Outcome.of(Step.to(VmState.PENDING, Effect.RELEASE_HOST, "recover delete-recreate"));
            case SUCCESS_OP: case FAILURE_OP: case RETRY_OP:
                break;
            default:
                return Outcome.refuse("Unknown recover operation " + op + "; use 0 failure, 1 success, 2 retry, 3 delete, 4 delete-recreate, 5 delete-db");
        }
        if (state != VmState.ACTIVE) return Outcome.refuse("Wrong state to perform action");
        if (op == RETRY_OP) {
            Optional<Step> r = Transitions.retry(lcm, lastOp);
            return r.map(Outcome::of).orElseGet(() -> Outcome.refuse("Wrong state to perform action: nothing to retry in " + lcm));
        }
        boolean success = op == SUCCESS_OP;
        if (lcm == LCM_INIT || lcm == RUNNING) return Outcome.NOOP;
        if (lcm == UNKNOWN) return Outcome.of(new Step(VmState.ACTIVE, RUNNING, null, Effect.NONE, "recovered from UNKNOWN"));
        if (lcm == FAILURE) return Outcome.of(Step.to(VmState.FAILED, Effect.RELEASE_HOST, "recovered from FAILURE"));
        if (lcm == HOTPLUG_SNAPSHOT && !snapshotFlag)
            return Outcome.of(Transitions.failure(HOTPLUG_SNAPSHOT, legacyFailed).orElseThrow()); // 4.2: recover always fails a snapshot
        if (lcm.isFailure()) {
            if (!success) return Outcome.NOOP;
            return Transitions.success(lcm.base()).map(Outcome::of).orElse(Outcome.NOOP);
        }
        Optional<Step> s = success ? Transitions.success(lcm) : Transitions.failure(lcm, legacyFailed);
        return s.map(Outcome::of).orElse(Outcome.NOOP);
    }
}

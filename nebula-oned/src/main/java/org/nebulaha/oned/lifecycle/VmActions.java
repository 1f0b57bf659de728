package org.nebulaha.oned.lifecycle;

import static org.nebulaha.oned.model.LcmState.*;

import java.util.Map;
import java.util.Optional;
import org.nebulaha.oned.lifecycle.Transitions.Effect;
import org.nebulaha.oned.lifecycle.Transitions.Step;
import org.nebulaha.oned.model.DriverOp;
import org.nebulaha.oned.model.LcmState;
import org.nebulaha.oned.model.VmState;

/**
 * {@code one.vm.action} as a pure function: the step an action name causes in a given state, or
 * empty when the state does not allow it ("Wrong state to perform action"). Accepts the 4.2
 * names, the 3.8 aliases and the 5.x names (terminate, terminate-hard).
 */
public final class VmActions {
    private VmActions() {}

    /** Maps aliases to the 4.2 action name. */
    private static final Map<String, String> ALIASES = Map.of(
            "cancel", "shutdown-hard", "restart", "boot", "finalize", "delete", "resubmit", "delete-recreate",
            "reset", "reboot-hard", "terminate", "shutdown", "terminate-hard", "shutdown-hard");

    private static final java.util.Set<String> KNOWN = java.util.Set.of(
            "shutdown", "shutdown-hard", "hold", "release", "stop", "suspend", "resume", "boot", "delete",
            "delete-recreate", "reboot", "reboot-hard", "resched", "unresched", "poweroff", "poweroff-hard",
            "undeploy", "undeploy-hard");

    /** The 4.2 name of {@code action}, or null when the action is unknown. */
    public static String canonical(String action) {
        String a = ALIASES.getOrDefault(action, action);
        return KNOWN.contains(a) ? a : null;
    }

    /**
     * The step for canonical {@code action}. A step with a null op and an unchanged state means
     * "flag change only" (resched); reboot keeps RUNNING and fires its operation.
     */
    public static Optional<Step> plan(String action, VmState state, LcmState lcm) {
        boolean running = state == VmState.ACTIVE && lcm == RUNNING;
        switch (action) {
            case "shutdown":
                if (running) return active(SHUTDOWN, DriverOp.VMM_SHUTDOWN, "shutdown requested");
                // 5.x terminate of a VM that never ran just ends it.
                if (state == VmState.PENDING || state == VmState.HOLD || state == VmState.FAILED)
                    return Optional.of(Step.to(VmState.DONE, Effect.RELEASE_HOST, "terminated before running"));
                return Optional.empty();
            case "shutdown-hard":
                return running ? active(CANCEL, DriverOp.VMM_CANCEL, "hard shutdown requested") : Optional.empty();
            case "hold":
                return state == VmState.PENDING ? Optional.of(Step.to(VmState.HOLD, Effect.NONE, "held")) : Optional.empty();
            case "release":
                return state == VmState.HOLD ? Optional.of(Step.to(VmState.PENDING, Effect.NONE, "released")) : Optional.empty();
            case "stop":
                return running ? active(SAVE_STOP, DriverOp.VMM_SAVE, "stop requested") : Optional.empty();
            case "suspend":
                return running ? active(SAVE_SUSPEND, DriverOp.VMM_SAVE, "suspend requested") : Optional.empty();
            case "resume":
                if (state == VmState.STOPPED || state == VmState.UNDEPLOYED)
                    return Optional.of(Step.to(VmState.PENDING, Effect.NONE, "resumed, waiting to be deployed"));
                if (state == VmState.SUSPENDED) return active(BOOT_SUSPENDED, DriverOp.VMM_RESTORE, "resume requested");
                if (state == VmState.POWEROFF) return active(BOOT_POWEROFF, DriverOp.VMM_DEPLOY, "resume requested");
                return Optional.empty();
            case "boot":
                if (state == VmState.POWEROFF) return active(BOOT_POWEROFF, DriverOp.VMM_DEPLOY, "boot requested");
                if (state != VmState.ACTIVE) return Optional.empty();
                if (lcm == UNKNOWN) return active(BOOT_UNKNOWN, DriverOp.VMM_DEPLOY, "boot requested");
                if (lcm.shortName.equals("boot") && !lcm.isFailure())
                    return Transitions.retry(lcm, null);
                return Optional.empty();
            case "delete":
                if (state == VmState.DONE) return Optional.empty();
                return Optional.of(Step.to(VmState.DONE, Effect.RELEASE_HOST, "deleted"));
            case "delete-recreate":
                if (state == VmState.ACTIVE) return active(CLEANUP_RESUBMIT, DriverOp.TM_EPILOG_DELETE, "recreate requested");
                if (state == VmState.FAILED || state == VmState.HOLD || state == VmState.STOPPED || state == VmState.UNDEPLOYED)
                    return Optional.of(Step.to(VmState.PENDING, Effect.RELEASE_HOST, "recreated"));
                return Optional.empty();
            case "reboot":
                return running ? active(RUNNING, DriverOp.VMM_REBOOT, "reboot requested") : Optional.empty();
            case "reboot-hard":
                return running ? active(RUNNING, DriverOp.VMM_RESET, "reset requested") : Optional.empty();
            case "resched": case "unresched":
                return running ? active(RUNNING, null, action) : Optional.empty();
            case "poweroff":
                return running ? active(SHUTDOWN_POWEROFF, DriverOp.VMM_SHUTDOWN, "poweroff requested") : Optional.empty();
            case "poweroff-hard":
                return running ? active(SHUTDOWN_POWEROFF, DriverOp.VMM_CANCEL, "hard poweroff requested") : Optional.empty();
            case "undeploy":
                return running ? active(SHUTDOWN_UNDEPLOY, DriverOp.VMM_SHUTDOWN, "undeploy requested") : Optional.empty();
            case "undeploy-hard":
                return running ? active(SHUTDOWN_UNDEPLOY, DriverOp.VMM_CANCEL, "hard undeploy requested") : Optional.empty();
            default:
                throw new IllegalArgumentException("unknown action " + action);
        }
    }

    private static Optional<Step> active(LcmState lcm, DriverOp op, String why) {
        return Optional.of(Step.active(lcm, op, why));
    }
}

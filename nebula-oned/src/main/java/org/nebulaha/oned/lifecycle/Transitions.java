package org.nebulaha.oned.lifecycle;

import static org.nebulaha.oned.model.DriverOp.*;
import static org.nebulaha.oned.model.LcmState.*;

import java.util.Optional;
import org.nebulaha.oned.model.DriverOp;
import org.nebulaha.oned.model.LcmState;
import org.nebulaha.oned.model.VmState;

/**
 * The LCM state machine as pure functions: what a driver's SUCCESS or FAILURE does to a VM in a
 * given LCM state (OpenNebula 4.2 {@code LifeCycleStates.cc}, section 1.6 of the spec), and
 * which operation a retry re-sends (4.14+). No I/O, no clock.
 *
 * <p>With {@code legacyFailed} a failed PROLOG/BOOT/EPILOG ends in FAILED as in 4.2; otherwise
 * the VM is parked in the matching {@code *_FAILURE} LCM state (4.14+), where
 * {@code recover --retry} can re-drive it.
 */
public final class Transitions {
    private Transitions() {}

    /** What to do after an event: side effects the core applies besides the new state. */
    public enum Effect {
        NONE,
        /** The VM left its host: release the host's capacity and close the history record. */
        RELEASE_HOST,
        /** Live migration finished: release the source host (previous history record). */
        MIGRATE_DONE,
        /** Live migration failed: go back to the source host with a new history record. */
        MIGRATE_ROLLBACK,
        /** Cold migration failed while saving: go back to the source host (close the new record). */
        SAVE_MIGRATE_ROLLBACK,
        /** Hot-plug finished: keep the disk (attach) or drop it (detach). */
        HOTPLUG_SUCCESS,
        /** Hot-plug failed: drop the disk (attach) or keep it (detach). */
        HOTPLUG_FAILURE,
        /** The deploy worked: the driver's info is the deploy id. */
        SET_DEPLOY_ID,
        /** Snapshot taken: keep it. */
        SNAPSHOT_SUCCESS,
        /** Snapshot failed: drop it. */
        SNAPSHOT_FAILURE
    }

    /** A transition: the new states, the driver operation to issue next (or null), and why. */
    public record Step(VmState state, LcmState lcm, DriverOp op, Effect effect, String why) {
        public static Step active(LcmState lcm, DriverOp op, String why) {
            return new Step(VmState.ACTIVE, lcm, op, Effect.NONE, why);
        }

        public static Step to(VmState state, Effect effect, String why) {
            return new Step(state, LCM_INIT, null, effect, why);
        }

        Step with(Effect e) {
            return new Step(state, lcm, op, e, why);
        }
    }

    /** The step after the pending operation of {@code lcm} succeeded; empty when nothing is pending. */
    public static Optional<Step> success(LcmState lcm) {
        Step s;
        switch (lcm) {
            case PROLOG: s = Step.active(BOOT, VMM_DEPLOY, "prolog done, booting"); break;
            case PROLOG_MIGRATE: s = Step.active(BOOT, VMM_RESTORE, "disks moved, restoring on the new host"); break;
            case PROLOG_RESUME: s = Step.active(BOOT_STOPPED, VMM_RESTORE, "disks back on the host, restoring"); break;
            case PROLOG_UNDEPLOY: s = Step.active(BOOT_UNDEPLOY, VMM_DEPLOY, "disks back on the host, booting"); break;
            case BOOT: case BOOT_UNKNOWN: case BOOT_POWEROFF: case BOOT_SUSPENDED: case BOOT_STOPPED:
            case BOOT_UNDEPLOY: case BOOT_MIGRATE:
                s = Step.active(RUNNING, null, "the hypervisor runs the VM").with(Effect.SET_DEPLOY_ID); break;
            case MIGRATE: s = Step.active(RUNNING, null, "live migration done").with(Effect.MIGRATE_DONE); break;
            case SAVE_MIGRATE: s = Step.active(PROLOG_MIGRATE, TM_PROLOG_MIGRATE, "saved, moving disks"); break;
            case SAVE_SUSPEND: s = Step.to(VmState.SUSPENDED, Effect.NONE, "saved, suspended"); break;
            case SAVE_STOP: s = Step.active(EPILOG_STOP, TM_EPILOG_STOP, "saved, moving disks off the host"); break;
            case SHUTDOWN: case CANCEL: s = Step.active(EPILOG, TM_EPILOG, "domain gone, removing disks"); break;
            case SHUTDOWN_POWEROFF: s = Step.to(VmState.POWEROFF, Effect.NONE, "powered off"); break;
            case SHUTDOWN_UNDEPLOY: s = Step.active(EPILOG_UNDEPLOY, TM_EPILOG_STOP, "domain gone, moving disks off the host"); break;
            case EPILOG: s = Step.to(VmState.DONE, Effect.RELEASE_HOST, "epilog done"); break;
            case EPILOG_STOP: s = Step.to(VmState.STOPPED, Effect.RELEASE_HOST, "disks saved, stopped"); break;
            case EPILOG_UNDEPLOY: s = Step.to(VmState.UNDEPLOYED, Effect.RELEASE_HOST, "disks saved, undeployed"); break;
            case CLEANUP_RESUBMIT: s = Step.to(VmState.PENDING, Effect.RELEASE_HOST, "cleaned up, pending again"); break;
            case CLEANUP_DELETE: s = Step.to(VmState.DONE, Effect.RELEASE_HOST, "cleaned up, done"); break;
            case HOTPLUG: s = Step.active(RUNNING, null, "hot-plug done").with(Effect.HOTPLUG_SUCCESS); break;
            case HOTPLUG_SNAPSHOT: s = Step.active(RUNNING, null, "snapshot taken").with(Effect.SNAPSHOT_SUCCESS); break;
            case HOTPLUG_NIC: case HOTPLUG_SAVEAS:
                s = Step.active(RUNNING, null, "hot operation done"); break;
            case HOTPLUG_SAVEAS_POWEROFF: s = Step.to(VmState.POWEROFF, Effect.NONE, "save-as done"); break;
            case HOTPLUG_SAVEAS_SUSPENDED: s = Step.to(VmState.SUSPENDED, Effect.NONE, "save-as done"); break;
            default: return Optional.empty();
        }
        return Optional.of(s);
    }

    /** The step after the pending operation of {@code lcm} failed; empty when nothing is pending. */
    public static Optional<Step> failure(LcmState lcm, boolean legacyFailed) {
        Step s;
        switch (lcm) {
            case PROLOG: case PROLOG_MIGRATE: case BOOT: case BOOT_MIGRATE: case EPILOG: case EPILOG_STOP: case EPILOG_UNDEPLOY:
                s = parkOrFail(lcm, legacyFailed); break;
            case PROLOG_RESUME:
                s = legacyFailed ? Step.to(VmState.STOPPED, Effect.RELEASE_HOST, "prolog failed, back to STOPPED")
                        : parkOrFail(lcm, false); break;
            case PROLOG_UNDEPLOY:
                s = legacyFailed ? Step.to(VmState.UNDEPLOYED, Effect.RELEASE_HOST, "prolog failed, back to UNDEPLOYED")
                        : parkOrFail(lcm, false); break;
            case BOOT_UNKNOWN: s = Step.active(UNKNOWN, null, "boot failed, state unknown"); break;
            case BOOT_POWEROFF: s = Step.to(VmState.POWEROFF, Effect.NONE, "boot failed, powered off"); break;
            case BOOT_SUSPENDED: s = Step.to(VmState.SUSPENDED, Effect.NONE, "restore failed, suspended"); break;
            case BOOT_STOPPED:
                s = legacyFailed ? Step.active(EPILOG_STOP, TM_EPILOG_STOP, "restore failed, moving disks off the host")
                        : parkOrFail(lcm, false); break;
            case BOOT_UNDEPLOY:
                s = legacyFailed ? Step.active(EPILOG_UNDEPLOY, TM_EPILOG_STOP, "boot failed, moving disks off the host")
                        : parkOrFail(lcm, false); break;
            case MIGRATE: s = Step.active(RUNNING, null, "live migration failed, running on the source host").with(Effect.MIGRATE_ROLLBACK); break;
            case SAVE_MIGRATE:
                s = Step.active(RUNNING, null, "save failed, still running on the source host").with(Effect.SAVE_MIGRATE_ROLLBACK); break;
            case SAVE_SUSPEND: case SAVE_STOP: case SHUTDOWN: case CANCEL: case SHUTDOWN_POWEROFF: case SHUTDOWN_UNDEPLOY:
                s = Step.active(RUNNING, null, "operation failed, still running"); break;
            case CLEANUP_RESUBMIT: s = Step.to(VmState.PENDING, Effect.RELEASE_HOST, "cleanup failed, pending anyway"); break;
            case CLEANUP_DELETE: s = Step.to(VmState.DONE, Effect.RELEASE_HOST, "cleanup failed, done anyway"); break;
            case HOTPLUG: s = Step.active(RUNNING, null, "hot-plug failed").with(Effect.HOTPLUG_FAILURE); break;
            case HOTPLUG_SNAPSHOT: s = Step.active(RUNNING, null, "snapshot failed, dropped").with(Effect.SNAPSHOT_FAILURE); break;
            case HOTPLUG_NIC: case HOTPLUG_SAVEAS:
                s = Step.active(RUNNING, null, "hot operation failed"); break;
            case HOTPLUG_SAVEAS_POWEROFF: s = Step.to(VmState.POWEROFF, Effect.NONE, "save-as failed"); break;
            case HOTPLUG_SAVEAS_SUSPENDED: s = Step.to(VmState.SUSPENDED, Effect.NONE, "save-as failed"); break;
            default: return Optional.empty();
        }
        return Optional.of(s);
    }

    private static Step parkOrFail(LcmState lcm, boolean legacyFailed) {
        if (legacyFailed || lcm.failure() == null)
            return Step.to(VmState.FAILED, Effect.RELEASE_HOST, lcm + " failed");
        return Step.active(lcm.failure(), null, lcm + " failed, waiting for recover");
    }

    /**
     * The operation a retry re-sends for {@code lcm} ({@code *_FAILURE} states retry their base
     * state); {@code last} picks between alternatives (soft or hard shutdown, attach or detach).
     */
    public static Optional<Step> retry(LcmState lcm, DriverOp last) {
        LcmState base = lcm.base();
        DriverOp op;
        switch (base) {
            case PROLOG: op = TM_PROLOG; break;
            case PROLOG_MIGRATE: case PROLOG_MIGRATE_POWEROFF: case PROLOG_MIGRATE_SUSPEND: op = TM_PROLOG_MIGRATE; break;
            case PROLOG_RESUME: case PROLOG_UNDEPLOY: op = TM_PROLOG_RESUME; break;
            case BOOT: case BOOT_UNKNOWN: case BOOT_POWEROFF: case BOOT_UNDEPLOY: op = VMM_DEPLOY; break;
            case BOOT_SUSPENDED: case BOOT_STOPPED: case BOOT_MIGRATE: op = VMM_RESTORE; break;
            case MIGRATE: op = VMM_MIGRATE; break;
            case SAVE_STOP: case SAVE_SUSPEND: case SAVE_MIGRATE: op = VMM_SAVE; break;
            case SHUTDOWN: case SHUTDOWN_POWEROFF: case SHUTDOWN_UNDEPLOY: op = last == VMM_CANCEL ? VMM_CANCEL : VMM_SHUTDOWN; break;
            case CANCEL: op = VMM_CANCEL; break;
            case EPILOG: op = TM_EPILOG; break;
            case EPILOG_STOP: case EPILOG_UNDEPLOY: op = TM_EPILOG_STOP; break;
            case CLEANUP_RESUBMIT: case CLEANUP_DELETE: op = TM_EPILOG_DELETE; break;
            case HOTPLUG: op = last == VMM_DETACHDISK ? VMM_DETACHDISK : VMM_ATTACHDISK; break;
            case HOTPLUG_SNAPSHOT: op = VMM_SNAPSHOTCREATE; break;
            default: return Optional.empty();
        }
        return Optional.of(Step.active(base, op, "retry " + op.word));
    }

    /** True for LCM states in which oned waits for a driver (the guide's transient states). */
    public static boolean isTransient(LcmState lcm) {
        return lcm == FAILURE || success(lcm).isPresent() || lcm == UNKNOWN;
    }
}

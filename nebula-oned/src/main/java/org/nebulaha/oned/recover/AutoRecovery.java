package org.nebulaha.oned.recover;

import java.util.Set;
import org.nebulaha.oned.model.DriverOp;
import org.nebulaha.oned.model.LcmState;

/**
 * Settles a VM left in a transient state by a crashed oned, from what the drivers' durable
 * record proves (pure function; the core gathers the evidence by probing the drivers).
 *
 * <p>Rules, in order: no evidence -> leave it; the operation's effect is on record -> success;
 * the record shows the operation did not happen and its input is intact -> retry (re-send the
 * lost operation); anything else (both or neither place, missing input) -> leave it for the
 * operator with the reason. It never guesses. Examples: PROLOG and the disks are on the host
 * -> success; BOOT and no domain but the disks are there -> retry; BOOT and not even the disks
 * -> leave.
 */
public final class AutoRecovery {
    private AutoRecovery() {}

    /** What one driver record says about one VM on one place (a host, or the front-end). */
    public record Facts(boolean domain, String deployId, boolean disks, boolean checkpoint, Set<Integer> attached, Set<Integer> snapshots) {
        public Facts {
            attached = Set.copyOf(attached);
            snapshots = Set.copyOf(snapshots);
        }
    }

    /**
     * Evidence for one VM: facts on its current host, on the previous host (migrations), on the
     * front-end's system datastore (stop/undeploy), or the reason it could not be gathered.
     */
    public record Evidence(String host, Facts current, String previousHost, Facts previous, Facts frontend, String unavailable) {
        public static Evidence unavailable(String why) {
            return new Evidence(null, null, null, null, null, why);
        }
    }

    public enum Kind { SUCCESS, FAILURE, RETRY, LEAVE }

    public record Decision(Kind kind, String reason) {
        static Decision success(String why) { return new Decision(Kind.SUCCESS, why); }
        static Decision failure(String why) { return new Decision(Kind.FAILURE, why); }
        static Decision retry(String why) { return new Decision(Kind.RETRY, why); }
        static Decision leave(String why) { return new Decision(Kind.LEAVE, why); }
    }

    public static Decision decide(LcmState lcm, DriverOp pending, int hotplugDisk, Evidence ev) {
        if (lcm == LcmState.FAILURE) return Decision.success("FAILURE always ends in FAILED");
        if (ev.unavailable() != null) return Decision.leave(ev.unavailable());
        Facts c = ev.current();
        String h = ev.host();
        switch (lcm) {
            case PROLOG: case PROLOG_RESUME: case PROLOG_UNDEPLOY:
                if (c.disks()) return Decision.success("disks are on " + h);
                if (lcm == LcmState.PROLOG) return Decision.retry("disks are not on " + h + ": the prolog never finished");
                if (ev.frontend() != null && ev.frontend().disks())
                    return Decision.retry("disks are still in the system datastore, not on " + h);
                return Decision.leave("disks are neither on " + h + " nor in the system datastore");
            case PROLOG_MIGRATE:
                if (c.disks() && (ev.previous() == null || !ev.previous().disks())) return Decision.success("disks moved to " + h);
                if (!c.disks() && ev.previous() != null && ev.previous().disks())
                    return Decision.retry("disks are still on " + ev.previousHost());
                return Decision.leave("disks are on " + (c.disks() ? "both hosts" : "neither host") + " (" + ev.previousHost() + ", " + h + ")");
            case BOOT: case BOOT_UNKNOWN: case BOOT_POWEROFF: case BOOT_UNDEPLOY:
                if (c.domain()) return Decision.success("domain " + c.deployId() + " runs on " + h);
                if (c.disks()) return Decision.retry("no domain on " + h + " but its disks are there: deploy again");
                return Decision.leave("no domain and no disks on " + h + ": nothing to boot from");
            case BOOT_SUSPENDED: case BOOT_STOPPED: case BOOT_MIGRATE:
                if (c.domain()) return Decision.success("domain " + c.deployId() + " runs on " + h);
                if (c.checkpoint()) return Decision.retry("no domain on " + h + " but the checkpoint is there: restore again");
                return Decision.leave("no domain and no checkpoint on " + h);
            case MIGRATE: {
                Facts p = ev.previous();
                if (p == null) return Decision.leave("no source host recorded for the migration");
                if (c.domain() && !p.domain()) return Decision.success("domain runs on " + h + " and no longer on " + ev.previousHost());
                if (!c.domain() && p.domain()) return Decision.retry("domain still runs on " + ev.previousHost() + ": migrate again");
                return Decision.leave("domain runs on " + (c.domain() ? "both " : "neither ") + ev.previousHost() + " and " + h);
            }
            case SAVE_STOP: case SAVE_SUSPEND: case SAVE_MIGRATE: {
                // A cold migration saves on the source host, which is the previous record.
                Facts f = lcm == LcmState.SAVE_MIGRATE && ev.previous() != null ? ev.previous() : c;
                String where = lcm == LcmState.SAVE_MIGRATE && ev.previous() != null ? ev.previousHost() : h;
                if (f.checkpoint() && !f.domain()) return Decision.success("checkpoint written and domain gone on " + where);
                if (f.domain() && !f.checkpoint()) return Decision.retry("domain still runs on " + where + " and no checkpoint: save again");
                return Decision.leave(f.domain() ? "domain runs and a checkpoint exists on " + where
                        : "no domain and no checkpoint on " + where);
            }
            case SHUTDOWN: case CANCEL: case SHUTDOWN_POWEROFF: case SHUTDOWN_UNDEPLOY:
                if (!c.domain()) return Decision.success("domain is gone from " + h);
                return Decision.retry("domain still runs on " + h + ": shut it down again");
            case EPILOG:
                if (!c.disks()) return Decision.success("disks are gone from " + h);
                return Decision.retry("disks are still on " + h + ": run the epilog again");
            case EPILOG_STOP: case EPILOG_UNDEPLOY:
                if (!c.disks() && ev.frontend() != null && ev.frontend().disks()) return Decision.success("disks moved to the system datastore");
                if (c.disks()) return Decision.retry("disks are still on " + h + ": move them again");
                return Decision.leave("disks are neither on " + h + " nor in the system datastore");
            case CLEANUP_RESUBMIT: case CLEANUP_DELETE:
                if (!c.disks() && !c.domain()) return Decision.success("nothing of the VM is left on " + h);
                return Decision.retry("leftovers on " + h + ": clean up again");
            case HOTPLUG: {
                if (hotplugDisk < 0) return Decision.leave("no hot-plugged disk recorded");
                boolean attached = c.attached().contains(hotplugDisk);
                boolean detaching = pending == DriverOp.VMM_DETACHDISK;
                if (detaching) return attached ? Decision.failure("disk " + hotplugDisk + " is still attached")
                        : Decision.success("disk " + hotplugDisk + " is detached");
                return attached ? Decision.success("disk " + hotplugDisk + " is attached")
                        : Decision.failure("disk " + hotplugDisk + " is not attached");
            }
            case HOTPLUG_SNAPSHOT:
                if (hotplugDisk < 0) return Decision.leave("no snapshot in flight recorded");
                return c.snapshots().contains(hotplugDisk) ? Decision.success("snapshot " + hotplugDisk + " exists on " + h)
                        : Decision.failure("snapshot " + hotplugDisk + " was not taken");
            case UNKNOWN:
                if (c.domain()) return Decision.success("domain " + c.deployId() + " runs on " + h);
                return Decision.leave("domain not found on " + h + ": boot it (onevm boot) or delete it");
            default:
                return Decision.leave("the drivers keep no record for " + lcm);
        }
    }
}

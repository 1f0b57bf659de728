package org.nebulaha.sunstone.model;

import java.util.ArrayList;
import java.util.List;
import org.nebulaha.oned.model.LcmState;

/**
 * What Sunstone offers to recover a stuck VM, by its LCM state (OpenNebula 4.2
 * {@code LifeCycleManager::recover}, plus retry/delete/recreate of 4.14/5.0, which our oned
 * implements as {@code one.vm.recover} ops 2, 3, 4). Each choice says what it tells oned, so the
 * operator can match it with what they found on the host. Only ACTIVE VMs that wait for a driver
 * operation have choices; RUNNING and non-ACTIVE VMs have none.
 */
public final class RecoverChoices {
    private RecoverChoices() {}

    /** One button: the {@code one.vm.recover} op, its label and what it means in this state. */
    public record Choice(int op, String label, String meaning) {}

    public static final String WARNING = "Check the VM on its host before you choose. Recover does not redo the lost operation: "
            + "it tells oned how that operation ended. A wrong answer leaves oned and the hypervisor disagreeing "
            + "(a VM shown RUNNING that does not run, or disks deleted under a running VM).";

    public static List<Choice> forVm(VmRow vm) {
        if (!vm.isStuckCandidate() || vm.lcmState() == null) return List.of();
        LcmState s = vm.lcmState();
        LcmState base = s.base();
        List<Choice> out = new ArrayList<>();
        String fam = base.name();
        if (s == LcmState.UNKNOWN) {
            out.add(new Choice(1, "It runs: mark RUNNING", "the domain is running on the host; oned sets RUNNING (OpenNebula ignores success/failure here)"));
        } else if (s == LcmState.FAILURE) {
            out.add(new Choice(1, "Finish: mark FAILED", "oned completes the failure and the VM goes to FAILED"));
        } else if (fam.startsWith("CLEANUP")) {
            out.add(new Choice(1, "Cleanup done", "nothing of the VM is left on the host; " + (s == LcmState.CLEANUP_RESUBMIT ? "the VM goes back to PENDING" : "the VM is DONE")));
        } else if (fam.startsWith("PROLOG")) {
            out.add(new Choice(1, "Disks were copied", "the transfer finished; oned goes on and boots the VM"));
            out.add(new Choice(0, "Copy failed", "the transfer did not finish; the VM fails (or returns to STOPPED/UNDEPLOYED for a resume)"));
            out.add(new Choice(2, "Retry the copy", "oned sends the transfer again"));
        } else if (fam.startsWith("BOOT") || base == LcmState.MIGRATE) {
            out.add(new Choice(1, "It runs: mark RUNNING", "the domain is running on the host (deploy id one-" + vm.id() + " if none was recorded)"));
            out.add(new Choice(0, "It did not start", "the deploy or migration failed; oned applies the failure of " + base.name()));
            out.add(new Choice(2, "Retry", "oned sends the deploy/restore/migrate again"));
        } else if (fam.startsWith("EPILOG")) {
            out.add(new Choice(1, "Disks were cleaned up/saved", "the epilog finished; the VM goes to DONE, STOPPED or UNDEPLOYED"));
            out.add(new Choice(0, "Epilog failed", "the VM fails"));
            out.add(new Choice(2, "Retry the epilog", "oned sends the transfer again"));
        } else if (fam.startsWith("SHUTDOWN") || s == LcmState.CANCEL) {
            out.add(new Choice(1, "It is off", "the domain is gone from the host; oned goes on (epilog, POWEROFF or undeploy)"));
            out.add(new Choice(0, "It still runs", "the shutdown failed; the VM goes back to RUNNING"));
            out.add(new Choice(2, "Retry the shutdown", "oned sends the shutdown again"));
        } else if (fam.startsWith("SAVE")) {
            out.add(new Choice(1, "Checkpoint saved", "the save finished; oned goes on (epilog, SUSPENDED or migration)"));
            out.add(new Choice(0, "Save failed", "the VM goes back to RUNNING"));
            out.add(new Choice(2, "Retry the save", "oned sends the save again"));
        } else if (s == LcmState.HOTPLUG_SNAPSHOT) {
            out.add(new Choice(1, "Snapshot done", "OpenNebula 4.2 always drops the snapshot here; the VM goes back to RUNNING"));
            out.add(new Choice(0, "Snapshot failed", "the snapshot is dropped; the VM goes back to RUNNING"));
        } else if (fam.startsWith("HOTPLUG")) {
            out.add(new Choice(1, "Hot-plug done", "the attach/detach finished; the VM goes back to RUNNING"));
            out.add(new Choice(0, "Hot-plug failed", "the attach/detach is undone in oned; the VM goes back to RUNNING"));
        }
        out.add(new Choice(4, "Delete and recreate", "oned cleans the VM up on the host and puts it back to PENDING"));
        out.add(new Choice(3, "Delete", "oned cleans the VM up on the host and the VM is DONE"));
        return out;
    }
}

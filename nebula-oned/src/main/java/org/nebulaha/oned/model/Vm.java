package org.nebulaha.oned.model;

import java.util.ArrayList;
import java.util.List;

/**
 * A virtual machine as oned keeps it. Mutable, and only ever touched while holding the core's
 * lock; every change is written to the database before the call that made it is answered.
 *
 * <p>{@code pendingOp} is the driver operation oned is waiting for (empty when none). It is
 * stored, so after a crash the new oned knows which operation was in flight for each VM.
 */
public final class Vm {
    public int id;
    public String name;
    public VmState state = VmState.PENDING;
    public LcmState lcm = LcmState.LCM_INIT;
    public boolean resched;
    public long stime;
    public long etime;
    public long lastPoll;
    public String deployId = "";
    public int memory;
    public double cpu;
    public Template template;
    /** The USER_TEMPLATE: attributes users and mm_sched write with one.vm.update (e.g. SCHED_MESSAGE). */
    public Template userTemplate = new Template(List.of());
    /** Owner: the user who allocated the VM (0 oneadmin). */
    public int uid;
    public String uname = "oneadmin";
    /** Group: the owner's group when allocated (one.vm.chown changes it). */
    public int gid;
    public String gname = "oneadmin";
    /** OWNER/GROUP/OTHER use-manage-admin bits as an octal triple (0600: 4.2's default umask 177). */
    public int perms = 0600;
    public List<History> history = new ArrayList<>();
    /** Driver operation in flight ({@link DriverOp} name), or null. */
    public DriverOp pendingOp;
    /** The last driver operation issued (kept after it answered, for retry). */
    public DriverOp lastOp;
    /** "stop" or "undeploy" while a resumed VM waits to be deployed again, else null. */
    public String resumeKind;
    /** The disk id of a hot-plug, or the snapshot id of a snapshot, in flight; else -1. */
    public int hotplugDisk = -1;

    public History current() {
        return history.isEmpty() ? null : history.get(history.size() - 1);
    }

    public History previous() {
        return history.size() < 2 ? null : history.get(history.size() - 2);
    }

    /** The STAT column of {@code onevm list}: the LCM short name while ACTIVE, else the VM one. */
    public String shortState() {
        return state == VmState.ACTIVE ? lcm.shortName : state.shortName;
    }

    public Vm copy() {
        Vm v = new Vm();
        v.id = id; v.name = name; v.state = state; v.lcm = lcm; v.resched = resched; v.stime = stime;
        v.etime = etime; v.lastPoll = lastPoll; v.deployId = deployId; v.memory = memory; v.cpu = cpu;
        v.template = template; v.userTemplate = userTemplate; v.uid = uid; v.uname = uname; v.gid = gid; v.gname = gname; v.perms = perms; v.history = new ArrayList<>(history); v.pendingOp = pendingOp;
        v.lastOp = lastOp; v.resumeKind = resumeKind; v.hotplugDisk = hotplugDisk;
        return v;
    }
}

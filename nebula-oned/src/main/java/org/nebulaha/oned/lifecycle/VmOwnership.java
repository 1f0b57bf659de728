package org.nebulaha.oned.lifecycle;

import org.nebulaha.oned.model.Vm;

/**
 * one.vm.chown, one.vm.chmod and one.vm.rename: owner, group, permissions and name of a VM,
 * changed under the core's lock and committed like every other VM change. Authorization is
 * the caller's (see {@link org.nebulaha.oned.auth.Authorizer}).
 */
public final class VmOwnership {
    private static final System.Logger LOG = System.getLogger("oned.core");
    private final Core core;

    public VmOwnership(Core core) {
        this.core = core;
    }

    /** New owner and/or group; -1 leaves one as it is. */
    public void chown(int id, int uid, String uname, int gid, String gname) throws OneError {
        synchronized (core) {
            Vm v = core.vm(id);
            Vm before = v.copy();
            if (uid >= 0) {
                v.uid = uid;
                v.uname = uname;
            }
            if (gid >= 0) {
                v.gid = gid;
                v.gname = gname;
            }
            commitOrRestore(v, before);
            LOG.log(System.Logger.Level.INFO, "vm " + id + ": owner " + v.uname + " (" + v.uid + "), group " + v.gname + " (" + v.gid + ")");
        }
    }

    /**
     * New permissions: nine 0/1 values in OWNER, GROUP, OTHER order of use, manage, admin;
     * -1 leaves a bit as it is.
     */
    public void chmod(int id, int[] bits) throws OneError {
        synchronized (core) {
            Vm v = core.vm(id);
            Vm before = v.copy();
            int perms = v.perms;
            for (int k = 0; k < 9; k++) {
                int mask = 1 << (8 - k);
                if (bits[k] == 1) perms |= mask;
                else if (bits[k] == 0) perms &= ~mask;
            }
            v.perms = perms;
            commitOrRestore(v, before);
            LOG.log(System.Logger.Level.INFO, "vm " + id + ": permissions " + Integer.toOctalString(perms));
        }
    }

    public void rename(int id, String name) throws OneError {
        if (name.isBlank() || name.length() > 128 || name.contains("\n"))
            throw new OneError(OneError.INTERNAL, "Invalid NAME '" + name + "': it cannot be empty or longer than 128 chars");
        synchronized (core) {
            Vm v = core.vm(id);
            Vm before = v.copy();
            v.name = name;
            v.template = v.template.with("NAME", name);
            commitOrRestore(v, before);
            LOG.log(System.Logger.Level.INFO, "vm " + id + ": renamed " + before.name + " -> " + name);
        }
    }

    /** The cached VM is the live one: on a failed commit put the old values back. */
    private void commitOrRestore(Vm v, Vm before) throws OneError {
        try {
            core.commit(v);
        } catch (OneError e) {
            v.uid = before.uid; v.uname = before.uname; v.gid = before.gid; v.gname = before.gname;
            v.perms = before.perms; v.name = before.name; v.template = before.template;
            throw e;
        }
    }
}

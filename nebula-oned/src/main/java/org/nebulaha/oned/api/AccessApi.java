package org.nebulaha.oned.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nebulaha.oned.auth.AccessDocuments;
import org.nebulaha.oned.auth.AclPool;
import org.nebulaha.oned.auth.AclRule.Op;
import org.nebulaha.oned.auth.AclRule.Type;
import org.nebulaha.oned.auth.Authorizer;
import org.nebulaha.oned.auth.Authorizer.Obj;
import org.nebulaha.oned.auth.Authorizer.Request;
import org.nebulaha.oned.auth.GroupPool;
import org.nebulaha.oned.auth.Quotas;
import org.nebulaha.oned.auth.UserPool;
import org.nebulaha.oned.lifecycle.Clusters;
import org.nebulaha.oned.lifecycle.Core;
import org.nebulaha.oned.lifecycle.OneError;
import org.nebulaha.oned.lifecycle.VmOwnership;
import org.nebulaha.oned.model.Group;
import org.nebulaha.oned.model.Template;
import org.nebulaha.oned.model.User;
import org.nebulaha.oned.model.Vm;
import org.nebulaha.oned.model.VmState;

/**
 * The 4.2 methods of users (chgrp, chauth, update, quota), groups, ACL rules, clusters and VM
 * ownership (chown, chmod, rename), and VM allocation with its quota check. Every call is
 * authorized by the {@link Authorizer} with the operations 4.2's requests ask for.
 */
public final class AccessApi {
    /** Signatures as in {@link Api}: request name, then parameter types after the session. */
    static final Map<String, String[]> METHODS = Map.ofEntries(
            Map.entry("one.user.chgrp", new String[] {"UserChown", "ii"}),
            Map.entry("one.user.chauth", new String[] {"UserChangeAuth", "iss"}),
            Map.entry("one.user.update", new String[] {"UserUpdateTemplate", "is?i"}),
            Map.entry("one.user.quota", new String[] {"UserSetQuota", "is"}),
            Map.entry("one.userquota.info", new String[] {"UserQuotaInfo", ""}),
            Map.entry("one.group.allocate", new String[] {"GroupAllocate", "s"}),
            Map.entry("one.group.delete", new String[] {"GroupDelete", "i"}),
            Map.entry("one.group.info", new String[] {"GroupInfo", "i"}),
            Map.entry("one.group.quota", new String[] {"GroupSetQuota", "is"}),
            Map.entry("one.grouppool.info", new String[] {"GroupPoolInfo", ""}),
            Map.entry("one.groupquota.info", new String[] {"GroupQuotaInfo", ""}),
            Map.entry("one.acl.addrule", new String[] {"AclAddRule", "sss"}),
            Map.entry("one.acl.delrule", new String[] {"AclDelRule", "i"}),
            Map.entry("one.acl.info", new String[] {"AclInfo", ""}),
            Map.entry("one.cluster.allocate", new String[] {"ClusterAllocate", "s"}),
            Map.entry("one.cluster.delete", new String[] {"ClusterDelete", "i"}),
            Map.entry("one.cluster.info", new String[] {"ClusterInfo", "i"}),
            Map.entry("one.cluster.addhost", new String[] {"ClusterAddHost", "ii"}),
            Map.entry("one.cluster.delhost", new String[] {"ClusterDelHost", "ii"}),
            Map.entry("one.cluster.adddatastore", new String[] {"ClusterAddDatastore", "ii"}),
            Map.entry("one.cluster.deldatastore", new String[] {"ClusterDelDatastore", "ii"}),
            Map.entry("one.cluster.addvnet", new String[] {"ClusterAddVNet", "ii"}),
            Map.entry("one.cluster.delvnet", new String[] {"ClusterDelVNet", "ii"}),
            Map.entry("one.clusterpool.info", new String[] {"ClusterPoolInfo", ""}),
            Map.entry("one.vm.chown", new String[] {"VirtualMachineChown", "iii"}),
            Map.entry("one.vm.chmod", new String[] {"VirtualMachineChmod", "iiiiiiiiii"}),
            Map.entry("one.vm.rename", new String[] {"VirtualMachineRename", "is"}));

    private final Core core;
    private final UserPool users;
    private final GroupPool groups;
    private final AclPool acls;
    private final Clusters clusters;
    private final Authorizer auth;
    private final VmOwnership vms;

    public AccessApi(Core core, UserPool users, GroupPool groups, AclPool acls, Clusters clusters) {
        this.core = core;
        this.users = users;
        this.groups = groups;
        this.acls = acls;
        this.clusters = clusters;
        this.auth = new Authorizer(acls);
        this.vms = new VmOwnership(core);
    }

    UserPool users() {
        return users;
    }

    Authorizer authorizer() {
        return auth;
    }

    // ------------------------------------------------------------------ objects as authorization sees them

    static Obj vmObj(Vm v) {
        return Obj.of(Type.VM, v.id, v.uid, v.gid, v.perms);
    }

    /** A user owns itself (may use and manage itself: info, passwd, update); nobody else gets rights from it. */
    static Obj userObj(User u) {
        return Obj.of(Type.USER, u.id(), u.id(), u.gid(), 0600);
    }

    /** A group is used by its members (info, and as the group of their objects). */
    static Obj groupObj(int gid) {
        return Obj.of(Type.GROUP, gid, -1, gid, 0040);
    }

    static Obj clusterObj(int cid) {
        return Obj.of(Type.CLUSTER, cid, 0, 0, 0600);
    }

    int hostCluster(int hostId) {
        return clusters.hostCluster(hostId);
    }

    // ------------------------------------------------------------------ documents

    String userDocument(User u, boolean extended) throws OneError {
        return AccessDocuments.user(u, groups.name(u.gid()), usage(u.id(), -1), extended);
    }

    /** The users {@code u} may USE (all for the oneadmin group), then DEFAULT_USER_QUOTAS. */
    String userPoolDocument(User u) throws OneError {
        List<String> docs = new ArrayList<>();
        for (User x : users.pool()) if (auth.allows(u, Op.USE, userObj(x))) docs.add(userDocument(x, false));
        return AccessDocuments.userPool(docs);
    }

    private String groupDocument(Group g, boolean extended) throws OneError {
        List<Integer> members = members(g.id());
        return AccessDocuments.group(g, members, usage(-1, g.id()), extended);
    }

    private List<Integer> members(int gid) {
        List<Integer> out = new ArrayList<>();
        for (User x : users.pool()) if (x.gid() == gid) out.add(x.id());
        return out;
    }

    /** VM usage of a user ({@code uid} >= 0) or a group: the VMs that are not DONE. */
    private Quotas.Usage usage(int uid, int gid) throws OneError {
        int n = 0;
        long mem = 0;
        double cpu = 0;
        for (Vm v : core.vmPool(0, -1, -1, uid >= 0 ? uid : -1)) {
            if (v.state == VmState.DONE || (uid < 0 && v.gid != gid)) continue;
            n++;
            mem += v.memory;
            cpu += v.cpu;
        }
        return new Quotas.Usage(n, mem, cpu);
    }

    // ------------------------------------------------------------------ VM allocation

    /** one.vm.allocate: CREATE VM, then the user's and the group's VM quotas (not for the oneadmin group, as 4.2). */
    /** The name of group {@code gid}; "" when there is none. */
    String groupName(int gid) {
        return groups.name(gid);
    }

    int allocateVm(User u, String text, boolean hold) throws OneError {
        auth.check(u, Op.CREATE, Obj.create(Type.VM));
        synchronized (core) {
            if (!Authorizer.isAdmin(u)) {
                int memory = 0;
                double cpu = 0;
                try {
                    Template t = Template.parse(text);
                    memory = Integer.parseInt(t.get("MEMORY").orElse("0").strip());
                    cpu = Double.parseDouble(t.get("CPU").orElse("0").strip());
                } catch (Template.SyntaxException | NumberFormatException e) {
                    // the core reports a bad template with its own message
                }
                String who = "User [" + u.id() + "] : ";
                try {
                    Quotas.checkVm(u.quotas(), usage(u.id(), -1), memory, cpu, "user [" + u.id() + "]");
                    Quotas.checkVm(groups.quotas(u.gid()), usage(-1, u.gid()), memory, cpu, "group [" + u.gid() + "]");
                } catch (OneError e) {
                    throw new OneError(e.code(), who + e.getMessage() + ".");
                }
            }
            return core.allocate(text, hold, u.id(), u.name(), u.gid(), groups.name(u.gid()));
        }
    }

    // ------------------------------------------------------------------ the calls

    Object call(String m, List<Object> a, User u) throws OneError {
        switch (m) {
            case "one.user.chgrp": {
                User t = users.info(i(a, 0));
                if (i(a, 1) < 0) throw new OneError(OneError.XML_RPC_API, "Wrong group ID");
                synchronized (core) { // the group cannot be deleted between the check and the move
                    groups.info(i(a, 1));
                    auth.check(u, new Request(Op.MANAGE, userObj(t)), new Request(Op.USE, groupObj(i(a, 1))));
                    users.chgrp(t.id(), i(a, 1));
                }
                return t.id();
            }
            case "one.user.chauth":
                auth.check(u, Op.ADMIN, userObj(users.info(i(a, 0))));
                users.chauth(i(a, 0), (String) a.get(1), (String) a.get(2));
                return i(a, 0);
            case "one.user.update":
                auth.check(u, Op.MANAGE, userObj(users.info(i(a, 0))));
                users.update(i(a, 0), (String) a.get(1));
                return i(a, 0);
            case "one.user.quota":
                auth.check(u, Op.ADMIN, userObj(users.info(i(a, 0))));
                users.setQuota(i(a, 0), (String) a.get(1));
                return i(a, 0);
            case "one.userquota.info": return Quotas.defaults("DEFAULT_USER_QUOTAS");
            case "one.groupquota.info": return Quotas.defaults("DEFAULT_GROUP_QUOTAS");
            case "one.group.allocate":
                auth.check(u, Op.CREATE, Obj.create(Type.GROUP));
                return groups.allocate((String) a.get(0));
            case "one.group.delete":
                groups.info(i(a, 0));
                auth.check(u, Op.ADMIN, groupObj(i(a, 0)));
                groups.delete(i(a, 0), members(i(a, 0)));
                return i(a, 0);
            case "one.group.info": {
                int id = i(a, 0) == -1 ? u.gid() : i(a, 0); // -1: the connected user's group, as 4.2
                Group g = groups.info(id);
                auth.check(u, Op.USE, groupObj(id));
                return groupDocument(g, true);
            }
            case "one.group.quota":
                groups.info(i(a, 0));
                auth.check(u, Op.ADMIN, groupObj(i(a, 0)));
                groups.setQuota(i(a, 0), (String) a.get(1));
                return i(a, 0);
            case "one.grouppool.info": {
                List<String> docs = new ArrayList<>();
                for (Group g : groups.pool()) if (auth.allows(u, Op.USE, groupObj(g.id()))) docs.add(groupDocument(g, false));
                return AccessDocuments.groupPool(docs);
            }
            case "one.acl.addrule":
                auth.check(u, Op.MANAGE, Obj.create(Type.ACL));
                return acls.add((String) a.get(0), (String) a.get(1), (String) a.get(2));
            case "one.acl.delrule":
                auth.check(u, Op.MANAGE, Obj.create(Type.ACL));
                acls.delete(i(a, 0));
                return i(a, 0);
            case "one.acl.info":
                auth.check(u, Op.MANAGE, Obj.create(Type.ACL));
                return acls.document();
            default: return clusterOrVm(m, a, u);
        }
    }

    private Object clusterOrVm(String m, List<Object> a, User u) throws OneError {
        switch (m) {
            case "one.cluster.allocate":
                auth.check(u, Op.CREATE, Obj.create(Type.CLUSTER));
                return clusters.allocate((String) a.get(0));
            case "one.cluster.delete":
                clusters.info(i(a, 0));
                auth.check(u, Op.ADMIN, clusterObj(i(a, 0)));
                clusters.delete(i(a, 0));
                return i(a, 0);
            case "one.cluster.info":
                clusters.info(i(a, 0));
                auth.check(u, Op.USE, clusterObj(i(a, 0)));
                return clusters.document(i(a, 0));
            case "one.clusterpool.info": {
                StringBuilder sb = new StringBuilder("<CLUSTER_POOL>");
                for (int id : clusters.ids()) if (auth.allows(u, Op.USE, clusterObj(id))) sb.append(clusters.document(id));
                return sb.append("</CLUSTER_POOL>").toString();
            }
            case "one.cluster.addhost": case "one.cluster.delhost": {
                clusters.info(i(a, 0));
                core.hostDocument(i(a, 1)); // NO_EXISTS for an unknown host
                auth.check(u, new Request(Op.ADMIN, clusterObj(i(a, 0))),
                        new Request(Op.ADMIN, new Obj(Type.HOST, i(a, 1), 0, 0, 0600, clusters.hostCluster(i(a, 1)))));
                clusters.host(i(a, 0), i(a, 1), m.endsWith("addhost"));
                return i(a, 0);
            }
            case "one.cluster.adddatastore": case "one.cluster.deldatastore": case "one.cluster.addvnet": case "one.cluster.delvnet": {
                boolean ds = m.contains("datastore");
                clusters.info(i(a, 0));
                auth.check(u, new Request(Op.ADMIN, clusterObj(i(a, 0))),
                        new Request(Op.ADMIN, Obj.of(ds ? Type.DATASTORE : Type.NET, i(a, 1), 0, 0, 0600)));
                clusters.member(i(a, 0), ds, i(a, 1), m.contains(".add"));
                return i(a, 0);
            }
            case "one.vm.chown": {
                Vm v = core.vmInfo(i(a, 0));
                int uid = i(a, 1), gid = i(a, 2);
                User nu = uid >= 0 ? users.info(uid) : null;
                if (gid >= 0) groups.info(gid);
                List<Request> reqs = new ArrayList<>(List.of(new Request(Op.MANAGE, vmObj(v))));
                if (nu != null) reqs.add(new Request(Op.MANAGE, userObj(nu)));
                if (gid >= 0) reqs.add(new Request(Op.USE, groupObj(gid)));
                auth.check(u, reqs.toArray(Request[]::new));
                synchronized (core) {
                    // As 4.2: the new owner's and group's VM quotas must take the VM.
                    if (v.state != VmState.DONE && nu != null && nu.id() != v.uid && !Authorizer.isAdmin(nu))
                        Quotas.checkVm(nu.quotas(), usage(nu.id(), -1), v.memory, v.cpu, "user [" + nu.id() + "]");
                    if (v.state != VmState.DONE && gid > 0 && gid != v.gid)
                        Quotas.checkVm(groups.quotas(gid), usage(-1, gid), v.memory, v.cpu, "group [" + gid + "]");
                    vms.chown(v.id, uid, nu == null ? null : nu.name(), gid, gid >= 0 ? groups.name(gid) : null);
                }
                return v.id;
            }
            case "one.vm.chmod": {
                Vm v = core.vmInfo(i(a, 0));
                int[] bits = new int[9];
                boolean adminBit = false;
                for (int k = 0; k < 9; k++) {
                    bits[k] = i(a, k + 1);
                    if (bits[k] < -1 || bits[k] > 1) throw new OneError(OneError.XML_RPC_API, "Wrong permission bit " + bits[k] + ": use 0, 1 or -1 (unchanged)");
                    if (k % 3 == 2 && bits[k] == 1) adminBit = true;
                }
                // 4.2 asks for ADMIN when an admin bit is set, MANAGE otherwise.
                auth.check(u, adminBit ? Op.ADMIN : Op.MANAGE, vmObj(v));
                vms.chmod(v.id, bits);
                return v.id;
            }
            case "one.vm.rename": {
                Vm v = core.vmInfo(i(a, 0));
                auth.check(u, Op.MANAGE, vmObj(v));
                vms.rename(v.id, (String) a.get(1));
                return v.id;
            }
            default: throw new OneError(OneError.XML_RPC_API, "method " + m + " is not implemented");
        }
    }

    private static int i(List<Object> a, int n) {
        return (Integer) a.get(n);
    }
}

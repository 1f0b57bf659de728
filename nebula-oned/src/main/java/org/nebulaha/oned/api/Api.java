package org.nebulaha.oned.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.nebulaha.oned.auth.AclRule.Op;
import org.nebulaha.oned.auth.AclRule.Type;
import org.nebulaha.oned.auth.Authorizer;
import org.nebulaha.oned.auth.Authorizer.Obj;
import org.nebulaha.oned.auth.UserPool;
import org.nebulaha.oned.lifecycle.Core;
import org.nebulaha.oned.lifecycle.OneError;
import org.nebulaha.oned.model.Documents;
import org.nebulaha.oned.model.User;
import org.nebulaha.oned.model.Vm;
import org.nebulaha.oned.recover.Settler;
import org.nebulaha.oned.xmlrpc.XmlRpcFault;
import org.nebulaha.oned.xmlrpc.XmlRpcServer;

/**
 * OpenNebula's XML-RPC methods. Every reply is {@code [success, value-or-message, code]};
 * error messages carry the 4.2 request name, e.g.
 * {@code [VirtualMachineAction] Wrong state to perform action "stop"}. A call whose parameters
 * do not match the method's signature gets an XML-RPC fault naming the expected signature.
 */
public final class Api implements XmlRpcServer.Handler {
    private static final System.Logger LOG = System.getLogger("oned.api");
    public static final String VERSION = "4.2.0";

    private final Core core;
    private final Settler settler;
    private final UserPool users;
    private final Authorizer auth;
    private final AccessApi access;

    /** Signatures: request name, then parameter types after the session (s string, i int, b bool, x int or bool). */
    private static final Map<String, String[]> METHODS = Map.ofEntries(
            Map.entry("one.system.version", new String[] {"SystemVersion", ""}),
            Map.entry("one.vm.allocate", new String[] {"VirtualMachineAllocate", "s?b"}),
            Map.entry("one.vm.deploy", new String[] {"VirtualMachineDeploy", "ii?b?i"}),
            Map.entry("one.vm.action", new String[] {"VirtualMachineAction", "si"}),
            Map.entry("one.vm.recover", new String[] {"VirtualMachineRecover", "ix"}),
            Map.entry("one.vm.autorecover", new String[] {"VirtualMachineAutoRecover", "i?b"}),
            Map.entry("one.vm.info", new String[] {"VirtualMachineInfo", "i"}),
            Map.entry("one.vm.update", new String[] {"VirtualMachineUpdateTemplate", "is?i"}),
            Map.entry("one.vm.migrate", new String[] {"VirtualMachineMigrate", "ii?b?b?i"}),
            Map.entry("one.vm.attach", new String[] {"VirtualMachineAttach", "is"}),
            Map.entry("one.vm.detach", new String[] {"VirtualMachineDetach", "ii"}),
            Map.entry("one.vm.snapshotcreate", new String[] {"VirtualMachineSnapshotCreate", "is"}),
            Map.entry("one.vmpool.info", new String[] {"VirtualMachinePoolInfo", "?i?i?i?i"}),
            Map.entry("one.host.allocate", new String[] {"HostAllocate", "ssss?i"}),
            Map.entry("one.host.info", new String[] {"HostInfo", "i"}),
            Map.entry("one.host.enable", new String[] {"HostEnable", "ib"}),
            Map.entry("one.host.delete", new String[] {"HostDelete", "i"}),
            Map.entry("one.hostpool.info", new String[] {"HostPoolInfo", ""}),
            Map.entry("one.user.allocate", new String[] {"UserAllocate", "ss?s"}),
            Map.entry("one.user.info", new String[] {"UserInfo", "i"}),
            Map.entry("one.user.passwd", new String[] {"UserChangePassword", "is"}),
            Map.entry("one.user.delete", new String[] {"UserDelete", "i"}),
            Map.entry("one.userpool.info", new String[] {"UserPoolInfo", ""}));

    /** Further method families (templates, images, networks, datastores) by method name, with their signatures. */
    private final Map<String, MethodGroup> groups = new java.util.HashMap<>();
    private final Map<String, String[]> groupSignatures = new java.util.HashMap<>();

    /** Calls the objects of issue 17 (users, groups, ACLs, clusters, VM ownership) through {@code access}. */
    public Api(Core core, Settler settler, AccessApi access) {
        this(core, settler, access, List.of());
    }

    /** As {@link #Api(Core, Settler, AccessApi)}, with further method families (the catalog: templates, images, networks, datastores). */
    public Api(Core core, Settler settler, AccessApi access, List<MethodGroup> groups) {
        this.core = core;
        this.settler = settler;
        this.users = access.users();
        this.auth = access.authorizer();
        this.access = access;
        for (MethodGroup g : groups) {
            for (Map.Entry<String, String[]> e : g.signatures().entrySet()) {
                this.groups.put(e.getKey(), g);
                groupSignatures.put(e.getKey(), e.getValue());
            }
        }
    }

    public static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Object handle(String method, List<Object> params, String peer) throws XmlRpcFault {
        MethodGroup group = METHODS.containsKey(method) || AccessApi.METHODS.containsKey(method) ? null : groups.get(method);
        String[] sig = METHODS.containsKey(method) ? METHODS.get(method)
                : AccessApi.METHODS.containsKey(method) ? AccessApi.METHODS.get(method) : groupSignatures.get(method);
        if (sig == null) throw new XmlRpcFault(XmlRpcFault.UNKNOWN_METHOD, "Method '" + method + "' not defined");
        List<Object> args = check(method, sig[1], params);
        String request = sig[0];
        String session = (String) params.get(0);
        User user = users.authenticate(session);
        if (user == null) {
            int colon = session.indexOf(':');
            LOG.log(System.Logger.Level.WARNING, "" + method + " from " + peer + " refused: authentication failed for '"
                    + (colon > 0 ? session.substring(0, colon) : "?") + "'");
            return failure(request, new OneError(OneError.AUTHENTICATION, "User couldn't be authenticated, aborting call."));
        }
        try {
            Object value = METHODS.containsKey(method) ? call(method, args, user)
                    : group != null ? group.call(method, args, user) : access.call(method, args, user);
            return List.of(true, value, 0);
        } catch (OneError e) {
            if (e.code() == OneError.AUTHORIZATION)
                LOG.log(System.Logger.Level.INFO, "" + method + " by " + user.name() + " refused: " + e.getMessage());
            return failure(request, e);
        }
    }

    private static List<Object> failure(String request, OneError e) {
        return List.of(false, "[" + request + "] " + e.getMessage(), e.code());
    }

    /** The VM {@code id} when {@code u} may perform {@code op} on it (4.2's object permissions and ACLs). */
    private Vm vm(User u, int id, Op op) throws OneError {
        Vm v = core.vmInfo(id);
        auth.check(u, op, AccessApi.vmObj(v));
        return v;
    }

    private Object call(String m, List<Object> a, User u) throws OneError {
        switch (m) {
            case "one.system.version": return VERSION;
            case "one.vm.allocate": return access.allocateVm(u, (String) a.get(0), a.size() > 1 && (Boolean) a.get(1));
            case "one.vm.deploy":
                vm(u, i(a, 0), Op.ADMIN);
                core.deploy(i(a, 0), i(a, 1));
                return i(a, 0);
            case "one.vm.action": {
                String action = (String) a.get(0);
                boolean adminAction = action.equals("resched") || action.equals("unresched");
                vm(u, i(a, 1), adminAction ? Op.ADMIN : Op.MANAGE);
                core.action(action, i(a, 1));
                return i(a, 1);
            }
            case "one.vm.recover": {
                vm(u, i(a, 0), Op.ADMIN);
                Object op = a.get(1);
                core.recover(i(a, 0), op instanceof Boolean b ? (b ? 1 : 0) : (Integer) op, null);
                return i(a, 0);
            }
            case "one.vm.autorecover": {
                int id = i(a, 0);
                if (id < 0) auth.check(u, Op.ADMIN, Obj.create(Type.VM));
                else vm(u, id, Op.ADMIN);
                List<Integer> ids = id < 0 ? List.of() : List.of(id);
                List<Object> lines = new ArrayList<>();
                for (Settler.Line l : settler.settle(ids, a.size() > 1 && (Boolean) a.get(1))) lines.add(l.toString());
                return String.join("\n", lines.stream().map(String::valueOf).toList());
            }
            case "one.vm.info": return Documents.vm(vm(u, i(a, 0), Op.USE));
            case "one.vm.update":
                vm(u, i(a, 0), Op.MANAGE);
                // 4.2 has no type (replace); 4.4+ passes 0 replace or 1 merge.
                core.update(i(a, 0), (String) a.get(1), a.size() > 2 ? i(a, 2) : 0);
                return i(a, 0);
            case "one.vm.migrate":
                vm(u, i(a, 0), Op.ADMIN);
                core.migrate(i(a, 0), i(a, 1), a.size() > 2 && (Boolean) a.get(2));
                return i(a, 0);
            case "one.vm.attach":
                vm(u, i(a, 0), Op.MANAGE);
                core.attach(i(a, 0), (String) a.get(1));
                return i(a, 0);
            case "one.vm.snapshotcreate":
                vm(u, i(a, 0), Op.MANAGE);
                return core.snapshotCreate(i(a, 0), (String) a.get(1));
            case "one.vm.detach":
                vm(u, i(a, 0), Op.MANAGE);
                core.detach(i(a, 0), i(a, 1));
                return i(a, 0);
            case "one.vmpool.info": {
                int filter = a.size() > 0 ? i(a, 0) : -2;
                int start = a.size() > 1 ? i(a, 1) : -1, end = a.size() > 2 ? i(a, 2) : -1, state = a.size() > 3 ? i(a, 3) : -1;
                if (state < -2 || state > 9)
                    throw new OneError(OneError.XML_RPC_API, "Incorrect filter_flag, state must be -2, -1 or a VM state 0..9");
                if (filter < -3)
                    throw new OneError(OneError.XML_RPC_API, "Incorrect filter_flag " + filter + ": use -3 mine, -2 all, -1 mine and my group's, or a user id");
                if (!Authorizer.isAdmin(u) && (filter == -2 || filter == -1)) {
                    // Own VMs and those the user may USE (group/other permissions, ACLs); -1 only the group's.
                    List<Vm> seen = new ArrayList<>();
                    for (Vm v : core.vmPool(start, start < 0 && end < 0 ? -1 : end, state, -1))
                        if (v.uid == u.id() || ((filter == -2 || v.gid == u.gid()) && auth.allows(u, Op.USE, AccessApi.vmObj(v)))) seen.add(v);
                    return Documents.vmPool(seen);
                }
                int owner = owner(u, filter);
                if (owner == NOBODY) return Documents.vmPool(List.of());
                return Documents.vmPool(core.vmPool(start, start < 0 && end < 0 ? -1 : end, state, owner));
            }
            case "one.host.allocate":
                auth.check(u, Op.CREATE, Obj.create(Type.HOST));
                return core.hostAllocate((String) a.get(0), (String) a.get(1), (String) a.get(2), (String) a.get(3));
            case "one.host.info": return core.hostDocument(i(a, 0));
            case "one.host.enable":
                auth.check(u, Op.ADMIN, hostObj(i(a, 0)));
                core.hostEnable(i(a, 0), (Boolean) a.get(1));
                return i(a, 0);
            case "one.host.delete":
                auth.check(u, Op.ADMIN, hostObj(i(a, 0)));
                core.hostDelete(i(a, 0));
                return i(a, 0);
            case "one.hostpool.info": return core.hostPoolDocument();
            case "one.user.allocate":
                auth.check(u, Op.CREATE, Obj.create(Type.USER));
                return users.allocate((String) a.get(0), (String) a.get(1), a.size() > 2 ? (String) a.get(2) : "");
            case "one.user.info": {
                int id = i(a, 0) == -1 ? u.id() : i(a, 0); // -1: the connected user, as OpenNebula
                User target = users.info(id);
                auth.check(u, Op.USE, AccessApi.userObj(target));
                return access.userDocument(target, true);
            }
            case "one.user.passwd":
                auth.check(u, Op.MANAGE, AccessApi.userObj(users.info(i(a, 0))));
                users.passwd(i(a, 0), (String) a.get(1));
                return i(a, 0);
            case "one.user.delete":
                auth.check(u, Op.ADMIN, AccessApi.userObj(users.info(i(a, 0))));
                users.delete(i(a, 0));
                return i(a, 0);
            case "one.userpool.info":
                return access.userPoolDocument(u);
            default: throw new OneError(OneError.XML_RPC_API, "method " + m + " is not implemented");
        }
    }

    /** A host as authorization sees it: oneadmin's, in its cluster (for ACL rules on %cluster). */
    private Obj hostObj(int id) throws OneError {
        return new Obj(Type.HOST, id, 0, 0, 0600, access.hostCluster(id));
    }

    /**
     * The owner whose VMs a pool filter shows (-1 every owner). oneadmin: -2 and -1 all, -3 its
     * own, a user id that user's. Other users see only their own VMs: -3, -2, -1 and their own id;
     * another user's id shows nothing.
     */
    static int owner(User u, int filter) {
        if (Authorizer.isAdmin(u)) return filter == -3 ? u.id() : filter >= 0 ? filter : -1;
        return filter < 0 || filter == u.id() ? u.id() : NOBODY;
    }

    private static final int NOBODY = Integer.MIN_VALUE;

    private static int i(List<Object> a, int n) {
        return (Integer) a.get(n);
    }

    /**
     * Checks the session string and the parameter types against {@code sig} ('?' marks the
     * rest as optional); returns the parameters after the session.
     */
    static List<Object> check(String method, String sig, List<Object> params) throws XmlRpcFault {
        List<Character> types = new ArrayList<>();
        int required = -1;
        for (char ch : sig.toCharArray()) {
            if (ch == '?') {
                if (required < 0) required = types.size();
            } else {
                types.add(ch);
            }
        }
        if (required < 0) required = types.size();
        String expected = "(string session" + describe(types) + ")";
        boolean ok = !params.isEmpty() && params.get(0) instanceof String
                && params.size() - 1 >= required && params.size() - 1 <= types.size();
        for (int k = 1; ok && k < params.size(); k++) {
            Object p = params.get(k);
            switch (types.get(k - 1)) {
                case 's': ok = p instanceof String; break;
                case 'i': ok = p instanceof Integer; break;
                case 'b': ok = p instanceof Boolean; break;
                case 'x': ok = p instanceof Integer || p instanceof Boolean; break;
                default: ok = false;
            }
        }
        if (!ok) {
            List<String> got = new ArrayList<>();
            for (Object p : params) got.add(p == null ? "nil" : p.getClass().getSimpleName().toLowerCase());
            throw new XmlRpcFault(XmlRpcFault.BAD_PARAMS, method + " expects " + expected + ", got (" + String.join(", ", got) + ")");
        }
        return params.subList(1, params.size());
    }

    private static String describe(List<Character> types) {
        StringBuilder sb = new StringBuilder();
        for (char t : types) sb.append(", ").append(t == 's' ? "string" : t == 'i' ? "int" : t == 'b' ? "boolean" : "int|boolean");
        return sb.toString();
    }
}

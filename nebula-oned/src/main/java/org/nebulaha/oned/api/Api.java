package org.nebulaha.oned.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.nebulaha.oned.lifecycle.Core;
import org.nebulaha.oned.lifecycle.OneError;
import org.nebulaha.oned.model.Documents;
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
    private final String adminHash;

    /** Signatures: request name, then parameter types after the session (s string, i int, b bool, x int or bool). */
    private static final Map<String, String[]> METHODS = Map.ofEntries(
            Map.entry("one.system.version", new String[] {"SystemVersion", ""}),
            Map.entry("one.vm.allocate", new String[] {"VirtualMachineAllocate", "s?b"}),
            Map.entry("one.vm.deploy", new String[] {"VirtualMachineDeploy", "ii?b?i"}),
            Map.entry("one.vm.action", new String[] {"VirtualMachineAction", "si"}),
            Map.entry("one.vm.recover", new String[] {"VirtualMachineRecover", "ix"}),
            Map.entry("one.vm.autorecover", new String[] {"VirtualMachineAutoRecover", "i?b"}),
            Map.entry("one.vm.info", new String[] {"VirtualMachineInfo", "i"}),
            Map.entry("one.vm.migrate", new String[] {"VirtualMachineMigrate", "ii?b?b?i"}),
            Map.entry("one.vm.attach", new String[] {"VirtualMachineAttach", "is"}),
            Map.entry("one.vm.detach", new String[] {"VirtualMachineDetach", "ii"}),
            Map.entry("one.vm.snapshotcreate", new String[] {"VirtualMachineSnapshotCreate", "is"}),
            Map.entry("one.vmpool.info", new String[] {"VirtualMachinePoolInfo", "?i?i?i?i"}),
            Map.entry("one.host.allocate", new String[] {"HostAllocate", "ssss?i"}),
            Map.entry("one.host.info", new String[] {"HostInfo", "i"}),
            Map.entry("one.host.enable", new String[] {"HostEnable", "ib"}),
            Map.entry("one.host.delete", new String[] {"HostDelete", "i"}),
            Map.entry("one.hostpool.info", new String[] {"HostPoolInfo", ""}));

    public Api(Core core, Settler settler, String adminPassword) {
        this.core = core;
        this.settler = settler;
        this.adminHash = sha256(adminPassword);
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
        String[] sig = METHODS.get(method);
        if (sig == null) throw new XmlRpcFault(XmlRpcFault.UNKNOWN_METHOD, "Method '" + method + "' not defined");
        List<Object> args = check(method, sig[1], params);
        String request = sig[0];
        String session = (String) params.get(0);
        int colon = session.indexOf(':');
        if (colon <= 0 || !session.substring(0, colon).equals("oneadmin") || !sha256(session.substring(colon + 1)).equals(adminHash)) {
            LOG.log(System.Logger.Level.WARNING, "" + method + " from " + peer + " refused: authentication failed for '"
                    + (colon > 0 ? session.substring(0, colon) : "?") + "'");
            return failure(request, new OneError(OneError.AUTHENTICATION, "User couldn't be authenticated, aborting call."));
        }
        try {
            return List.of(true, call(method, args), 0);
        } catch (OneError e) {
            return failure(request, e);
        }
    }

    private static List<Object> failure(String request, OneError e) {
        return List.of(false, "[" + request + "] " + e.getMessage(), e.code());
    }

    private Object call(String m, List<Object> a) throws OneError {
        switch (m) {
            case "one.system.version": return VERSION;
            case "one.vm.allocate": return core.allocate((String) a.get(0), a.size() > 1 && (Boolean) a.get(1));
            case "one.vm.deploy":
                core.deploy(i(a, 0), i(a, 1));
                return i(a, 0);
            case "one.vm.action":
                core.action((String) a.get(0), i(a, 1));
                return i(a, 1);
            case "one.vm.recover": {
                Object op = a.get(1);
                core.recover(i(a, 0), op instanceof Boolean b ? (b ? 1 : 0) : (Integer) op, null);
                return i(a, 0);
            }
            case "one.vm.autorecover": {
                int id = i(a, 0);
                List<Integer> ids = id < 0 ? List.of() : List.of(id);
                List<Object> lines = new ArrayList<>();
                for (Settler.Line l : settler.settle(ids, a.size() > 1 && (Boolean) a.get(1))) lines.add(l.toString());
                return String.join("\n", lines.stream().map(String::valueOf).toList());
            }
            case "one.vm.info": return Documents.vm(core.vmInfo(i(a, 0)));
            case "one.vm.migrate":
                core.migrate(i(a, 0), i(a, 1), a.size() > 2 && (Boolean) a.get(2));
                return i(a, 0);
            case "one.vm.attach":
                core.attach(i(a, 0), (String) a.get(1));
                return i(a, 0);
            case "one.vm.snapshotcreate": return core.snapshotCreate(i(a, 0), (String) a.get(1));
            case "one.vm.detach":
                core.detach(i(a, 0), i(a, 1));
                return i(a, 0);
            case "one.vmpool.info": {
                // filter (-3 mine, -2 all, -1 mine+group, >=0 uid): everything belongs to oneadmin (uid 0).
                int filter = a.size() > 0 ? i(a, 0) : -2;
                int start = a.size() > 1 ? i(a, 1) : -1, end = a.size() > 2 ? i(a, 2) : -1, state = a.size() > 3 ? i(a, 3) : -1;
                if (state < -2 || state > 9)
                    throw new OneError(OneError.XML_RPC_API, "Incorrect filter_flag, state must be -2, -1 or a VM state 0..9");
                List<Vm> vms = filter > 0 ? List.of() : core.vmPool(start, start < 0 && end < 0 ? -1 : end, state);
                return Documents.vmPool(vms);
            }
            case "one.host.allocate": return core.hostAllocate((String) a.get(0), (String) a.get(1), (String) a.get(2), (String) a.get(3));
            case "one.host.info": return core.hostDocument(i(a, 0));
            case "one.host.enable":
                core.hostEnable(i(a, 0), (Boolean) a.get(1));
                return i(a, 0);
            case "one.host.delete":
                core.hostDelete(i(a, 0));
                return i(a, 0);
            case "one.hostpool.info": return core.hostPoolDocument();
            default: throw new OneError(OneError.XML_RPC_API, "method " + m + " is not implemented");
        }
    }

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

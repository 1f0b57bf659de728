package org.nebulaha.fence.virtd;

import java.lang.System.Logger.Level;
import java.util.List;
import org.nebulaha.fence.xvm.FenceRequest;
import org.nebulaha.fence.xvm.HostRecord;
import org.nebulaha.fence.xvm.Operation;
import org.nebulaha.fence.xvm.Response;

/**
 * Turns an authenticated request into the reply: checks the permission map, calls the backend,
 * and logs one line saying what was done, for whom, and the result.
 * Unknown request codes and NULL answer 1 (failure), as upstream.
 */
public final class RequestDispatcher {
    private static final System.Logger LOG = System.getLogger("fence_virtd");

    /** The response byte and, for a list, the hosts to send before the terminator. */
    public record Reply(int code, List<HostRecord> hosts) {
        public Reply {
            hosts = List.copyOf(hosts);
        }

        static Reply of(int code) {
            return new Reply(code, List.of());
        }
    }

    private final Backend backend;
    private final Permissions permissions;

    public RequestDispatcher(Backend backend, Permissions permissions) {
        this.backend = backend;
        this.permissions = permissions;
    }

    public Reply handle(FenceRequest r, String caller) {
        Operation op = r.operation();
        if (op == null || op.isLocal()) {
            LOG.log(Level.WARNING, "{0} from {1}: unsupported request code {2}; answering failure", r.describe(), caller,
                    r.request());
            return Reply.of(Response.FAIL);
        }
        boolean needsPermission = op == Operation.OFF || op == Operation.ON || op == Operation.REBOOT || op == Operation.STATUS;
        if (needsPermission && !permissions.allows(caller, r.domain())) {
            LOG.log(Level.WARNING, "{0} from {1}: permission denied by the groups map", op.word(), caller);
            return Reply.of(Response.PERM_DENIED);
        }
        Reply reply = switch (op) {
            case OFF -> Reply.of(backend.off(r.domain()));
            case ON -> Reply.of(backend.on(r.domain()));
            case REBOOT -> Reply.of(backend.reboot(r.domain()));
            case STATUS -> Reply.of(backend.status(r.domain()));
            case DEVSTATUS -> Reply.of(backend.monitor());
            case HOSTLIST -> list(caller);
            default -> Reply.of(Response.FAIL); // NULL: nothing to do, and upstream answers failure
        };
        LOG.log(Level.INFO, String.format("%s%s for %s (seqno %d) via %s: %s", op.word(), r.domain().isEmpty() ? "" : " " + r.domain(),
                caller, r.seqno(), backend.describe(), describe(op, reply)));
        return reply;
    }

    private Reply list(String caller) {
        try {
            return new Reply(Response.HOSTLIST, permissions.visible(caller, backend.list()));
        } catch (Backend.BackendException e) {
            LOG.log(Level.WARNING, "list for {0} failed: {1}", caller, e.getMessage());
            return Reply.of(Response.FAIL);
        }
    }

    private static String describe(Operation op, Reply r) {
        if (r.code() == Response.HOSTLIST) return r.hosts().size() + " hosts";
        if (op == Operation.STATUS) return r.code() == 0 ? "running (0)" : r.code() == 2 ? "off (2)" : "failure (" + r.code() + ")";
        return r.code() == 0 ? "success (0)" : "failure (" + r.code() + ")";
    }
}

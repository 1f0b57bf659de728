package org.nebulaha.fence.virtd;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.List;
import org.nebulaha.fence.lab.PowerCommand;
import org.nebulaha.fence.xvm.HostRecord;
import org.nebulaha.fence.xvm.Response;

/**
 * fence_virtd's {@code lab} backend: the domain names of requests are lab host names, and every
 * operation runs the configured {@link PowerCommand} ({@code backends { lab { power_command = "...";
 * timeout = "30"; } }}). Exit codes map straight to response bytes: 0 success, 2 off (status),
 * anything else failure. A domain given as a UUID is first mapped to its name through {@code list}.
 */
public final class LabBackend implements Backend {
    private static final System.Logger LOG = System.getLogger("fence_virtd");
    private final PowerCommand command;

    public LabBackend(PowerCommand command) {
        this.command = command;
    }

    @Override
    public String describe() {
        return "lab " + command.executable();
    }

    @Override
    public int off(String domain) {
        return run("off", domain, false);
    }

    @Override
    public int on(String domain) {
        return run("on", domain, false);
    }

    @Override
    public int reboot(String domain) {
        return run("reboot", domain, false);
    }

    @Override
    public int status(String domain) {
        return run("status", domain, true);
    }

    @Override
    public int monitor() {
        try {
            command.check();
            return Response.SUCCESS;
        } catch (IOException e) {
            LOG.log(Level.WARNING, "lab backend not usable: {0}", e.getMessage());
            return Response.FAIL;
        }
    }

    @Override
    public List<HostRecord> list() throws BackendException {
        try {
            return command.list();
        } catch (IOException e) {
            throw new BackendException(e.getMessage());
        }
    }

    private int run(String action, String domain, boolean isStatus) {
        String host = nameOf(domain);
        PowerCommand.Run r = command.run(action, host);
        if (r.exitCode() != 0)
            LOG.log(Level.INFO, "lab {0} {1}: exit {2} {3}", action, host, r.exitCode(), r.stderr().strip());
        if (r.exitCode() == 0) return Response.SUCCESS;
        if (isStatus && r.exitCode() == 2) return Response.OFF;
        return Response.FAIL;
    }

    /** Requests may name a host by the UUID that list reported; the command wants the name. */
    private String nameOf(String domain) {
        if (!LibvirtBackend.isUuid(domain)) return domain;
        try {
            for (HostRecord h : command.list()) if (h.uuid().equalsIgnoreCase(domain)) return h.name();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot map UUID {0} to a lab host: {1}", domain, e.getMessage());
        }
        return domain;
    }

    @Override
    public void close() {
        // nothing held between calls
    }
}

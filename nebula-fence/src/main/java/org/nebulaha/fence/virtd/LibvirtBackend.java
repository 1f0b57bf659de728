package org.nebulaha.fence.virtd;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.DomainInfo.DomainState;
import org.libvirt.LibvirtException;
import org.nebulaha.fence.xvm.HostRecord;
import org.nebulaha.fence.xvm.Response;

/**
 * fence_virtd's {@code libvirt} backend through the libvirt Java binding (needs the system's
 * libvirt0). Configured by {@code backends { libvirt { uri = "qemu:///system"; uri1 = "..."; } }};
 * the first URI that has the domain wins; dead connections are reopened. A domain that looks like
 * a UUID is looked up by UUID, else by name. Semantics follow fence-virt 4.12:
 * <ul>
 *   <li>off: unknown → 1; already shut off → 0; else destroy.</li>
 *   <li>on: unknown → 1; not shut off → 0; else start.</li>
 *   <li>reboot: unknown → 1; shut off → 0 without starting; else keep the XML, destroy, wait up to
 *       15 s for it to stop, start it again (a failed restart is only logged).</li>
 *   <li>status: unknown or shut off → 2; else 0. monitor → 0. list: all domains, sorted by name.</li>
 * </ul>
 */
public final class LibvirtBackend implements Backend {
    private static final System.Logger LOG = System.getLogger("fence_virtd");
    private static final Pattern UUID = Pattern.compile("[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}");

    /**
     * libvirt's default handler prints every error ("Domain not found" for each lookup miss) to
     * stderr; the binding still turns them into exceptions, which we log once with context.
     * Held in a field: JNA callbacks must stay reachable.
     */
    private static final org.libvirt.ErrorCallback QUIET = new org.libvirt.ErrorCallback();

    private final List<String> uris;
    private final Map<String, Connect> connections = new LinkedHashMap<>();

    public LibvirtBackend(List<String> uris) throws LibvirtException {
        if (uris.isEmpty()) throw new IllegalArgumentException("libvirt backend needs at least one uri");
        this.uris = List.copyOf(uris);
        Connect.setErrorCallback(QUIET);
        for (String u : uris) connection(u); // fail at startup, not at the first fence
    }

    public static boolean isUuid(String s) {
        return UUID.matcher(s).matches();
    }

    @Override
    public String describe() {
        return "libvirt " + String.join(",", uris);
    }

    private Connect connection(String uri) throws LibvirtException {
        Connect c = connections.get(uri);
        if (c != null) {
            try {
                if (c.isAlive()) return c;
            } catch (LibvirtException e) {
                LOG.log(Level.WARNING, "libvirt connection {0} is dead ({1}); reopening", uri, e.getMessage());
            }
        }
        c = new Connect(uri);
        connections.put(uri, c);
        return c;
    }

    private Domain find(String name) {
        for (String u : uris) {
            try {
                Connect c = connection(u);
                return isUuid(name) ? c.domainLookupByUUIDString(name) : c.domainLookupByName(name);
            } catch (LibvirtException e) {
                // not on this hypervisor; try the next one
            }
        }
        return null;
    }

    private static DomainState state(Domain d) throws LibvirtException {
        return d.getInfo().state;
    }

    @Override
    public int off(String domain) {
        Domain d = find(domain);
        if (d == null) return notFound("off", domain);
        try {
            if (state(d) == DomainState.VIR_DOMAIN_SHUTOFF) return Response.SUCCESS;
            d.destroy();
            return Response.SUCCESS;
        } catch (LibvirtException e) {
            return failed("off", domain, e);
        }
    }

    @Override
    public int on(String domain) {
        Domain d = find(domain);
        if (d == null) return notFound("on", domain);
        try {
            if (state(d) != DomainState.VIR_DOMAIN_SHUTOFF) return Response.SUCCESS;
            d.create();
            return Response.SUCCESS;
        } catch (LibvirtException e) {
            return failed("on", domain, e);
        }
    }

    @Override
    public int reboot(String domain) {
        Domain d = find(domain);
        if (d == null) return notFound("reboot", domain);
        try {
            if (state(d) == DomainState.VIR_DOMAIN_SHUTOFF) return Response.SUCCESS; // upstream does not start a stopped VM
            String xml = d.getXMLDesc(0);
            d.destroy();
            if (!waitStopped(domain)) {
                LOG.log(Level.WARNING, "reboot {0}: still running 15 s after destroy", domain);
                return Response.FAIL;
            }
            restart(domain, xml);
            return Response.SUCCESS;
        } catch (LibvirtException e) {
            return failed("reboot", domain, e);
        }
    }

    private boolean waitStopped(String domain) throws LibvirtException {
        for (int i = 0; i < 15; i++) {
            Domain d = find(domain);
            if (d == null || state(d) == DomainState.VIR_DOMAIN_SHUTOFF) return true;
            try {
                Thread.sleep(1000); // polling the hypervisor, as upstream: once a second
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    private void restart(String domain, String xml) {
        try {
            Domain d = find(domain);
            if (d != null) d.create(); // persistent domain: still defined, start it
            else connection(uris.get(0)).domainCreateXML(xml, 0); // transient: recreate from its XML
        } catch (LibvirtException e) {
            LOG.log(Level.WARNING, "reboot {0}: destroyed, but restarting failed: {1}", domain, e.getMessage());
        }
    }

    @Override
    public int status(String domain) {
        Domain d = find(domain);
        if (d == null) return Response.OFF;
        try {
            return state(d) == DomainState.VIR_DOMAIN_SHUTOFF ? Response.OFF : Response.SUCCESS;
        } catch (LibvirtException e) {
            return failed("status", domain, e);
        }
    }

    @Override
    public int monitor() {
        return Response.SUCCESS;
    }

    @Override
    public List<HostRecord> list() throws BackendException {
        List<HostRecord> hosts = new ArrayList<>();
        for (String u : uris) {
            try {
                for (Domain d : connection(u).listAllDomains(0))
                    hosts.add(new HostRecord(d.getName(), d.getUUIDString(), state(d).ordinal()));
            } catch (LibvirtException e) {
                throw new BackendException("libvirt " + u + ": " + e.getMessage());
            }
        }
        hosts.sort(Comparator.comparing(HostRecord::name, String.CASE_INSENSITIVE_ORDER));
        return hosts;
    }

    private static int notFound(String op, String domain) {
        LOG.log(Level.INFO, "{0} {1}: no such domain", op, domain);
        return Response.FAIL;
    }

    private static int failed(String op, String domain, LibvirtException e) {
        LOG.log(Level.WARNING, "{0} {1} failed: {2}", op, domain, e.getMessage());
        return Response.FAIL;
    }

    @Override
    public void close() {
        for (Connect c : connections.values()) {
            try {
                c.close();
            } catch (LibvirtException e) {
                // closing at shutdown: nothing to do
            }
        }
        connections.clear();
    }
}

package org.nebulaha.sunstone.io;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.nebulaha.oned.xmlrpc.XmlRpcClient;
import org.nebulaha.oned.xmlrpc.OneRefusal;
import org.nebulaha.oned.xmlrpc.OneXml;
import org.nebulaha.sunstone.model.CatalogRows;
import org.nebulaha.sunstone.model.HostRow;
import org.nebulaha.sunstone.model.VmRow;
import org.w3c.dom.Element;
import static org.nebulaha.oned.xmlrpc.OneXml.child;
import static org.nebulaha.oned.xmlrpc.OneXml.children;
import static org.nebulaha.oned.xmlrpc.OneXml.lng;
import static org.nebulaha.oned.xmlrpc.OneXml.num;
import static org.nebulaha.oned.xmlrpc.OneXml.text;

/**
 * Sunstone's calls to oned, each with the logged-in user's {@code user:password} session.
 * An unreachable oned is an {@link IOException}; a refusal ({@code [false, message, code]} or a
 * fault) a {@link Refused} carrying oned's message.
 */
public final class OneApi {
    public static final int AUTHENTICATION = 0x0100;

    /** oned refused the call; {@code code} is OpenNebula's error code (0x0100 authentication, …). */
    public static final class Refused extends Exception {
        public final int code;

        public Refused(String message, int code) {
            super(message);
            this.code = code;
        }
    }

    private final XmlRpcClient rpc;

    public OneApi(URI endpoint, Duration timeout) {
        this.rpc = new XmlRpcClient(endpoint, timeout);
    }

    public Object call(String session, String method, Object... args) throws IOException, Refused {
        try {
            return rpc.callOne(session, method, args);
        } catch (OneRefusal r) {
            throw new Refused(r.getMessage(), r.code());
        }
    }

    /** Checks {@code user:password} against oned; returns oned's version. */
    public String login(String session) throws IOException, Refused {
        return String.valueOf(call(session, "one.system.version"));
    }

    public List<VmRow> vms(String session) throws IOException, Refused {
        List<VmRow> out = new ArrayList<>();
        for (Element vm : children(parse((String) call(session, "one.vmpool.info", -2, -1, -1, -1)), "VM")) out.add(vm(vm));
        return out;
    }

    public VmRow vm(String session, int id) throws IOException, Refused {
        return vm(parse((String) call(session, "one.vm.info", id)));
    }

    public List<HostRow> hosts(String session) throws IOException, Refused {
        List<HostRow> out = new ArrayList<>();
        for (Element h : children(parse((String) call(session, "one.hostpool.info")), "HOST")) out.add(host(h));
        return out;
    }

    public HostRow host(String session, int id) throws IOException, Refused {
        return host(parse((String) call(session, "one.host.info", id)));
    }

    public void action(String session, String action, int id) throws IOException, Refused {
        call(session, "one.vm.action", action, id);
    }

    public void recover(String session, int id, int op) throws IOException, Refused {
        call(session, "one.vm.recover", id, op);
    }

    public void hostEnable(String session, int id, boolean enable) throws IOException, Refused {
        call(session, "one.host.enable", id, enable);
    }

    public List<CatalogRows.TemplateRow> templates(String session) throws IOException, Refused {
        List<CatalogRows.TemplateRow> out = new ArrayList<>();
        for (Element t : children(parse((String) call(session, "one.templatepool.info", -2, -1, -1)), "VMTEMPLATE")) {
            Element body = child(t, "TEMPLATE");
            out.add(new CatalogRows.TemplateRow(num(t, "ID"), text(t, "NAME"), text(t, "UNAME"), lng(t, "REGTIME"),
                    body == null ? "" : text(body, "CPU"), body == null ? "" : text(body, "MEMORY")));
        }
        return out;
    }

    /** one.template.instantiate; returns the new VM's id. */
    public int instantiate(String session, int template, String name) throws IOException, Refused {
        return (Integer) call(session, "one.template.instantiate", template, name, false, "");
    }

    public List<CatalogRows.ImageRow> images(String session) throws IOException, Refused {
        List<String> types = org.nebulaha.oned.model.Image.TYPES, states = org.nebulaha.oned.model.Image.STATES;
        List<CatalogRows.ImageRow> out = new ArrayList<>();
        for (Element i : children(parse((String) call(session, "one.imagepool.info", -2, -1, -1)), "IMAGE")) {
            int type = num(i, "TYPE"), state = num(i, "STATE");
            out.add(new CatalogRows.ImageRow(num(i, "ID"), text(i, "NAME"), text(i, "UNAME"), text(i, "DATASTORE"),
                    type >= 0 && type < types.size() ? types.get(type) : "?", state >= 0 && state < states.size() ? states.get(state) : "?",
                    lng(i, "SIZE"), num(i, "PERSISTENT") == 1, num(i, "RUNNING_VMS")));
        }
        return out;
    }

    /** The networks with their leases (the pool leaves leases out, as 4.2: each network is read with one.vn.info). */
    public List<CatalogRows.VnetRow> vnets(String session) throws IOException, Refused {
        List<CatalogRows.VnetRow> out = new ArrayList<>();
        for (Element p : children(parse((String) call(session, "one.vnpool.info", -2, -1, -1)), "VNET")) {
            Element n = parse((String) call(session, "one.vn.info", num(p, "ID")));
            List<CatalogRows.LeaseRow> leases = new ArrayList<>();
            Element ls = child(n, "LEASES");
            if (ls != null) for (Element l : children(ls, "LEASE"))
                leases.add(new CatalogRows.LeaseRow(text(l, "IP"), text(l, "MAC"), num(l, "USED") == 1, num(l, "VID")));
            Element r = child(n, "RANGE");
            out.add(new CatalogRows.VnetRow(num(n, "ID"), text(n, "NAME"), text(n, "UNAME"), num(n, "TYPE") == 0 ? "RANGED" : "FIXED",
                    text(n, "BRIDGE"), r == null ? "" : text(r, "IP_START") + " - " + text(r, "IP_END"), lng(n, "TOTAL_LEASES"), leases));
        }
        return out;
    }

    static VmRow vm(Element vm) {
        List<VmRow.HistoryRow> hist = new ArrayList<>();
        Element hr = child(vm, "HISTORY_RECORDS");
        String host = "";
        if (hr != null) for (Element h : children(hr, "HISTORY")) {
            hist.add(new VmRow.HistoryRow(num(h, "SEQ"), text(h, "HOSTNAME"), lng(h, "STIME"), lng(h, "ETIME"), num(h, "REASON")));
            host = text(h, "HOSTNAME");
        }
        Element t = child(vm, "TEMPLATE");
        String cpu = t == null ? "" : text(t, "CPU");
        long mem = t == null ? 0 : lng(t, "MEMORY");
        Element ut = child(vm, "USER_TEMPLATE");
        String message = ut == null || child(ut, "SCHED_MESSAGE") == null ? null : text(ut, "SCHED_MESSAGE");
        return new VmRow(num(vm, "ID"), text(vm, "NAME"), text(vm, "UNAME"), num(vm, "STATE"), num(vm, "LCM_STATE"), host, cpu, mem,
                text(vm, "DEPLOY_ID"), text(vm, "PENDING_OPERATION"), lng(vm, "STIME"), hist, message);
    }

    static HostRow host(Element h) {
        Element s = child(h, "HOST_SHARE");
        List<Integer> vms = new ArrayList<>();
        Element v = child(h, "VMS");
        if (v != null) for (Element id : children(v, "ID")) vms.add(Integer.parseInt(id.getTextContent().strip()));
        return new HostRow(num(h, "ID"), text(h, "NAME"), num(h, "STATE"), text(h, "IM_MAD"), text(h, "VM_MAD"), lng(h, "LAST_MON_TIME"),
                s == null ? 0 : lng(s, "MAX_CPU"), s == null ? 0 : lng(s, "CPU_USAGE"), s == null ? 0 : lng(s, "MAX_MEM"),
                s == null ? 0 : lng(s, "MEM_USAGE"), s == null ? 0 : num(s, "RUNNING_VMS"), vms);
    }

    static Element parse(String xml) throws Refused {
        try {
            return OneXml.parse(xml);
        } catch (IllegalArgumentException e) {
            throw new Refused("oned sent a document that is not XML: " + e.getMessage(), 0);
        }
    }
}

package org.nebulaha.sched.io;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nebulaha.oned.xmlrpc.XmlRpcClient;
import org.nebulaha.oned.xmlrpc.OneRefusal;
import org.nebulaha.oned.xmlrpc.OneXml;
import org.nebulaha.sched.model.HostView;
import org.nebulaha.sched.model.PendingVm;
import org.w3c.dom.Element;
import static org.nebulaha.oned.xmlrpc.OneXml.child;
import static org.nebulaha.oned.xmlrpc.OneXml.children;
import static org.nebulaha.oned.xmlrpc.OneXml.num;
import static org.nebulaha.oned.xmlrpc.OneXml.text;

/**
 * The scheduler's only way to oned: XML-RPC calls with the oneadmin session, as OpenNebula
 * 4.2's mm_sched makes them ({@code one.vmpool.info(-2,-1,-1,-1)}, {@code one.hostpool.info},
 * {@code one.vm.deploy(vid, hid, false)}, {@code one.vm.migrate}, {@code one.vm.update}).
 * An unreachable oned is an {@link IOException}; a refused call a {@link Refused}.
 */
public final class OnedGateway {
    /** oned answered {@code [false, message, code]} or an XML-RPC fault. */
    public static final class Refused extends Exception {
        public final int code;

        public Refused(String message, int code) {
            super(message);
            this.code = code;
        }
    }

    private final XmlRpcClient rpc;
    private final String session;

    public OnedGateway(URI endpoint, String session, Duration timeout) {
        this.rpc = new XmlRpcClient(endpoint, timeout);
        this.session = session;
    }

    public URI endpoint() {
        return rpc.endpoint();
    }

    public Object call(String method, Object... args) throws IOException, Refused {
        try {
            return rpc.callOne(session, method, args);
        } catch (OneRefusal r) {
            throw new Refused(r.getMessage(), r.code());
        }
    }

    /** Pending VMs and running VMs marked for rescheduling. */
    public List<PendingVm> pendingVms() throws IOException, Refused {
        return parseVms((String) call("one.vmpool.info", -2, -1, -1, -1));
    }

    public List<HostView> hosts() throws IOException, Refused {
        return parseHosts((String) call("one.hostpool.info"));
    }

    public void deploy(int vm, int host) throws IOException, Refused {
        call("one.vm.deploy", vm, host, false);
    }

    public void migrate(int vm, int host, boolean live) throws IOException, Refused {
        call("one.vm.migrate", vm, host, live, false);
    }

    /** Writes {@code SCHED_MESSAGE = "<time> : <message>"} into the VM's USER_TEMPLATE, merged (type 1): the rest is kept. */
    public void setSchedMessage(int vm, String timedMessage) throws IOException, Refused {
        call("one.vm.update", vm, "SCHED_MESSAGE = \"" + timedMessage.replace("\\", "\\\\").replace("\"", "\\\"") + "\"", 1);
    }

    /** Drops SCHED_MESSAGE: the USER_TEMPLATE is replaced (type 0) by the rest of it, as OpenNebula's scheduler does on dispatch. */
    public void clearSchedMessage(PendingVm vm) throws IOException, Refused {
        call("one.vm.update", vm.id(), vm.otherUserTemplate(), 0);
    }

    static List<PendingVm> parseVms(String xml) throws Refused {
        List<PendingVm> out = new ArrayList<>();
        for (Element vm : children(parse(xml), "VM")) {
            int state = num(vm, "STATE"), lcm = num(vm, "LCM_STATE");
            boolean resched = num(vm, "RESCHED") == 1 && state == 3 && lcm == 3;
            if (state != 1 && !resched) continue;
            Element t = child(vm, "TEMPLATE");
            Map<String, String> tm = t == null ? Map.of() : flat(t);
            double cpu = parseDouble(tm.getOrDefault("CPU", "0"));
            long mem = (long) parseDouble(tm.getOrDefault("MEMORY", "0"));
            String req = tm.getOrDefault("SCHED_REQUIREMENTS", tm.get("REQUIREMENTS"));
            String rank = tm.getOrDefault("SCHED_RANK", tm.get("RANK"));
            int host = -1;
            Element hist = child(vm, "HISTORY_RECORDS");
            if (hist != null) for (Element h : children(hist, "HISTORY")) host = num(h, "HID");
            Element ut = child(vm, "USER_TEMPLATE");
            String message = ut == null || child(ut, "SCHED_MESSAGE") == null ? null : text(ut, "SCHED_MESSAGE");
            out.add(new PendingVm(num(vm, "ID"), text(vm, "NAME"), Math.round(cpu * 100), mem, req, rank, resched, host, message,
                    templateWithout(ut, "SCHED_MESSAGE")));
        }
        return out;
    }

    static List<HostView> parseHosts(String xml) throws Refused {
        List<HostView> out = new ArrayList<>();
        for (Element h : children(parse(xml), "HOST")) {
            Map<String, String> attrs = new HashMap<>();
            Element share = child(h, "HOST_SHARE"), t = child(h, "TEMPLATE");
            if (share != null) attrs.putAll(flat(share));
            if (t != null) attrs.putAll(flat(t));
            for (String k : new String[] {"ID", "NAME", "STATE", "IM_MAD", "VM_MAD", "VN_MAD", "CLUSTER_ID", "CLUSTER"})
                attrs.put(k, text(h, k));
            out.add(new HostView(num(h, "ID"), text(h, "NAME"), num(h, "STATE"), lng(attrs, "MAX_CPU"), lng(attrs, "MAX_MEM"),
                    lng(attrs, "CPU_USAGE"), lng(attrs, "MEM_USAGE"), lng(attrs, "FREE_CPU"), (int) lng(attrs, "RUNNING_VMS"), attrs));
        }
        return out;
    }

    private static Element parse(String xml) throws Refused {
        try {
            return OneXml.parse(xml);
        } catch (IllegalArgumentException e) {
            throw new Refused("oned sent a pool document that is not XML: " + e.getMessage(), 0);
        }
    }

    /** {@code t}'s attributes except {@code name}, as a {@code <TEMPLATE>} document oned's one.vm.update reads (values in CDATA). */
    static String templateWithout(Element t, String name) {
        StringBuilder sb = new StringBuilder("<TEMPLATE>");
        if (t != null) for (Element a : children(t, null)) {
            if (a.getTagName().equals(name)) continue;
            sb.append('<').append(a.getTagName()).append('>');
            List<Element> sub = children(a, null);
            if (sub.isEmpty()) sb.append(cdata(a.getTextContent()));
            else for (Element e : sub) sb.append('<').append(e.getTagName()).append('>').append(cdata(e.getTextContent())).append("</").append(e.getTagName()).append('>');
            sb.append("</").append(a.getTagName()).append('>');
        }
        return sb.append("</TEMPLATE>").toString();
    }

    private static String cdata(String v) {
        return "<![CDATA[" + v.replace("]]>", "]]]]><![CDATA[>") + "]]>";
    }

    /** Single-valued children as NAME -> text (vectors are skipped). */
    private static Map<String, String> flat(Element e) {
        Map<String, String> m = new HashMap<>();
        for (Element c : children(e, null)) if (children(c, null).isEmpty()) m.put(c.getTagName().toUpperCase(), c.getTextContent().strip());
        return m;
    }

    private static long lng(Map<String, String> m, String k) {
        return (long) parseDouble(m.getOrDefault(k, "0"));
    }

    private static double parseDouble(String s) {
        try {
            return Double.parseDouble(s.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}

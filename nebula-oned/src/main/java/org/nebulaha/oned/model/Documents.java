package org.nebulaha.oned.model;

import static org.nebulaha.oned.xmlrpc.XmlRpcCodec.escape;

import java.util.Collection;

/** VM and host documents in OpenNebula's XML (4.2 vm.xsd / host.xsd element names). */
public final class Documents {
    private Documents() {}

    public static String vm(Vm v) {
        StringBuilder sb = new StringBuilder("<VM>");
        el(sb, "ID", v.id); el(sb, "UID", v.uid); el(sb, "GID", v.gid); el(sb, "UNAME", v.uname); el(sb, "GNAME", v.gname);
        el(sb, "NAME", v.name);
        permissions(sb, v.perms);
        el(sb, "LAST_POLL", v.lastPoll); el(sb, "STATE", v.state.code); el(sb, "LCM_STATE", v.lcm.code);
        el(sb, "RESCHED", v.resched ? 1 : 0); el(sb, "STIME", v.stime); el(sb, "ETIME", v.etime);
        el(sb, "DEPLOY_ID", v.deployId); el(sb, "MEMORY", v.memory); el(sb, "CPU", (long) (v.cpu * 100));
        el(sb, "NET_TX", 0); el(sb, "NET_RX", 0);
        sb.append(v.template.toXml()).append(v.userTemplate.toXml("USER_TEMPLATE"));
        el(sb, "PENDING_OPERATION", v.pendingOp == null ? "" : v.pendingOp.word);
        if (!v.history.isEmpty()) {
            sb.append("<HISTORY_RECORDS>");
            for (History h : v.history) {
                sb.append("<HISTORY>");
                el(sb, "OID", v.id); el(sb, "SEQ", h.seq()); el(sb, "HOSTNAME", h.hostname()); el(sb, "HID", h.hostId());
                el(sb, "STIME", h.stime()); el(sb, "ETIME", h.etime()); el(sb, "VMMMAD", h.vmmMad()); el(sb, "VNMMAD", "dummy");
                el(sb, "TMMAD", h.tmMad()); el(sb, "DS_LOCATION", "/var/lib/one/datastores"); el(sb, "DS_ID", 0);
                el(sb, "REASON", h.reason()); el(sb, "ACTION", 0);
                sb.append("</HISTORY>");
            }
            sb.append("</HISTORY_RECORDS>");
        }
        return sb.append("</VM>").toString();
    }

    public static String vmPool(Collection<Vm> vms) {
        StringBuilder sb = new StringBuilder("<VM_POOL>");
        for (Vm v : vms) sb.append(vm(v));
        return sb.append("</VM_POOL>").toString();
    }

    public static String host(Host h) {
        StringBuilder sb = new StringBuilder("<HOST>");
        el(sb, "ID", h.id); el(sb, "NAME", h.name); el(sb, "STATE", h.state.code); el(sb, "IM_MAD", h.imMad);
        el(sb, "VM_MAD", h.vmMad); el(sb, "VN_MAD", h.vnMad); el(sb, "LAST_MON_TIME", h.lastMonTime);
        el(sb, "CLUSTER_ID", h.clusterId); el(sb, "CLUSTER", h.clusterName);
        sb.append("<HOST_SHARE>");
        el(sb, "DISK_USAGE", 0); el(sb, "MEM_USAGE", h.usedMem); el(sb, "CPU_USAGE", h.usedCpu);
        el(sb, "MAX_DISK", 0); el(sb, "MAX_MEM", h.maxMem); el(sb, "MAX_CPU", h.maxCpu);
        el(sb, "FREE_DISK", 0); el(sb, "FREE_MEM", Math.max(0, h.maxMem - h.usedMem)); el(sb, "FREE_CPU", Math.max(0, h.maxCpu - h.usedCpu));
        el(sb, "USED_DISK", 0); el(sb, "USED_MEM", h.usedMem); el(sb, "USED_CPU", h.usedCpu);
        el(sb, "RUNNING_VMS", h.vms.size());
        sb.append("</HOST_SHARE><VMS>");
        for (int id : h.vms) el(sb, "ID", id);
        sb.append("</VMS><TEMPLATE>");
        for (String line : h.monitor.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0 && line.substring(0, eq).matches("[A-Z_]+") && !line.startsWith("VM="))
                el(sb, line.substring(0, eq), line.substring(eq + 1));
        }
        return sb.append("</TEMPLATE></HOST>").toString();
    }

    public static String hostPool(Collection<Host> hosts) {
        StringBuilder sb = new StringBuilder("<HOST_POOL>");
        for (Host h : hosts) sb.append(host(h));
        return sb.append("</HOST_POOL>").toString();
    }

    /** 4.2's PERMISSIONS element from an octal triple (0640: owner use+manage, group use). */
    public static void permissions(StringBuilder sb, int perms) {
        sb.append("<PERMISSIONS>");
        String[] who = {"OWNER", "GROUP", "OTHER"}, what = {"U", "M", "A"};
        for (int k = 0; k < 9; k++) el(sb, who[k / 3] + "_" + what[k % 3], (perms >> (8 - k)) & 1);
        sb.append("</PERMISSIONS>");
    }

    private static void el(StringBuilder sb, String name, Object value) {
        sb.append('<').append(name).append('>').append(escape(String.valueOf(value))).append("</").append(name).append('>');
    }
}

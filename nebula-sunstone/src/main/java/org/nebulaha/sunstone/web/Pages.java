package org.nebulaha.sunstone.web;

import static org.nebulaha.sunstone.web.Html.badge;
import static org.nebulaha.sunstone.web.Html.bar;
import static org.nebulaha.sunstone.web.Html.cpu;
import static org.nebulaha.sunstone.web.Html.esc;
import static org.nebulaha.sunstone.web.Html.mb;
import static org.nebulaha.sunstone.web.Html.time;

import java.util.List;
import java.util.Map;
import org.nebulaha.sunstone.model.ClusterView;
import org.nebulaha.sunstone.model.Dashboard;
import org.nebulaha.sunstone.model.HostRow;
import org.nebulaha.sunstone.model.RecoverChoices;
import org.nebulaha.sunstone.model.VmRow;

/** The HTML of each page and live panel, from data already read. */
final class Pages {
    private Pages() {}

    static String login(String note, String error, String user) {
        StringBuilder sb = new StringBuilder("<div class=\"login\"><h1>Sunstone</h1>");
        if (note != null) sb.append("<div class=\"notice\" id=\"note\">").append(esc(note)).append("</div>");
        if (error != null) sb.append("<div class=\"error\" id=\"error\">").append(esc(error)).append("</div>");
        sb.append("<form method=\"post\" action=\"/login\"><label>User<input type=\"text\" name=\"user\" id=\"login-user\" autofocus value=\"")
                .append(esc(user == null ? "" : user)).append("\"></label><label>Password<input type=\"password\" name=\"password\" id=\"login-password\"></label>")
                .append("<input type=\"submit\" value=\"Log in\" id=\"login-submit\"></form>")
                .append("<p class=\"muted\">OpenNebula account, checked by oned.</p></div>");
        return sb.toString();
    }

    static String dashboardPanel(Dashboard d, List<VmRow> stuck, String clusterLine, String now) {
        StringBuilder sb = new StringBuilder("<div class=\"cards\">");
        sb.append("<div class=\"card\" id=\"card-hosts\"><h2>Hosts</h2><div class=\"big\" id=\"hosts-total\">").append(d.hosts()).append("</div><div class=\"counts\">")
                .append(count("hosts-on", "ON", d.hostsOn())).append(count("hosts-off", "OFF", d.hostsOff())).append(count("hosts-error", "ERROR", d.hostsError()))
                .append("</div></div>");
        sb.append("<div class=\"card\" id=\"card-vms\"><h2>Virtual Machines</h2><div class=\"big\" id=\"vms-total\">").append(d.vms()).append("</div><div class=\"counts\">")
                .append(count("vms-active", "ACTIVE", d.vmsActive())).append(count("vms-pending", "PENDING", d.vmsPending()))
                .append(count("vms-failed", "FAILED", d.vmsFailed())).append(count("vms-off", "OFF", d.vmsOff()))
                .append(count("vms-stuck", "STUCK", d.stuck())).append("</div></div>");
        sb.append("<div class=\"card\" id=\"card-cpu\"><h2>CPU allocated</h2><div class=\"big\">").append(Dashboard.percent(d.cpuAllocated(), d.cpuTotal()))
                .append("%</div>").append(bar(d.cpuAllocated(), d.cpuTotal())).append("<span id=\"cpu-alloc\">").append(cpu(d.cpuAllocated())).append(" / ")
                .append(cpu(d.cpuTotal())).append(" CPUs</span></div>");
        sb.append("<div class=\"card\" id=\"card-mem\"><h2>Memory allocated</h2><div class=\"big\">").append(Dashboard.percent(d.memAllocatedKb(), d.memTotalKb()))
                .append("%</div>").append(bar(d.memAllocatedKb(), d.memTotalKb())).append("<span id=\"mem-alloc\">").append(mb(d.memAllocatedKb())).append(" / ")
                .append(mb(d.memTotalKb())).append("</span></div>");
        sb.append("</div><h2>Cluster</h2><p id=\"cluster-line\">").append(clusterLine).append(" <a href=\"/cluster\">cluster panel</a></p>");
        sb.append(stuckTable(stuck, 0));
        sb.append("<p class=\"updated\">updated ").append(esc(now)).append("</p>");
        return sb.toString();
    }

    private static String count(String id, String label, int n) {
        return "<span>" + label + "<b id=\"" + id + "\">" + n + "</b></span>";
    }

    static String stuckTable(List<VmRow> stuck, long since) {
        StringBuilder sb = new StringBuilder("<h2>VMs waiting for a driver operation</h2>");
        if (stuck.isEmpty()) return sb.append("<p id=\"stuck-none\">None: no VM is stuck.</p>").toString();
        sb.append("<p class=\"muted\">After a fail-over these operations are lost: open each VM, check it on its host, and recover it.")
                .append(since > 0 ? " Last service transition: " + esc(time(since)) + "." : "").append("</p>");
        sb.append("<table id=\"stuck-vms\"><tr><th>ID</th><th>Name</th><th>State</th><th>Host</th><th>Waiting for</th><th></th></tr>");
        for (VmRow v : stuck)
            sb.append("<tr><td>").append(v.id()).append("</td><td>").append(esc(v.name())).append("</td><td>").append(badge(v.longState(), "bad"))
                    .append("</td><td>").append(esc(v.host())).append("</td><td>").append(esc(v.pendingOperation().isEmpty() ? "-" : v.pendingOperation()))
                    .append("</td><td><a href=\"/vms/").append(v.id()).append("\">recover…</a></td></tr>");
        return sb.append("</table>").toString();
    }

    static String vmList(List<VmRow> vms) {
        StringBuilder sb = new StringBuilder("<h1>Virtual Machines</h1><table id=\"vm-list\"><tr><th>ID</th><th>Name</th><th>Owner</th><th>State</th><th>Host</th><th>CPU</th><th>Memory</th><th>Started</th></tr>");
        for (VmRow v : vms) {
            if (v.state() == 6) continue;
            sb.append("<tr><td>").append(v.id()).append("</td><td><a href=\"/vms/").append(v.id()).append("\">").append(esc(v.name())).append("</a></td><td>")
                    .append(esc(v.owner())).append("</td><td>").append(badge(v.shortState(), Html.vmStateKind(v.shortState())))
                    .append(v.isStuckCandidate() ? " <span class=\"muted\">needs recover?</span>" : "").append("</td><td>").append(esc(v.host()))
                    .append("</td><td>").append(esc(v.cpu())).append("</td><td>").append(v.memoryMb()).append(" MB</td><td>").append(time(v.stime())).append("</td></tr>");
        }
        if (vms.stream().allMatch(v -> v.state() == 6)) sb.append("<tr><td colspan=\"8\">No VMs.</td></tr>");
        return sb.append("</table>").toString();
    }

    /** The actions OpenNebula 4.2 allows in the VM's state (others are refused by oned anyway). */
    static List<String[]> actionsFor(VmRow v) {
        String s = v.shortState();
        switch (s) {
            case "runn": return List.<String[]>of(new String[] {"shutdown", "Shut down"}, new String[] {"reboot", "Reboot"}, new String[] {"poweroff", "Power off"},
                    new String[] {"suspend", "Suspend"}, new String[] {"stop", "Stop"}, new String[] {"undeploy", "Undeploy"},
                    new String[] {"resched", "Reschedule"}, new String[] {"shutdown-hard", "Shut down (hard)"});
            case "pend": return List.<String[]>of(new String[] {"hold", "Hold"});
            case "hold": return List.<String[]>of(new String[] {"release", "Release"});
            case "stop": case "susp": case "poff": case "unde": return List.<String[]>of(new String[] {"resume", "Resume"});
            case "unkn": return List.<String[]>of(new String[] {"boot", "Boot"});
            default: return List.of();
        }
    }

    static String vmDetail(VmRow v, String schedMessage, String csrf, String flash, String error) {
        StringBuilder sb = new StringBuilder("<h1>VM ").append(v.id()).append(": ").append(esc(v.name())).append("</h1>");
        if (flash != null) sb.append("<div class=\"notice\" id=\"flash\">").append(esc(flash)).append("</div>");
        if (error != null) sb.append("<div class=\"error\" id=\"error\">").append(esc(error)).append("</div>");
        sb.append("<dl class=\"kv\"><dt>State</dt><dd id=\"vm-state\">").append(badge(v.longState(), Html.vmStateKind(v.shortState()))).append("</dd>")
                .append("<dt>Host</dt><dd id=\"vm-host\">").append(esc(v.host().isEmpty() ? "-" : v.host())).append("</dd>")
                .append("<dt>Waiting for</dt><dd>").append(esc(v.pendingOperation().isEmpty() ? "-" : v.pendingOperation())).append("</dd>")
                .append("<dt>Deploy id</dt><dd>").append(esc(v.deployId().isEmpty() ? "-" : v.deployId())).append("</dd>")
                .append("<dt>CPU / Memory</dt><dd>").append(esc(v.cpu())).append(" / ").append(v.memoryMb()).append(" MB</dd>")
                .append("<dt>Owner</dt><dd>").append(esc(v.owner())).append("</dd><dt>Started</dt><dd>").append(time(v.stime())).append("</dd>");
        if (schedMessage != null) sb.append("<dt>Scheduler</dt><dd id=\"sched-message\">").append(esc(schedMessage)).append("</dd>");
        sb.append("</dl>");
        List<String[]> actions = actionsFor(v);
        sb.append("<h2>Actions</h2><div class=\"actions\">");
        for (String[] a : actions) sb.append(actionButton(v.id(), a[0], a[1], csrf, false));
        if (v.state() != 6) sb.append(actionButton(v.id(), "delete", "Delete", csrf, true));
        sb.append("</div>");
        List<RecoverChoices.Choice> choices = RecoverChoices.forVm(v);
        if (!choices.isEmpty()) {
            sb.append("<h2>Recover</h2><div class=\"warning-box\" id=\"recover-warning\"><b>This VM waits for a driver operation")
                    .append(v.pendingOperation().isEmpty() ? "" : " (" + esc(v.pendingOperation()) + ")").append(" that may have been lost.</b> ")
                    .append(esc(RecoverChoices.WARNING)).append("</div><form method=\"post\" action=\"/vms/").append(v.id())
                    .append("/recover\" class=\"choices\" id=\"recover-form\"><input type=\"hidden\" name=\"csrf\" value=\"").append(esc(csrf)).append("\">");
            for (RecoverChoices.Choice c : choices)
                sb.append("<label><input type=\"radio\" name=\"op\" required value=\"").append(c.op()).append("\" id=\"recover-op-").append(c.op()).append("\"> ")
                        .append(esc(c.label())).append("<small>").append(esc(c.meaning())).append("</small></label>");
            sb.append("<label><input type=\"checkbox\" name=\"checked\" value=\"yes\" required id=\"recover-checked\"> I checked VM ").append(v.id())
                    .append(" on ").append(esc(v.host().isEmpty() ? "its host" : v.host())).append("</label>")
                    .append("<input type=\"submit\" value=\"Recover VM ").append(v.id()).append("\" id=\"recover-submit\"></form>");
        }
        sb.append("<h2>History</h2><table id=\"vm-history\"><tr><th>Seq</th><th>Host</th><th>Start</th><th>End</th><th>Reason</th></tr>");
        for (VmRow.HistoryRow h : v.history())
            sb.append("<tr><td>").append(h.seq()).append("</td><td>").append(esc(h.host())).append("</td><td>").append(time(h.stime())).append("</td><td>")
                    .append(time(h.etime())).append("</td><td>").append(reason(h.reason())).append("</td></tr>");
        if (v.history().isEmpty()) sb.append("<tr><td colspan=\"5\">Never deployed.</td></tr>");
        return sb.append("</table>").toString();
    }

    private static String reason(int r) {
        switch (r) {
            case 0: return "none";
            case 1: return "error";
            case 2: return "user";
            default: return String.valueOf(r);
        }
    }

    private static String actionButton(int id, String action, String label, String csrf, boolean danger) {
        return "<form method=\"post\" action=\"/vms/" + id + "/action\"><input type=\"hidden\" name=\"csrf\" value=\"" + esc(csrf)
                + "\"><input type=\"hidden\" name=\"action\" value=\"" + esc(action) + "\"><button type=\"submit\" class=\"act" + (danger ? " danger" : "")
                + "\" id=\"action-" + esc(action) + "\">" + esc(label) + "</button></form>";
    }

    static String hostList(List<HostRow> hosts) {
        StringBuilder sb = new StringBuilder("<h1>Hosts</h1><table id=\"host-list\"><tr><th>ID</th><th>Name</th><th>State</th><th>VMs</th><th>CPU allocated</th><th>Memory allocated</th><th>Monitored</th></tr>");
        for (HostRow h : hosts)
            sb.append("<tr><td>").append(h.id()).append("</td><td><a href=\"/hosts/").append(h.id()).append("\">").append(esc(h.name())).append("</a></td><td>")
                    .append(badge(h.shortState(), hostKind(h))).append("</td><td>").append(h.runningVms()).append("</td><td>").append(bar(h.cpuUsage(), h.maxCpu()))
                    .append(cpu(h.cpuUsage())).append(" / ").append(cpu(h.maxCpu())).append("</td><td>").append(bar(h.memUsage(), h.maxMem()))
                    .append(mb(h.memUsage())).append(" / ").append(mb(h.maxMem())).append("</td><td>").append(time(h.lastMonTime())).append("</td></tr>");
        if (hosts.isEmpty()) sb.append("<tr><td colspan=\"7\">No hosts.</td></tr>");
        return sb.append("</table>").toString();
    }

    static String hostKind(HostRow h) {
        switch (h.simpleState()) {
            case "on": return "ok";
            case "off": return "off";
            default: return "bad";
        }
    }

    static String hostDetail(HostRow h, List<VmRow> vms, String csrf, String flash, String error) {
        StringBuilder sb = new StringBuilder("<h1>Host ").append(h.id()).append(": ").append(esc(h.name())).append("</h1>");
        if (flash != null) sb.append("<div class=\"notice\" id=\"flash\">").append(esc(flash)).append("</div>");
        if (error != null) sb.append("<div class=\"error\" id=\"error\">").append(esc(error)).append("</div>");
        sb.append("<dl class=\"kv\"><dt>State</dt><dd id=\"host-state\">").append(badge(h.shortState(), hostKind(h))).append("</dd><dt>Drivers</dt><dd>IM ")
                .append(esc(h.imMad())).append(", VMM ").append(esc(h.vmMad())).append("</dd><dt>CPU allocated</dt><dd>").append(cpu(h.cpuUsage())).append(" / ")
                .append(cpu(h.maxCpu())).append("</dd><dt>Memory allocated</dt><dd>").append(mb(h.memUsage())).append(" / ").append(mb(h.maxMem()))
                .append("</dd><dt>Running VMs</dt><dd>").append(h.runningVms()).append("</dd><dt>Last monitored</dt><dd>").append(time(h.lastMonTime())).append("</dd></dl>");
        boolean enabled = !h.simpleState().equals("off");
        sb.append("<h2>Actions</h2><form method=\"post\" action=\"/hosts/").append(h.id()).append("/enable\"><input type=\"hidden\" name=\"csrf\" value=\"")
                .append(esc(csrf)).append("\"><input type=\"hidden\" name=\"enable\" value=\"").append(!enabled).append("\"><button type=\"submit\" class=\"act\" id=\"host-toggle\">")
                .append(enabled ? "Disable" : "Enable").append("</button></form>");
        sb.append("<h2>VMs on this host</h2>").append(vmList(vms).replaceFirst("<h1>Virtual Machines</h1>", ""));
        return sb.toString();
    }

    static String clusterPanel(ClusterView c, List<VmRow> stuck, String onedProblem, String now) {
        StringBuilder sb = new StringBuilder();
        sb.append("<p>").append(c.quorate() == null ? badge("quorum unknown", "off") : c.quorate() ? badge("Quorate", "ok") : badge("NOT quorate", "bad"))
                .append(" <span id=\"cluster-name\">").append(c.clusterName() == null ? "" : "cluster <b>" + esc(c.clusterName()) + "</b>").append("</span></p>");
        sb.append("<h2>Members</h2>");
        if (c.members() == null) sb.append("<p class=\"muted\" id=\"members-na\">not available</p>");
        else {
            sb.append("<table id=\"members\"><tr><th>Member</th><th>Status</th><th>Local</th><th>rgmanager</th></tr>");
            for (ClusterView.Member m : c.members())
                sb.append("<tr><td>").append(esc(m.name())).append("</td><td>").append(m.online() ? badge("Online", "ok") : badge("Offline", "bad"))
                        .append("</td><td>").append(m.local() ? "yes" : "").append("</td><td>").append(m.rgmanager() ? "yes" : "").append("</td></tr>");
            sb.append("</table>");
        }
        sb.append("<h2>Services</h2>");
        if (c.services() == null) sb.append("<p class=\"muted\" id=\"services-na\">not available</p>");
        else {
            sb.append("<table id=\"services\"><tr><th>Service</th><th>State</th><th>Owner</th><th>Last owner</th><th>Restarts</th><th>Since</th></tr>");
            for (ClusterView.Service s : c.services())
                sb.append("<tr><td>").append(esc(s.name())).append("</td><td>").append(badge(s.state(), serviceKind(s.state()))).append("</td><td>")
                        .append(esc(s.owner().isEmpty() || s.owner().equals("none") ? "-" : s.owner())).append("</td><td>").append(esc(s.lastOwner()))
                        .append("</td><td>").append(s.restarts()).append("</td><td>")
                        .append(esc(s.lastTransitionStr().isEmpty() ? time(s.lastTransition()) : s.lastTransitionStr())).append("</td></tr>");
            sb.append("</table>");
        }
        if (!c.copies().isEmpty()) {
            // the replicated database (pgsql resource): which copy is primary, and which hold every committed write
            sb.append("<h2>Database copies</h2><table id=\"db-copies\"><tr><th>Copy</th><th>Role</th><th>In sync</th><th>Lag</th></tr>");
            for (ClusterView.Copy d : c.copies())
                sb.append("<tr><td>").append(esc(d.node())).append("</td><td>").append(badge(d.role(), d.role().equals("outdated") ? "bad"
                        : d.role().equals("primary") ? "ok" : "warn")).append("</td><td>").append(d.inSync() ? badge("yes", "ok") : badge("no", "bad"))
                        .append("</td><td>").append(esc(d.lag().equals("-") ? "-" : d.lag() + " B")).append("</td></tr>");
            sb.append("</table>");
        }
        if (onedProblem != null) sb.append("<h2>VMs waiting for a driver operation</h2><div class=\"error\">").append(esc(onedProblem)).append("</div>");
        else sb.append(stuckTable(stuck, c.lastTransition()));
        sb.append("<h2>Fence history</h2>");
        if (c.fenceHistory() == null) sb.append("<p class=\"muted\" id=\"fence-na\">not available</p>");
        else if (c.fenceHistory().isEmpty()) sb.append("<p id=\"fence-none\">No fencing recorded.</p>");
        else {
            sb.append("<table id=\"fence-history\"><tr><th>Newest first</th></tr>");
            for (String l : c.fenceHistory().subList(0, Math.min(20, c.fenceHistory().size())))
                sb.append("<tr><td>").append(esc(l)).append("</td></tr>");
            sb.append("</table>");
        }
        sb.append("<h2>cman</h2>");
        if (c.cman() == null) sb.append("<p class=\"muted\" id=\"cman-na\">not available</p>");
        else {
            sb.append("<dl class=\"kv\" id=\"cman\">");
            for (Map.Entry<String, String> e : c.cman().entrySet())
                sb.append("<dt>").append(esc(e.getKey())).append("</dt><dd>").append(esc(e.getValue())).append("</dd>");
            sb.append("</dl>");
        }
        if (!c.problems().isEmpty()) {
            sb.append("<p class=\"muted\" id=\"tool-problems\">");
            for (String p : c.problems()) sb.append(esc(p)).append("<br>");
            sb.append("</p>");
        }
        sb.append("<p class=\"updated\">updated ").append(esc(now)).append(" (every 3 s)</p>");
        return sb.toString();
    }

    static String serviceKind(String state) {
        switch (state) {
            case "started": return "ok";
            case "failed": return "bad";
            case "stopped": case "disabled": return "off";
            default: return "warn";
        }
    }

    /** One line for the dashboard: quorum and where each service runs. */
    static String clusterLine(ClusterView c) {
        if (c.services() == null && c.quorate() == null) return "<span class=\"muted\">cluster tools not available</span>";
        StringBuilder sb = new StringBuilder(c.quorate() == null ? "" : c.quorate() ? badge("Quorate", "ok") : badge("NOT quorate", "bad"));
        if (c.services() != null) for (ClusterView.Service s : c.services())
            sb.append(" ").append(esc(s.name())).append(" ").append(badge(s.state(), serviceKind(s.state())))
                    .append(s.owner().isEmpty() || s.owner().equals("none") ? "" : " on " + esc(s.owner()));
        return sb.toString();
    }
}

package org.nebulaha.rgmanager.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Optional;
import org.nebulaha.rgmanager.exec.ServiceRequests;
import org.nebulaha.rgmanager.model.RgError;

/**
 * {@code clusvcadm} with rgmanager's options, messages and exit codes ({@code clusvcadm.c}):
 * <pre>
 * clusvcadm -e opennebula          Local machine trying to enable service:opennebula...Success
 *                                  service:opennebula is now running on one-server1
 * clusvcadm -r opennebula -m one-server2
 *                                  Trying to relocate service:opennebula to one-server2...Success
 *                                  service:opennebula is now running on one-server2
 * </pre>
 * The second line starts with {@code Warning: } when the service landed elsewhere than {@code -m}.
 * Exit status: rgmanager's return code as the shell sees it (0 success and "Service is already
 * running"; -1 Failure is 255, -4 "Service does not exist" is 252, -9 "Operation requires quorum"
 * is 247, ...); 1 for usage errors, an unknown member or a missing -m for -M.
 * {@code -l}, {@code -u} and {@code -S} (rgmanager's lock for cluster shutdown) are not offered:
 * they print "Lock operation failed" (-l/-u) or "Query operation failed" (-S) and exit 1.
 * {@code -c} (convalesce) succeeds without doing anything: no resource is non-critical here.
 */
public final class Clusvcadm {
    /** The membership clusvcadm checks {@code -m} against. */
    public record Members(List<String> names, List<String> online) {
        public Members {
            names = List.copyOf(names);
            online = List.copyOf(online);
        }
    }

    private Clusvcadm() {}

    public static int run(String[] args, ServiceRequests api, Members members, PrintStream stdout, PrintStream stderr) {
        Getopt g = new Getopt(args, "lSue:M:d:r:n:c:m:FvR:s:Z:U:qh?");
        String svc = null;
        char action = 0;
        String actionStr = null;
        String node = null;
        boolean fod = false;
        PrintStream out = stdout;
        for (Getopt.Opt o; (o = g.next()) != null; ) {
            switch (o.name()) {
                case 'l', 'u' -> { out.println("Lock operation failed"); return 1; }
                case 'S' -> { out.println("Query operation failed"); return 1; }
                case 'e' -> { action = 'e'; actionStr = "trying to enable"; svc = o.arg(); }
                case 'F' -> {
                    if (node != null) { stderr.println("Cannot use '-F' with '-n' or '-m'"); return 1; }
                    fod = true;
                }
                case 'd' -> { action = 'd'; actionStr = "disabling"; svc = o.arg(); }
                case 'r' -> { action = 'r'; actionStr = "relocate"; svc = o.arg(); }
                case 'M' -> { action = 'M'; actionStr = "migrate"; svc = o.arg(); }
                case 's' -> { action = 's'; actionStr = "stopping"; svc = o.arg(); }
                case 'R' -> { action = 'R'; actionStr = "trying to restart"; svc = o.arg(); }
                case 'm', 'n' -> {
                    if (fod) { stderr.println("Cannot use '-F' with '-n' or '-m'"); return 1; }
                    node = o.arg();
                }
                case 'v' -> { out.println("4.1.1 (nebula-ha)"); return 0; }
                case 'Z' -> { action = 'Z'; actionStr = "freezing"; svc = o.arg(); }
                case 'U' -> { action = 'U'; actionStr = "unfreezing"; svc = o.arg(); }
                case 'c' -> { action = 'c'; actionStr = "convalescing"; svc = o.arg(); }
                case 'q' -> out = new PrintStream(java.io.OutputStream.nullOutputStream());
                default -> { stdout.print(usage()); return 1; }
            }
        }
        if (svc == null) {
            out.print(usage());
            return 1;
        }
        if (action == 'M' && node == null) {
            out.println("Migration requires a target cluster member");
            return 1;
        }
        String full = svc.contains(":") ? svc : "service:" + svc;
        if (node != null && !members.names().contains(node)) {
            out.println("'" + node + "' not in membership list");
            node = closest(members.names(), node, out);
            if (node == null) return 1;
        }
        if (action == 'M' && !members.online().contains(node)) {
            out.println("'" + node + "' is offline");
            return 1;
        }
        if (action != 'r' && action != 'M') {
            out.print(node == null ? "Local machine " + actionStr + " " + full : "Member " + node + " " + actionStr + " " + full);
        } else {
            out.print(node == null ? "Trying to " + actionStr + " " + full : "Trying to " + actionStr + " " + full + " to " + node);
        }
        out.print("...");
        out.flush();
        ServiceRequests.Reply reply;
        if (!full.startsWith("service:")) {
            reply = ServiceRequests.Reply.of(RgError.NOSERVICE); // only service: groups exist here (no vm:)
        } else {
            String name = full.substring("service:".length());
            Optional<String> target = Optional.ofNullable(node);
            reply = switch (action) {
                case 'e' -> api.enable(name, target);
                case 'd' -> api.disable(name);
                case 'r' -> api.relocate(name, target);
                case 'M' -> api.migrate(name, node);
                case 's' -> api.stop(name);
                case 'R' -> api.restart(name);
                case 'Z' -> api.freeze(name);
                case 'U' -> api.unfreeze(name);
                case 'c' -> ServiceRequests.Reply.of(RgError.SUCCESS); // no non-critical resources exist to convalesce
                default -> throw new AssertionError(action);
            };
        }
        out.println(reply.error().text());
        if (reply.error() == RgError.RUN) return 0;
        if (reply.error() != RgError.SUCCESS) return reply.error().exitStatus();
        if ((action == 'e' || action == 'r') && reply.owner().isPresent()) {
            boolean elsewhere = node != null && !node.equals(reply.owner().get());
            out.println((elsewhere ? "Warning: " : "") + full + " is now running on " + reply.owner().get());
        }
        out.flush();
        return 0;
    }

    /** clusvcadm's prefix match: the member sharing the longest prefix, unless two share it. */
    static String closest(List<String> names, String name, PrintStream out) {
        int best = 0;
        String bestName = null;
        int next = 0;
        for (String n : names) {
            int cur = 0;
            while (cur < n.length() && cur < name.length() && n.charAt(cur) == name.charAt(cur)) cur++;
            if (cur == 0) continue;
            if (cur >= best) {
                next = best;
                best = cur;
                bestName = n;
            }
        }
        if (best == 0) {
            out.println("No matches for '" + name + "' found");
            return null;
        }
        if (next == best) {
            out.println("More than one possible match for '" + name + "' found");
            return null;
        }
        out.println("Closest match: '" + bestName + "'");
        return bestName;
    }

    public static String usage() {
        return "usage: clusvcadm [command]\n\n"
                + "Resource Group Control Commands:\n"
                + "  -v                     Display version and exit\n"
                + "  -d <group>             Disable <group>.  This stops a group\n"
                + "                         until an administrator enables it again,\n"
                + "                         the cluster loses and regains quorum, or\n"
                + "                         an administrator-defined event script\n"
                + "                         explicitly enables it again.\n"
                + "  -e <group>             Enable <group>\n"
                + "  -e <group> -F          Enable <group> according to failover\n"
                + "                         domain rules (deprecated; always the\n"
                + "                         case when using central processing)\n"
                + "  -e <group> -m <member> Enable <group> on <member>\n"
                + "  -r <group> -m <member> Relocate <group> [to <member>]\n"
                + "                         Stops a group and starts it on another\n"
                + "                         cluster member.\n"
                + "  -M <group> -m <member> Migrate <group> to <member>\n"
                + "                         (e.g. for live migration of VMs)\n"
                + "  -q                     Quiet operation\n"
                + "  -R <group>             Restart a group in place.\n"
                + "  -s <group>             Stop <group>.  This temporarily stops\n"
                + "                         a group.  After the next group or\n"
                + "                         or cluster member transition, the group\n"
                + "                         will be restarted (if possible).\n"
                + "  -Z <group>             Freeze resource group.  This prevents\n"
                + "                         transitions and status checks, and is \n"
                + "                         useful if an administrator needs to \n"
                + "                         administer part of a service without \n"
                + "                         stopping the whole service.\n"
                + "  -U <group>             Unfreeze (thaw) resource group.  Restores\n"
                + "                         a group to normal operation.\n"
                + "  -c <group>             Convalesce (repair, fix) resource group.\n"
                + "                         Attempts to start failed, non-critical \n"
                + "                         resources within a resource group.\n";
    }
}

package org.nebulaha.rgmanager.cli;

import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import org.nebulaha.rgmanager.model.ServiceRecord;
import org.nebulaha.rgmanager.model.ServiceState;

/**
 * {@code clustat} with rgmanager's layout and exit codes ({@code clustat.c}), for 80 columns:
 * members as {@code " %-40.40s %4d Status"}, services as {@code " %-30.30s %-30.30s %-14.14s"}, the
 * owner in parentheses (the last owner) for stopped, disabled and failed services, {@code [Z]} after
 * the state of a frozen one. Options: {@code -s SERVICE}, {@code -m MEMBER}, {@code -x} (XML,
 * {@code <clustat version="4.1.1">}), {@code -l} (long service format), {@code -i SECONDS} (refresh),
 * {@code -Q} (exit 0 if quorate, 1 if not), {@code -I} (local node id), {@code -f} (accepted, no
 * effect), {@code -v}, {@code -h}.
 * Exit codes: 0; with {@code -s}, 0 if the service is starting, started or stopping, else its state
 * number (stopped 110 ... disabled 119), 255 if there is no such service; with {@code -m}, 1 if the
 * member is offline; 1 for a usage error.
 */
public final class Clustat {
    static final DateTimeFormatter CTIME = DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US);
    private final ZoneId zone;

    public Clustat(ZoneId zone) {
        this.zone = zone;
    }

    /** rgmanager's state numbers ({@code RG_STATE_*}). */
    public static int stateCode(ServiceState s) {
        return switch (s) {
            case STOPPED -> 110;
            case STARTING -> 111;
            case STARTED -> 112;
            case STOPPING -> 113;
            case FAILED -> 114;
            case UNINITIALIZED -> 115;
            case RECOVERING -> 118;
            case DISABLED -> 119;
        };
    }

    /** The text output and exit code for one snapshot. */
    public record Output(String text, int exitCode) {}

    String ctime(Instant t) {
        return CTIME.format(t.atZone(zone));
    }

    /** Text layout; {@code member} and {@code service} are the -m and -s filters ({@code service:} prefix optional). */
    public Output text(ClustatSnapshot s, Optional<String> member, Optional<String> service, boolean longFormat) {
        StringBuilder out = new StringBuilder();
        Optional<String> svc = service.map(Clustat::qualified);
        int ret = 0;
        if (svc.isEmpty() && member.isEmpty()) {
            out.append("Cluster Status for ").append(s.clusterName()).append(" @ ").append(ctime(s.now())).append('\n');
            out.append("Member Status: ").append(s.quorate() ? "Quorate" : "Inquorate").append("\n\n");
        }
        if (svc.isEmpty() || member.isPresent()) ret = members(out, s, member);
        if (member.isPresent() && svc.isEmpty()) return new Output(out.toString(), ret);
        ret = services(out, s, svc, longFormat);
        return new Output(out.toString(), ret & 0xff);
    }

    private int members(StringBuilder out, ClustatSnapshot s, Optional<String> member) {
        int nodesize = 40;
        out.append(String.format(" %-" + nodesize + "." + nodesize + "s%-4.4s %s%n", "Member Name", "ID", "Status"));
        out.append(String.format(" %-" + nodesize + "." + nodesize + "s%-4.4s %s%n", "------ ----", "----", "------"));
        int ret = 0;
        for (ClustatSnapshot.MemberLine m : s.members()) {
            if (member.isPresent() && !member.get().equals(m.name())) continue;
            if (m.estranged() && !m.online()) continue;
            StringBuilder st = new StringBuilder(m.online() ? "Online" : "Offline");
            if (m.local()) st.append(", Local");
            if (m.estranged()) st.append(", Estranged");
            if (m.rgmanager()) st.append(", rgmanager");
            out.append(String.format(" %-" + nodesize + "." + nodesize + "s %4d %s%n", m.name(), m.nodeid(), st));
            ret = m.online() ? 0 : 1;
        }
        out.append('\n');
        return ret;
    }

    private int services(StringBuilder out, ClustatSnapshot s, Optional<String> svc, boolean longFormat) {
        int svcsize = 30;
        int nodesize = 30;
        int statsize = 14;
        String fmt = " %-" + svcsize + "." + svcsize + "s %-" + nodesize + "." + nodesize + "s %-" + statsize + "." + statsize + "s%n";
        if (!longFormat) {
            out.append(String.format(fmt, "Service Name", "Owner (Last)", "State"));
            out.append(String.format(fmt, "------- ----", "----- ------", "-----"));
        } else {
            out.append("Service Information\n------- -----------\n\n");
        }
        int ret = svc.isPresent() ? -1 : 0;
        for (ServiceRecord r : s.services()) {
            String name = "service:" + r.name();
            if (svc.isPresent() && !svc.get().equals(name)) continue;
            if (longFormat) {
                out.append("Service Name      : ").append(name).append('\n');
                out.append("  Current State   : ").append(r.state().word()).append(" (").append(stateCode(r.state())).append(")\n");
                out.append("  Owner           : ").append(r.owner().orElse("none")).append('\n');
                out.append("  Last Owner      : ").append(r.lastOwner().orElse("none")).append('\n');
                out.append("  Last Transition : ").append(r.lastTransition().map(t -> ctime(t.at())).orElse(ctime(Instant.EPOCH))).append("\n\n");
            } else {
                String owner = showsLastOwner(r.state())
                        ? "(" + truncate(r.lastOwner().orElse("none"), nodesize - 2) + ")"
                        : r.owner().orElse("none");
                String state = r.state().word() + (r.frozen() ? " [Z]" : "");
                out.append(String.format(fmt, name, owner, state));
            }
            if (svc.isPresent()) ret = running(r.state()) ? 0 : stateCode(r.state());
        }
        return ret;
    }

    /** XML layout ({@code clustat -x}). */
    public Output xml(ClustatSnapshot s, Optional<String> member, Optional<String> service) {
        Optional<String> svc = service.map(Clustat::qualified);
        StringBuilder out = new StringBuilder("<?xml version=\"1.0\"?>\n<clustat version=\"4.1.1\">\n");
        boolean localRg = s.members().stream().anyMatch(m -> m.local() && m.rgmanager());
        if (svc.isEmpty() && member.isEmpty()) {
            out.append("  <cluster name=\"").append(esc(s.clusterName())).append("\" id=\"").append(s.clusterId())
                    .append("\" generation=\"").append(s.generation()).append("\"/>\n");
            // clustat.c prints a newline after quorate="0" (and not after "1"); kept for parsers that learned it
            out.append("  <quorum ").append(s.quorate() ? "quorate=\"1\"" : "quorate=\"0\"\n")
                    .append(s.quorate() && localRg ? " groupmember=\"1\"" : " groupmember=\"0\"").append("/>\n");
        }
        int ret1 = 0;
        if (svc.isEmpty() || member.isPresent()) {
            out.append("  <nodes>\n");
            for (ClustatSnapshot.MemberLine m : s.members()) {
                if (member.isPresent() && !member.get().equals(m.name())) continue;
                if (m.estranged() && !m.online()) continue;
                out.append(String.format("    <node name=\"%s\" state=\"%d\" local=\"%d\" estranged=\"%d\" rgmanager=\"%d\" rgmanager_master=\"0\" qdisk=\"0\" nodeid=\"0x%08x\"/>%n",
                        esc(m.name()), m.online() ? 1 : 0, m.local() ? 1 : 0, m.estranged() ? 1 : 0, m.rgmanager() ? 1 : 0, m.nodeid()));
                if (member.isPresent()) ret1 = m.online() ? 0 : 1;
            }
            out.append("  </nodes>\n");
        }
        int ret2 = svc.isPresent() ? -1 : 0;
        if (member.isEmpty() || svc.isPresent()) {
            out.append("  <groups>\n");
            ret2 = 0;
            boolean found = false;
            for (ServiceRecord r : s.services()) {
                String name = "service:" + r.name();
                if (svc.isPresent() && !svc.get().equals(name)) continue;
                found = true;
                Instant t = r.lastTransition().map(ServiceRecord.Transition::at).orElse(Instant.EPOCH);
                out.append(String.format("    <group name=\"%s\" state=\"%d\" state_str=\"%s\"  owner=\"%s\" last_owner=\"%s\" restarts=\"%d\" last_transition=\"%d\" last_transition_str=\"%s\"/>%n",
                        esc(name), stateCode(r.state()), r.state().word(), esc(r.owner().orElse("none")), esc(r.lastOwner().orElse("none")),
                        r.restarts().size(), t.getEpochSecond(), ctime(t)));
                if (svc.isPresent() && !running(r.state())) ret2 = stateCode(r.state());
            }
            if (svc.isPresent() && !found) ret2 = 0; // clustat.c: an unknown -s service is simply absent from the XML
            out.append("  </groups>\n");
        }
        out.append("</clustat>\n");
        if (member.isPresent() && ret1 != 0) return new Output(out.toString(), ret1);
        if (svc.isPresent() && ret2 != 0) return new Output(out.toString(), ret2 & 0xff);
        return new Output(out.toString(), 0);
    }

    private static final String OPTIONS = "fIls:m:i:xvQh?";

    /**
     * Runs clustat's command line against {@code snapshot} once and returns the exit code. {@code -i}
     * is checked (not with {@code -x}) but not repeated here: the caller that shows a terminal
     * repeats the call every {@link #refreshSeconds} (the daemon answers one snapshot per request).
     */
    public int run(String[] args, Supplier<ClustatSnapshot> snapshot, PrintStream out) {
        Getopt g = new Getopt(args, OPTIONS);
        Optional<String> member = Optional.empty();
        Optional<String> service = Optional.empty();
        boolean xml = false, longFormat = false, quorumOnly = false, idOnly = false, version = false;
        int refresh = 0;
        for (Getopt.Opt o; (o = g.next()) != null; ) {
            switch (o.name()) {
                case 'v' -> version = true;
                case 'I' -> idOnly = true;
                case 'i' -> refresh = interval(o.arg());
                case 'l' -> longFormat = true;
                case 'm' -> member = Optional.of(o.arg());
                case 'Q' -> quorumOnly = true;
                case 's' -> service = Optional.of(o.arg());
                case 'x' -> {
                    if (refresh != 0) {
                        out.println("Error: Options '-i' and '-x' are mutually exclusive");
                        return 1;
                    }
                    xml = true;
                }
                case 'f' -> { }
                case 'h', '?' -> {
                    out.print(usage());
                    return 0;
                }
                default -> {
                    out.print(usage());
                    return 1;
                }
            }
        }
        if (g.error() != null) {
            out.print(usage());
            return 1;
        }
        ClustatSnapshot s = snapshot.get();
        if (quorumOnly) return s.quorate() ? 0 : 1;
        if (version) {
            out.println("clustat version 4.1.1 (nebula-ha)");
            return 0;
        }
        if (idOnly) {
            out.println(String.format("0x%08x", s.members().stream().filter(ClustatSnapshot.MemberLine::local).mapToInt(ClustatSnapshot.MemberLine::nodeid).findFirst().orElse(0)));
            return 0;
        }
        Output o = xml ? xml(s, member, service) : text(s, member, service, longFormat);
        out.print(o.text());
        out.flush();
        return o.exitCode();
    }

    /**
     * The {@code -i} interval in seconds (at least 1) when {@code args} asks for a refreshing display,
     * else 0: no -i, a usage error, or an option that prints once and exits (-x, -Q, -I, -v, -h).
     */
    public static int refreshSeconds(String[] args) {
        Getopt g = new Getopt(args, OPTIONS);
        int refresh = 0;
        for (Getopt.Opt o; (o = g.next()) != null; ) {
            switch (o.name()) {
                case 'i' -> refresh = interval(o.arg());
                case 'x', 'Q', 'I', 'v', 'h', '?' -> {
                    return 0;
                }
                default -> { }
            }
        }
        return g.error() == null ? refresh : 0;
    }

    /** clustat.c: a zero, negative or unreadable interval is 1 s. */
    private static int interval(String arg) {
        return Math.max(1, parseIntOr(arg, 0));
    }

    public static String usage() {
        return "usage: clustat <options>\n"
                + "    -i <interval>      Refresh every <interval> seconds.  May not be used\n"
                + "                       with -x.\n"
                + "    -I                 Display local node ID and exit\n"
                + "    -m <member>        Display status of <member> and exit\n"
                + "    -s <service>       Display status of <service> and exit\n"
                + "    -v                 Display version & cluster plugin and exit\n"
                + "    -x                 Dump information as XML\n"
                + "    -Q\t\t\tReturn 0 if quorate, 1 if not (no output)\n"
                + "    -f\t\t\tEnable fast clustat reports\n"
                + "    -l\t\t\tUse long format for services\n\n";
    }

    private static boolean showsLastOwner(ServiceState s) {
        return s == ServiceState.STOPPED || s == ServiceState.DISABLED || s == ServiceState.FAILED;
    }

    private static boolean running(ServiceState s) {
        return s == ServiceState.STARTING || s == ServiceState.STARTED || s == ServiceState.STOPPING;
    }

    static String qualified(String svc) {
        return svc.contains(":") ? svc : "service:" + svc;
    }

    private static String truncate(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n);
    }

    private static int parseIntOr(String s, int d) {
        try {
            return Integer.parseInt(s.strip());
        } catch (NumberFormatException e) {
            return d;
        }
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;");
    }
}

package org.nebulaha.rgmanager.text;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.nebulaha.rgmanager.model.ClusterState;
import org.nebulaha.rgmanager.model.ClusterView;
import org.nebulaha.rgmanager.model.Member;
import org.nebulaha.rgmanager.model.MemberStatus;
import org.nebulaha.rgmanager.model.ServiceRecord;
import org.nebulaha.rgmanager.model.ServiceState;

/**
 * Reads and writes the planner's input in the case-file format:
 * <pre>
 * # ordered domain: the owner was lost and fenced
 * now 2026-11-25T10:41:07Z
 * quorum yes
 * member one-server1 fenced
 * member one-server2 online joined
 * service opennebula started owner=one-server1 restarts=2026-11-25T10:30:00Z,2026-11-25T10:35:00Z
 * service web stopped last=one-server2 start-failed=one-server1 frozen user-stopped
 * </pre>
 * Member status: online, lost, fenced, left, down; {@code joined} after online marks a node that
 * came online in this transition (failback only happens then). Service state: one of clustat's words.
 * Lines starting with {@code #} are comments; the first one is the case's description.
 */
public final class StateText {
    /** A parsed state file. */
    public record Input(String description, Instant now, ClusterState state) {}

    private StateText() {}

    public static Input parse(String text, String source) {
        String description = "";
        Instant now = null;
        Boolean quorate = null;
        List<Member> members = new ArrayList<>();
        Map<String, ServiceRecord> services = new LinkedHashMap<>();
        int n = 0;
        for (String raw : text.split("\n", -1)) {
            n++;
            String line = raw.strip();
            if (line.isEmpty()) continue;
            if (line.startsWith("#")) {
                if (description.isEmpty()) description = line.substring(1).strip();
                continue;
            }
            String[] f = line.split("\\s+");
            String where = source + ":" + n + ": ";
            try {
                switch (f[0]) {
                    case "now" -> {
                        need(f, 2, "now TIMESTAMP (e.g. now 2026-11-25T10:41:07Z)");
                        now = Instant.parse(f[1]);
                    }
                    case "quorum" -> {
                        need(f, 2, "quorum yes|no");
                        if (!f[1].equals("yes") && !f[1].equals("no")) throw new IllegalArgumentException("quorum must be yes or no, not '" + f[1] + "'");
                        quorate = f[1].equals("yes");
                    }
                    case "member" -> {
                        if (f.length == 4 && !f[3].equals("joined")) throw new IllegalArgumentException("expected 'member NAME online joined', not '" + f[3] + "'");
                        if (f.length != 4) need(f, 3, "member NAME online|lost|fenced|left|down [joined]");
                        members.add(new Member(f[1], MemberStatus.fromWord(f[2]), f.length == 4));
                    }
                    case "service" -> {
                        if (f.length < 3) throw new IllegalArgumentException("expected 'service NAME STATE [owner=N] [last=N] [restarts=T,...] [frozen] [user-stopped] [start-failed=N,...]'");
                        ServiceRecord r = service(f);
                        if (services.put(r.name(), r) != null) throw new IllegalArgumentException("service " + r.name() + " listed twice");
                    }
                    default -> throw new IllegalArgumentException("unknown keyword '" + f[0] + "'; expected now, quorum, member or service");
                }
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(where + "'" + e.getParsedString() + "' is not a UTC timestamp like 2026-11-25T10:41:07Z");
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + e.getMessage(), e);
            }
        }
        if (now == null) throw new IllegalArgumentException(source + ": missing 'now TIMESTAMP' line");
        if (quorate == null) throw new IllegalArgumentException(source + ": missing 'quorum yes|no' line");
        return new Input(description, now, new ClusterState(new ClusterView(quorate, members), services));
    }

    private static void need(String[] f, int count, String form) {
        if (f.length != count) throw new IllegalArgumentException("expected '" + form + "'");
    }

    /** One {@code service NAME STATE [fields]} line (the same syntax inside other case formats). */
    public static ServiceRecord parseService(String line) {
        String[] f = line.strip().split("\\s+");
        if (f.length < 3 || !f[0].equals("service"))
            throw new IllegalArgumentException("expected 'service NAME STATE [owner=N] [last=N] [restarts=T,...] [frozen] [user-stopped] [start-failed=N,...]'");
        return service(f);
    }

    /** One service record as a {@code service} line, without the line break. */
    public static String formatService(ServiceRecord r) {
        StringBuilder sb = new StringBuilder();
        sb.append("service ").append(r.name()).append(' ').append(r.state().word());
        r.owner().ifPresent(o -> sb.append(" owner=").append(o));
        r.lastOwner().filter(l -> !r.owner().equals(Optional.of(l))).ifPresent(l -> sb.append(" last=").append(l));
        if (!r.restarts().isEmpty())
            sb.append(" restarts=").append(r.restarts().stream().map(Instant::toString).collect(Collectors.joining(",")));
        if (!r.startFailedOn().isEmpty()) sb.append(" start-failed=").append(String.join(",", r.startFailedOn()));
        if (r.frozen()) sb.append(" frozen");
        if (r.userStopped()) sb.append(" user-stopped");
        return sb.toString();
    }

    private static ServiceRecord service(String[] f) {
        String name = f[1].startsWith("service:") ? f[1].substring(8) : f[1];
        ServiceState st = ServiceState.fromWord(f[2]);
        Optional<String> owner = Optional.empty();
        Optional<String> last = Optional.empty();
        List<Instant> restarts = List.of();
        boolean frozen = false;
        boolean userStopped = false;
        Set<String> startFailed = Set.of();
        for (int i = 3; i < f.length; i++) {
            String w = f[i];
            int eq = w.indexOf('=');
            String key = eq < 0 ? w : w.substring(0, eq);
            String val = eq < 0 ? "" : w.substring(eq + 1);
            switch (key) {
                case "owner" -> owner = Optional.of(val);
                case "last" -> last = Optional.of(val);
                case "restarts" -> restarts = java.util.Arrays.stream(val.split(",")).filter(s -> !s.isEmpty()).map(Instant::parse).toList();
                case "frozen" -> frozen = true;
                case "user-stopped" -> userStopped = true;
                case "start-failed" -> startFailed = new LinkedHashSet<>(List.of(val.split(",")));
                default -> throw new IllegalArgumentException("unknown service field '" + w
                        + "'; expected owner=, last=, restarts=, start-failed=, frozen or user-stopped");
            }
        }
        return new ServiceRecord(name, st, owner, last.isPresent() ? last : owner, restarts, frozen, userStopped, startFailed, Optional.empty());
    }

    /** The state in the same format, so a daemon's input can be replayed as a case. */
    public static String format(String description, Instant now, ClusterState state) {
        StringBuilder sb = new StringBuilder();
        sb.append("# ").append(description.isBlank() ? "saved planner input" : description).append('\n');
        sb.append("now ").append(now).append('\n');
        sb.append("quorum ").append(state.view().quorate() ? "yes" : "no").append('\n');
        for (Member m : state.view().members()) sb.append("member ").append(m.name()).append(' ').append(m.status().word()).append(m.joined() ? " joined" : "").append('\n');
        for (ServiceRecord r : state.services().values()) sb.append(formatService(r)).append('\n');
        return sb.toString();
    }
}

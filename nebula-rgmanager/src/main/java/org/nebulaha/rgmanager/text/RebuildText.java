package org.nebulaha.rgmanager.text;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.nebulaha.rgmanager.model.ClusterView;
import org.nebulaha.rgmanager.model.NodeReport;
import org.nebulaha.rgmanager.model.ServiceRecord;
import org.nebulaha.rgmanager.model.ServiceTable;

/**
 * The input of a coordinator's rebuild ({@link org.nebulaha.rgmanager.plan.Rebuild}) in the
 * case-file format: {@link StateText}'s {@code now}, {@code quorum} and {@code member} lines, then
 * what each member reported:
 * <pre>
 * # one-server1 coordinated and died while relocating opennebula to one-server2
 * now 2026-11-25T10:41:07Z
 * quorum yes
 * member one-server1 lost
 * member one-server2 online
 * report one-server2 runs opennebula=started
 * copy one-server2 version 12
 * service opennebula starting owner=one-server2
 * </pre>
 * {@code report NODE runs nothing} or {@code runs SERVICE=started|recovering|failed ...}; a
 * {@code copy NODE version N} line starts NODE's copy of the last published table, whose
 * {@code service} lines follow it. A member with a copy needs a report line.
 */
public final class RebuildText {
    public record Input(String description, Instant now, ClusterView view, List<NodeReport> reports) {}

    private RebuildText() {}

    /** True when {@code text} is a rebuild input (it has report lines), not a planner state. */
    public static boolean isRebuild(String text) {
        return text.lines().anyMatch(l -> l.strip().startsWith("report "));
    }

    public static Input parse(String text, String source) {
        Map<String, Map<String, NodeReport.LocalState>> runs = new LinkedHashMap<>();
        Map<String, Long> versions = new LinkedHashMap<>();
        Map<String, Map<String, ServiceRecord>> copies = new LinkedHashMap<>();
        StringBuilder planner = new StringBuilder();
        String copyOf = null;
        int n = 0;
        for (String raw : text.split("\n", -1)) {
            n++;
            String line = raw.strip();
            String[] f = line.split("\\s+");
            String where = source + ":" + n + ": ";
            try {
                if (f[0].equals("report")) {
                    if (f.length < 4 || !f[2].equals("runs")) throw new IllegalArgumentException("expected 'report NODE runs nothing|SERVICE=STATE ...'");
                    Map<String, NodeReport.LocalState> m = new LinkedHashMap<>();
                    if (!(f.length == 4 && f[3].equals("nothing")))
                        for (int i = 3; i < f.length; i++) {
                            int eq = f[i].indexOf('=');
                            if (eq < 1) throw new IllegalArgumentException("expected SERVICE=started|recovering|failed, not '" + f[i] + "'");
                            m.put(f[i].substring(0, eq), localState(f[i].substring(eq + 1)));
                        }
                    if (runs.put(f[1], m) != null) throw new IllegalArgumentException("a second report of " + f[1]);
                    planner.append('\n');
                } else if (f[0].equals("copy")) {
                    if (f.length != 4 || !f[2].equals("version")) throw new IllegalArgumentException("expected 'copy NODE version N'");
                    copyOf = f[1];
                    versions.put(copyOf, Long.parseLong(f[3]));
                    copies.put(copyOf, new LinkedHashMap<>());
                    planner.append('\n');
                } else if (f[0].equals("service")) {
                    if (copyOf == null) throw new IllegalArgumentException("a service line belongs to a 'copy NODE version N' above it");
                    ServiceRecord r = StateText.parseService(line);
                    copies.get(copyOf).put(r.name(), r);
                    planner.append('\n');
                } else {
                    planner.append(raw).append('\n'); // now, quorum, member, comments: StateText's (same line numbers)
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + e.getMessage(), e);
            }
        }
        for (String node : copies.keySet())
            if (!runs.containsKey(node)) throw new IllegalArgumentException(source + ": " + node + " has a table copy but no 'report " + node + " runs ...' line");
        StateText.Input base = StateText.parse(planner.toString(), source);
        List<NodeReport> reports = new ArrayList<>();
        runs.forEach((node, m) -> reports.add(new NodeReport(node, m, copies.containsKey(node)
                ? Optional.of(new ServiceTable(versions.get(node), copies.get(node))) : Optional.empty())));
        return new Input(base.description(), base.now(), base.state().view(), reports);
    }

    public static String format(String description, Instant now, ClusterView view, List<NodeReport> reports) {
        StringBuilder sb = new StringBuilder(StateText.format(description.isBlank() ? "saved rebuild input" : description, now,
                new org.nebulaha.rgmanager.model.ClusterState(view, Map.of())));
        for (NodeReport r : reports) {
            sb.append("report ").append(r.node()).append(" runs");
            if (r.services().isEmpty()) sb.append(" nothing");
            new java.util.TreeMap<>(r.services()).forEach((s, st) -> sb.append(' ').append(s).append('=').append(st.name().toLowerCase(Locale.ROOT)));
            sb.append('\n');
        }
        for (NodeReport r : reports) {
            if (r.tableCopy().isEmpty()) continue;
            sb.append("copy ").append(r.node()).append(" version ").append(r.tableCopy().get().version()).append('\n');
            for (ServiceRecord s : r.tableCopy().get().services().values()) sb.append(StateText.formatService(s)).append('\n');
        }
        return sb.toString();
    }

    private static NodeReport.LocalState localState(String w) {
        for (NodeReport.LocalState s : NodeReport.LocalState.values()) if (s.name().toLowerCase(Locale.ROOT).equals(w)) return s;
        throw new IllegalArgumentException("a reported service is started, recovering or failed, not '" + w + "'");
    }
}

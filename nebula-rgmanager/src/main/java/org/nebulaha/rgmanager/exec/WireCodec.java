package org.nebulaha.rgmanager.exec;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.nebulaha.rgmanager.model.NodeReport;
import org.nebulaha.rgmanager.model.ServiceRecord;
import org.nebulaha.rgmanager.model.ServiceState;
import org.nebulaha.rgmanager.model.ServiceTable;

/**
 * Text encoding of service records, tables and node reports for messages between nodes: one record
 * per line, tab-separated fields, free text URL-encoded. A malformed message raises
 * IllegalArgumentException with what was wrong; it never changes anything.
 */
public final class WireCodec {
    private WireCodec() {}

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static String dec(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    /** name state owner last restarts frozen userStopped startFailed transitionAt transitionWhy ("-" for none). */
    public static String record(ServiceRecord r) {
        return String.join("\t", enc(r.name()), r.state().word(), r.owner().map(WireCodec::enc).orElse("-"),
                r.lastOwner().map(WireCodec::enc).orElse("-"),
                r.restarts().isEmpty() ? "-" : String.join(",", r.restarts().stream().map(Instant::toString).toList()),
                r.frozen() ? "1" : "0", r.userStopped() ? "1" : "0",
                r.startFailedOn().isEmpty() ? "-" : String.join(",", r.startFailedOn().stream().map(WireCodec::enc).toList()),
                r.lastTransition().map(t -> t.at().toString()).orElse("-"),
                r.lastTransition().map(t -> enc(t.why())).orElse("-"));
    }

    public static ServiceRecord record(String line) {
        String[] f = line.split("\t", -1);
        if (f.length != 10) throw new IllegalArgumentException("service record needs 10 fields, got " + f.length + ": '" + line + "'");
        Optional<ServiceRecord.Transition> t = f[8].equals("-") ? Optional.empty()
                : Optional.of(new ServiceRecord.Transition(Instant.parse(f[8]), f[9].equals("-") ? "" : dec(f[9])));
        return new ServiceRecord(dec(f[0]), ServiceState.fromWord(f[1]), opt(f[2]), opt(f[3]),
                f[4].equals("-") ? List.of() : Arrays.stream(f[4].split(",")).map(Instant::parse).toList(),
                f[5].equals("1"), f[6].equals("1"),
                f[7].equals("-") ? java.util.Set.of() : new LinkedHashSet<>(Arrays.stream(f[7].split(",")).map(WireCodec::dec).toList()), t);
    }

    private static Optional<String> opt(String f) {
        return f.equals("-") ? Optional.empty() : Optional.of(dec(f));
    }

    /** "table VERSION" then one record per line. */
    public static String table(ServiceTable t) {
        StringBuilder sb = new StringBuilder("table\t").append(t.version()).append('\n');
        for (ServiceRecord r : t.services().values()) sb.append(record(r)).append('\n');
        return sb.toString();
    }

    public static ServiceTable table(List<String> lines) {
        String[] head = lines.get(0).split("\t");
        if (head.length != 2 || !head[0].equals("table")) throw new IllegalArgumentException("expected 'table VERSION', got '" + lines.get(0) + "'");
        Map<String, ServiceRecord> m = new LinkedHashMap<>();
        for (String l : lines.subList(1, lines.size())) {
            if (l.isEmpty()) continue;
            ServiceRecord r = record(l);
            m.put(r.name(), r);
        }
        return new ServiceTable(Long.parseLong(head[1]), m);
    }

    /** "report NODE", "local SERVICE STATE" lines, then the table copy if any. */
    public static String report(NodeReport r) {
        StringBuilder sb = new StringBuilder("report\t").append(enc(r.node())).append('\n');
        r.services().forEach((k, v) -> sb.append("local\t").append(enc(k)).append('\t').append(v.name()).append('\n'));
        r.tableCopy().ifPresent(t -> sb.append(table(t)));
        return sb.toString();
    }

    public static NodeReport report(List<String> lines) {
        String[] head = lines.get(0).split("\t");
        if (head.length != 2 || !head[0].equals("report")) throw new IllegalArgumentException("expected 'report NODE', got '" + lines.get(0) + "'");
        Map<String, NodeReport.LocalState> local = new LinkedHashMap<>();
        int i = 1;
        for (; i < lines.size() && lines.get(i).startsWith("local\t"); i++) {
            String[] f = lines.get(i).split("\t");
            if (f.length != 3) throw new IllegalArgumentException("expected 'local SERVICE STATE', got '" + lines.get(i) + "'");
            local.put(dec(f[1]), NodeReport.LocalState.valueOf(f[2]));
        }
        Optional<ServiceTable> t = i < lines.size() && !lines.get(i).isEmpty() ? Optional.of(table(new ArrayList<>(lines.subList(i, lines.size()))))
                : Optional.empty();
        return new NodeReport(dec(head[1]), local, t);
    }
}

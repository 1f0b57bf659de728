package org.nebulaha.lab;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The invariant every lab scenario must keep: at no instant do two nodes hold the same service.
 * Reads the lab journal ({@code MILLIS HOST SERVICE start|started|stopped} and
 * {@code MILLIS HOST - poweroff|poweron}) and works out, per service, when each node held it:
 * from the moment its start began until its stop finished or its host lost power. Any two such
 * intervals on different hosts that overlap are a violation.
 *
 * <p>Pure: no clock, no files. Example: {@code 100 n1 svc start}, {@code 150 n1 svc started},
 * {@code 400 n2 svc start}, {@code 500 n1 - poweroff} is a violation (n1 held the service until
 * 500, n2 began at 400).
 */
public final class JournalCheck {
    private JournalCheck() {}

    /** One node's hold of a service; {@code end} is empty while it still holds it. */
    public record Hold(String service, String host, long start, Optional<Long> end) {
        boolean overlaps(Hold o) {
            long myEnd = end.orElse(Long.MAX_VALUE);
            long theirEnd = o.end.orElse(Long.MAX_VALUE);
            return start < theirEnd && o.start < myEnd;
        }

        @Override
        public String toString() {
            return host + " held " + service + " from " + start + " to " + end.map(String::valueOf).orElse("now");
        }
    }

    public record Violation(Hold first, Hold second) {
        @Override
        public String toString() {
            return "two holders at once: " + first + ", " + second;
        }
    }

    public static List<Hold> holds(List<String> journal) {
        List<Hold> done = new ArrayList<>();
        Map<String, Hold> open = new HashMap<>(); // host + service -> hold in progress
        int n = 0;
        for (String raw : journal) {
            n++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            String[] f = line.split("\\s+");
            if (f.length != 4) throw new IllegalArgumentException("journal line " + n + ": expected 'MILLIS HOST SERVICE EVENT', got '" + line + "'");
            long t = Long.parseLong(f[0]);
            String host = f[1];
            String service = f[2];
            switch (f[3]) {
                case "start" -> open.putIfAbsent(host + " " + service, new Hold(service, host, t, Optional.empty()));
                case "started" -> { }
                case "stopped" -> {
                    Hold h = open.remove(host + " " + service);
                    if (h != null) done.add(new Hold(h.service(), host, h.start(), Optional.of(t)));
                }
                case "poweroff" -> {
                    for (var it = open.entrySet().iterator(); it.hasNext(); ) {
                        Hold h = it.next().getValue();
                        if (h.host().equals(host)) {
                            done.add(new Hold(h.service(), host, h.start(), Optional.of(t)));
                            it.remove();
                        }
                    }
                }
                case "poweron" -> { }
                default -> throw new IllegalArgumentException("journal line " + n + ": unknown event '" + f[3] + "'");
            }
        }
        done.addAll(open.values());
        done.sort(java.util.Comparator.comparingLong(Hold::start));
        return done;
    }

    public static List<Violation> violations(List<String> journal) {
        List<Hold> holds = holds(journal);
        List<Violation> r = new ArrayList<>();
        for (int i = 0; i < holds.size(); i++)
            for (int j = i + 1; j < holds.size(); j++) {
                Hold a = holds.get(i);
                Hold b = holds.get(j);
                if (a.service().equals(b.service()) && !a.host().equals(b.host()) && a.overlaps(b)) r.add(new Violation(a, b));
            }
        return r;
    }
}

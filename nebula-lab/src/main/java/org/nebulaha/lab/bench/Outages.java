package org.nebulaha.lab.bench;

import java.util.List;
import java.util.Optional;

/**
 * Reads a {@link DowntimeProbe} log and measures the client-observed downtime around a fault:
 * from the last successful poll before the fault to the first successful poll after it.
 * Pure: the log lines and the fault's time are the inputs.
 */
public final class Outages {
    private Outages() {}

    /** The downtime and who answered before and after. */
    public record Downtime(long millis, long lastOkBefore, long firstOkAfter, String before, String after) {}

    /**
     * @param faultAt when the fault was injected (epoch ms)
     * @return empty if the service never answered again in the log
     */
    public static Optional<Downtime> around(List<String> log, long faultAt) {
        long lastOk = -1;
        String before = "-";
        for (String line : log) {
            String[] f = line.strip().split("\\s+", 3);
            if (f.length < 2) continue;
            long t = Long.parseLong(f[0]);
            boolean ok = f[1].equals("ok");
            String who = f.length > 2 ? f[2] : "-";
            if (t <= faultAt) {
                if (ok) {
                    lastOk = t;
                    before = who;
                }
                continue;
            }
            if (ok && lastOk >= 0) {
                // A poll that succeeded right after the fault on the same node means the fault had
                // not taken effect yet: keep looking for the first success after a failure.
                if (!sawFailure(log, faultAt, t)) {
                    lastOk = t;
                    before = who;
                    continue;
                }
                return Optional.of(new Downtime(t - lastOk, lastOk, t, before, who));
            }
        }
        return Optional.empty();
    }

    private static boolean sawFailure(List<String> log, long from, long to) {
        for (String line : log) {
            String[] f = line.strip().split("\\s+", 3);
            if (f.length < 2) continue;
            long t = Long.parseLong(f[0]);
            if (t > from && t < to && f[1].equals("fail")) return true;
        }
        return false;
    }
}

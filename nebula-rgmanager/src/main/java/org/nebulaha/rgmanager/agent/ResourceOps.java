package org.nebulaha.rgmanager.agent;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.nebulaha.conf.model.Resource;
import org.nebulaha.conf.model.ResourceManager;

/**
 * Timeouts and status intervals of a resource. Defaults per type:
 * <pre>
 * type    start  stop  status timeout  status interval
 * ip       20 s  20 s       10 s            20 s      (rgmanager ip.sh)
 * script   60 s  60 s       30 s            30 s      (rgmanager: 30 s interval, no timeout; we bound it)
 * ocf      20 s  20 s       20 s            20 s      (OCF IPaddr2's advertised defaults)
 * other    60 s  60 s       30 s            30 s
 * </pre>
 * Overrides, most specific first: an {@code <action name="start|stop|status|monitor" timeout="..."
 * interval="..."/>} child of the resource (rgmanager's own syntax); for the interval, the cluster-wide
 * {@code <rm resource_status_interval="..."/>} (our extension, for fast labs). Values are seconds
 * ({@code "5"}, {@code "0.5"}) or carry a unit ({@code "500ms"}, {@code "2s"}, {@code "1m"}).
 */
public final class ResourceOps {
    public static final String CLUSTER_STATUS_INTERVAL = "resource_status_interval";

    private ResourceOps() {}

    public static Duration startTimeout(Resource r) {
        return action(r, "start", "timeout").orElse(defaults(r.type())[0]);
    }

    public static Duration stopTimeout(Resource r) {
        return action(r, "stop", "timeout").orElse(defaults(r.type())[1]);
    }

    public static Duration statusTimeout(Resource r) {
        return action(r, "status", "timeout").or(() -> action(r, "monitor", "timeout")).orElse(defaults(r.type())[2]);
    }

    public static Duration statusInterval(Resource r, ResourceManager rm) {
        Optional<Duration> own = action(r, "status", "interval").or(() -> action(r, "monitor", "interval"));
        if (own.isPresent()) return own.get();
        String cluster = rm.extras().get(CLUSTER_STATUS_INTERVAL);
        if (cluster != null) return parse(cluster, "<rm " + CLUSTER_STATUS_INTERVAL + ">");
        return defaults(r.type())[3];
    }

    private static Duration[] defaults(String type) {
        return switch (type) {
            case "ip" -> secs(20, 20, 10, 20);
            case "ocf" -> secs(20, 20, 20, 20);
            // a status check also releases a primary blocked on a fenced standby: check often
            case "pgsql" -> secs(120, 60, 20, 5);
            default -> secs(60, 60, 30, 30);
        };
    }

    private static Duration[] secs(int... s) {
        Duration[] d = new Duration[s.length];
        for (int i = 0; i < s.length; i++) d[i] = Duration.ofSeconds(s[i]);
        return d;
    }

    private static Optional<Duration> action(Resource r, String name, String attr) {
        for (Resource c : r.children()) {
            if (!c.type().equals("action")) continue;
            Map<String, String> a = c.attributes();
            if (name.equals(a.get("name")) && a.get(attr) != null)
                return Optional.of(parse(a.get(attr), r.id() + " <action name=\"" + name + "\" " + attr + ">"));
        }
        return Optional.empty();
    }

    /** "5" (seconds), "0.5", "500ms", "2s", "1m". */
    public static Duration parse(String v, String where) {
        String s = v.strip();
        try {
            if (s.endsWith("ms")) return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
            if (s.endsWith("m")) return Duration.ofSeconds(Long.parseLong(s.substring(0, s.length() - 1)) * 60);
            if (s.endsWith("s")) s = s.substring(0, s.length() - 1);
            Duration d = Duration.ofMillis(Math.round(Double.parseDouble(s) * 1000));
            if (d.isNegative() || d.isZero()) throw new NumberFormatException();
            return d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where + ": '" + v + "' is not a positive duration like 5, 0.5, 500ms or 2s");
        }
    }
}

package org.nebulaha.fence.fenced;

import java.time.Duration;
import java.util.Map;
import org.nebulaha.conf.Settings;
import org.nebulaha.conf.model.ClusterConf;
import org.nebulaha.conf.model.FenceDaemon;

/**
 * fenced's settings (declared, with ranges and defaults, in {@link Settings}), read once from cluster.conf and validated there (a bad value refuses the
 * configuration instead of surfacing at the first fence).
 *
 * <ul>
 *   <li>{@code fence_daemon/@post_join_delay} (6 s; -1 = wait for ever): how long after this
 *       partition became quorate a configured node that never joined is startup-fenced.</li>
 *   <li>{@code fence_daemon/@post_fail_delay} (0 s; -1 = wait for ever): delay between a member's
 *       failure and its fencing, so it may come back restarted.</li>
 *   <li>{@code fence_daemon/@clean_start} (0): 1 = assume nodes that never joined are clean.</li>
 *   <li>{@code fence_daemon/@skip_undefined} (0): 1 = a node without fence methods counts as fenced.</li>
 *   <li>{@code fence_daemon/@race_delay} (nebula-ha, {@value #DEFAULT_RACE_DELAY_SECONDS} s): in a
 *       two_node cluster, the node with the higher nodeid waits this long before fencing its peer,
 *       so that in a split the lower nodeid wins. It must exceed the time the winner's agent needs
 *       to power the loser off.</li>
 *   <li>{@code fence_daemon/@agent_timeout} (nebula-ha, {@value #DEFAULT_AGENT_TIMEOUT_SECONDS} s):
 *       an agent still running after this is killed and the device counts as failed.</li>
 * </ul>
 */
public record FencedSettings(int postJoinDelaySeconds, int postFailDelaySeconds, boolean cleanStart,
                             boolean skipUndefined, int raceDelaySeconds, Duration agentTimeout, boolean twoNode) {
    public static final int DEFAULT_RACE_DELAY_SECONDS = Integer.parseInt(Settings.RACE_DELAY.dflt());
    public static final int DEFAULT_AGENT_TIMEOUT_SECONDS = Integer.parseInt(Settings.AGENT_TIMEOUT.dflt());

    public FencedSettings {
        if (postJoinDelaySeconds < -1) throw new IllegalArgumentException("post_join_delay " + postJoinDelaySeconds + " must be -1 or more");
        if (postFailDelaySeconds < -1) throw new IllegalArgumentException("post_fail_delay " + postFailDelaySeconds + " must be -1 or more");
        if (raceDelaySeconds < 0) throw new IllegalArgumentException("race_delay " + raceDelaySeconds + " must be 0 or more");
        if (agentTimeout.isNegative() || agentTimeout.isZero()) throw new IllegalArgumentException("agent_timeout must be positive: " + agentTimeout);
    }

    /** The settings of {@code conf}; throws IllegalArgumentException naming the attribute when one is malformed. */
    public static FencedSettings of(ClusterConf conf) {
        FenceDaemon fd = conf.fenceDaemon();
        Map<String, String> extras = fd.extras();
        int race = seconds(extras, "race_delay", DEFAULT_RACE_DELAY_SECONDS, (int) Settings.RACE_DELAY.min());
        int timeout = seconds(extras, "agent_timeout", DEFAULT_AGENT_TIMEOUT_SECONDS, (int) Settings.AGENT_TIMEOUT.min());
        return new FencedSettings(fd.postJoinDelaySeconds(), fd.postFailDelaySeconds(), fd.cleanStart(), fd.skipUndefined(),
                race, Duration.ofSeconds(timeout), conf.cman().twoNode());
    }

    private static int seconds(Map<String, String> extras, String name, int dflt, int min) {
        String v = extras.get(name);
        if (v == null) return dflt;
        try {
            int n = Integer.parseInt(v.strip());
            if (n >= min) return n;
        } catch (NumberFormatException e) {
            // fall through to the message below
        }
        throw new IllegalArgumentException("cluster.conf: <fence_daemon " + name + "=\"" + v + "\">: expected a whole number of seconds, "
                + min + " or more (default " + dflt + ")");
    }
}

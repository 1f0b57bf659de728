package org.nebulaha.conf.model;

import java.util.Map;

/**
 * {@code <fence_daemon>} with fenced's defaults: post_join_delay 6 s, post_fail_delay 0 s,
 * clean_start 0, override_time 3 s, skip_undefined 0.
 */
public record FenceDaemon(int postJoinDelaySeconds, int postFailDelaySeconds, boolean cleanStart,
                          int overrideTimeSeconds, boolean skipUndefined, Map<String, String> extras) {
    public FenceDaemon {
        extras = Map.copyOf(extras);
    }

    public static FenceDaemon defaults() {
        return new FenceDaemon(6, 0, false, 3, false, Map.of());
    }
}

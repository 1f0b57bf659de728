package org.nebulaha.conf.model;

import java.util.Map;
import java.util.OptionalInt;

/**
 * {@code <cman>}: quorum settings. {@code two_node} and {@code expected_votes} are cman's; the
 * votequorum flags ({@code wait_for_all}, {@code last_man_standing},
 * {@code last_man_standing_window}, {@code auto_tie_breaker}) are corosync 2's, accepted here
 * as attributes of the same element. Other cman attributes (port, cluster_id, transport...)
 * stay in {@code extras}.
 */
public record Cman(boolean twoNode, OptionalInt expectedVotes, boolean waitForAll, boolean lastManStanding,
                   int lastManStandingWindowMillis, boolean autoTieBreaker, Map<String, String> extras) {
    public static final int DEFAULT_LAST_MAN_STANDING_WINDOW_MILLIS = 10_000;

    public Cman {
        extras = Map.copyOf(extras);
    }

    public static Cman defaults() {
        return new Cman(false, OptionalInt.empty(), false, false, DEFAULT_LAST_MAN_STANDING_WINDOW_MILLIS, false, Map.of());
    }
}

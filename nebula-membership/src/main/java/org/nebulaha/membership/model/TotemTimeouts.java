package org.nebulaha.membership.model;

import java.time.Duration;

/**
 * How the totem {@code token} of cluster.conf maps onto the JGroups failure detectors, so that a
 * silent node (power loss, SIGSTOP, cut link) is removed from the membership within about one
 * token, and a crashed process (its sockets closed by the kernel) within a small fraction of it.
 *
 * <pre>
 *   FD_ALL3 timeout      = 0.6 x token   no heartbeat for this long: suspect
 *   FD_ALL3 interval     = 0.1 x token   heartbeat period (and check period)
 *   VERIFY_SUSPECT2      = 0.1 x token   are-you-dead check before removal (takes 1-2 x this)
 *   silent node removed  &lt;= 0.6 + 0.1 + 0.2 = 0.9 x token (+ a few ms to install the view)
 *   crashed process      = FD_SOCK2 (socket closed, immediate) + 1-2 x VERIFY_SUSPECT2 = 0.1-0.2 x token
 *   MERGE3               = every 1-3 x token (at least 1 s): partitions merge after a heal
 *   GMS join_timeout     = token (at least 500 ms): how long a starting node looks for a cluster
 * </pre>
 * Default token 1000 ms (cman used 10000 ms, corosync 3 uses 3000 ms): our target is failover in
 * about a second after a power loss. Raise it on loaded or virtualised hosts that stall.
 * Design note: docs/design/membership.md.
 */
public record TotemTimeouts(Duration token, long fdAllTimeoutMs, long fdAllIntervalMs, long verifySuspectMs,
                            long mergeMinMs, long mergeMaxMs, long joinTimeoutMs) {

    public static final Duration DEFAULT_TOKEN = Duration.ofMillis(1000);
    public static final Duration MIN_TOKEN = Duration.ofMillis(300);
    public static final Duration MAX_TOKEN = Duration.ofMillis(300_000);

    public static TotemTimeouts of(Duration token) {
        if (token == null) token = DEFAULT_TOKEN;
        if (token.compareTo(MIN_TOKEN) < 0 || token.compareTo(MAX_TOKEN) > 0)
            throw new IllegalArgumentException("totem token " + token.toMillis() + " ms is outside " + MIN_TOKEN.toMillis()
                    + ".." + MAX_TOKEN.toMillis() + " ms");
        long t = token.toMillis();
        long fdTimeout = Math.round(t * 0.6);
        long fdInterval = Math.max(20, Math.round(t * 0.1));
        long verify = Math.max(30, Math.round(t * 0.1));
        long mergeMin = Math.max(1000, t);
        return new TotemTimeouts(token, fdTimeout, fdInterval, verify, mergeMin, 3 * mergeMin, Math.max(500, t));
    }

    /** Worst-case time to remove a silent member, from the mapping above. */
    public long silentDetectionBoundMs() {
        return fdAllTimeoutMs + fdAllIntervalMs + 2 * verifySuspectMs;
    }
}

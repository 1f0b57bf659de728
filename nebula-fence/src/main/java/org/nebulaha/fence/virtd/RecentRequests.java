package org.nebulaha.fence.virtd;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.nebulaha.fence.xvm.FenceRequest;

/**
 * The requests handled in the last {@link #WINDOW}, keyed by (operation, seqno, domain
 * case-insensitively). fence_xvm sends the same request once per local address and again every
 * round; only the first copy that reaches us is acted on. A request is remembered only after its
 * callback connected, so a copy carrying an unreachable address does not hide the next one.
 * Also drops replays of a captured packet within the window. Not thread-safe: the listener is
 * single-threaded, as upstream.
 */
public final class RecentRequests {
    public static final Duration WINDOW = Duration.ofSeconds(10);

    private record Key(int request, long seqno, String domain) {}

    private final Map<Key, Instant> seen = new LinkedHashMap<>();

    public boolean isDuplicate(FenceRequest r, Instant now) {
        expire(now);
        return seen.containsKey(key(r));
    }

    public void remember(FenceRequest r, Instant now) {
        expire(now);
        seen.put(key(r), now);
    }

    public int size() {
        return seen.size();
    }

    private void expire(Instant now) {
        for (Iterator<Instant> it = seen.values().iterator(); it.hasNext(); ) {
            if (!it.next().plus(WINDOW).isAfter(now)) it.remove();
        }
    }

    private static Key key(FenceRequest r) {
        return new Key(r.request(), r.seqno(), r.domain().toLowerCase(Locale.ROOT));
    }
}

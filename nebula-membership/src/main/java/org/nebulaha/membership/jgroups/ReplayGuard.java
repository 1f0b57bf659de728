package org.nebulaha.membership.jgroups;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Replay protection for the channel: every sender numbers its messages (one counter per start of
 * its channel, the <em>epoch</em>) and stamps them with its clock. A message is accepted when its
 * timestamp is within {@link #MAX_AGE_MS} of ours and its number was not accepted before; numbers
 * up to {@link #WINDOW} below the highest seen are remembered, so messages that overtake each other
 * (concurrent senders, retransmissions) still pass, while duplicates and anything older are refused.
 *
 * <p>A restarted node is a new sender (new address, new epoch), so it starts with a fresh window.
 * The window of a sender silent for twice {@link #MAX_AGE_MS} is dropped: any message of it that
 * could be replayed later carries a timestamp that the age check refuses.
 *
 * @param <K> identifies a sender's epoch (its address and epoch number)
 */
final class ReplayGuard<K> {
    /** Node clocks must agree within this, as for the join token (NTP). */
    static final long MAX_AGE_MS = HmacAuthToken.MAX_SKEW_MS;
    /** How far a message may fall behind the highest number seen from its sender. */
    static final int WINDOW = 1024;

    enum Verdict { FRESH, DUPLICATE, TOO_OLD, STALE }

    private final LongSupplier clock;
    private final Map<K, Window> windows = new HashMap<>();
    private long nextSweep;

    ReplayGuard(LongSupplier clock) {
        this.clock = clock;
    }

    synchronized Verdict check(K sender, long seq, long timestamp) {
        long now = clock.getAsLong();
        sweep(now);
        if (Math.abs(now - timestamp) > MAX_AGE_MS) return Verdict.STALE;
        Window w = windows.computeIfAbsent(sender, k -> new Window(seq));
        w.lastSeen = now;
        return w.accept(seq);
    }

    synchronized int senders() {
        return windows.size();
    }

    private void sweep(long now) {
        if (now < nextSweep) return;
        nextSweep = now + MAX_AGE_MS / 4;
        for (Iterator<Window> it = windows.values().iterator(); it.hasNext(); )
            if (now - it.next().lastSeen > 2 * MAX_AGE_MS) it.remove();
    }

    /** The numbers accepted among the {@link #WINDOW} below (and at) the highest one. */
    private static final class Window {
        private final long[] bits = new long[WINDOW / 64];
        private long highest;
        long lastSeen;

        Window(long first) {
            highest = first - 1; // so that the first message is accepted and starts the window
        }

        Verdict accept(long seq) {
            if (seq > highest) {
                long shift = seq - highest;
                if (shift >= WINDOW) java.util.Arrays.fill(bits, 0L);
                else for (long s = highest + 1; s < seq; s++) clear(s); // numbers skipped: not seen yet
                highest = seq;
                set(seq);
                return Verdict.FRESH;
            }
            if (highest - seq >= WINDOW) return Verdict.TOO_OLD;
            if (isSet(seq)) return Verdict.DUPLICATE;
            set(seq);
            return Verdict.FRESH;
        }

        private int slot(long s) {
            return (int) Math.floorMod(s, (long) WINDOW);
        }

        private boolean isSet(long s) {
            int i = slot(s);
            return (bits[i >>> 6] & (1L << (i & 63))) != 0;
        }

        private void set(long s) {
            int i = slot(s);
            bits[i >>> 6] |= 1L << (i & 63);
        }

        private void clear(long s) {
            int i = slot(s);
            bits[i >>> 6] &= ~(1L << (i & 63));
        }
    }
}

package org.nebulaha.membership.jgroups;

/**
 * What the channel's {@link GcmEncrypt} layer let through and refused since this node started.
 *
 * @param accepted messages that were authentic, fresh and delivered
 * @param forged   refused: failed authentication (altered in flight, another key, not ours at all)
 *                 or named a sender or destination other than the connection it came on
 * @param replayed refused: a message number already accepted from that sender, or below its window
 * @param stale    refused: timestamp further than {@link ReplayGuard#MAX_AGE_MS} from our clock
 */
public record ChannelStats(long accepted, long forged, long replayed, long stale) {
    public static final ChannelStats NONE = new ChannelStats(0, 0, 0, 0);

    public long rejected() {
        return forged + replayed + stale;
    }
}

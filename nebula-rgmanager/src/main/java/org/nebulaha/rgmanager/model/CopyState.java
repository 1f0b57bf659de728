package org.nebulaha.rgmanager.model;

/**
 * What the cluster knows about one node's database copy (after Pacemaker pgsql's data-status and
 * DRBD's disk states). Only {@link #PRIMARY} and {@link #SYNC} copies hold every committed write.
 */
public enum CopyState {
    /** Runs (or last ran) the primary: it has every committed write unless another copy was promoted since. */
    PRIMARY,
    /** A standby the primary waits for (synchronous, sync_state=sync): it has every committed write. */
    SYNC,
    /** A standby that streams but is not (yet) waited for: it may miss the newest writes. */
    CATCHUP,
    /** Marked by the primary when it stopped waiting for this copy (node fenced, or away too long): stale. */
    OUTDATED;

    public String word() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public boolean hasEveryCommit() {
        return this == PRIMARY || this == SYNC;
    }
}

package org.nebulaha.oned.model;

/**
 * One placement of a VM on a host (OpenNebula's HISTORY record). A VM gets a new record on every
 * deploy and migration; {@code etime} 0 means the record is still open.
 */
public record History(int seq, int hostId, String hostname, String vmmMad, String tmMad,
                      long stime, long etime, int reason) {
    /** History reasons of 4.2: NONE, ERROR, STOP_RESUME, USER, CANCEL. */
    public static final int NONE = 0, ERROR = 1, STOP_RESUME = 2, USER = 3, CANCEL = 4;

    public History closed(long now, int why) {
        return new History(seq, hostId, hostname, vmmMad, tmMad, stime, now, why);
    }
}

package org.nebulaha.fence.xvm;

/** Response byte values sent by fence_virtd at the end of the TCP callback. */
public final class Response {
    private Response() {}

    /** Success, or "ON" for status. */
    public static final int SUCCESS = 0;
    public static final int FAIL = 1;
    /** "OFF" for status. */
    public static final int OFF = 2;
    /** The static permission map does not allow the caller to fence that domain. */
    public static final int PERM_DENIED = 3;
    /** A host list follows: 130-byte records, then an all-zero record, then one more response byte. */
    public static final int HOSTLIST = 253;
}

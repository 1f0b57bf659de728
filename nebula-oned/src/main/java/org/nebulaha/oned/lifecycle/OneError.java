package org.nebulaha.oned.lifecycle;

/** A refused request, with OpenNebula's error code (include/Request.h). */
public final class OneError extends Exception {
    public static final int AUTHENTICATION = 0x0100, AUTHORIZATION = 0x0200, NO_EXISTS = 0x0400,
            ACTION = 0x0800, XML_RPC_API = 0x1000, INTERNAL = 0x2000;

    private final int code;

    public OneError(int code, String message) {
        super(message);
        this.code = code;
    }

    public int code() {
        return code;
    }
}

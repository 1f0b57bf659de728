package org.nebulaha.oned.xmlrpc;

/**
 * oned answered a call with {@code [false, message, code]}, a fault, or a reply that is not
 * OpenNebula's {@code [success, value, ...]} shape; {@code code} is OpenNebula's error code
 * (0x0100 authentication, 0x0200 authorization, ...) or the fault's, 0 when there is none.
 */
public final class OneRefusal extends Exception {
    private final int code;
    private final boolean fault;

    OneRefusal(String message, int code, boolean fault) {
        super(message);
        this.code = code;
        this.fault = fault;
    }

    public int code() {
        return code;
    }

    /** True for an XML-RPC fault (a malformed call), false for oned's own refusal or an odd reply. */
    public boolean isFault() {
        return fault;
    }

    /** The value of OpenNebula's reply {@code [true, value, ...]}; anything else is a refusal naming the method. */
    static Object valueOf(String method, Object reply) throws OneRefusal {
        if (!(reply instanceof java.util.List<?> l) || l.size() < 2 || !(l.get(0) instanceof Boolean ok))
            throw new OneRefusal(method + ": unexpected reply " + reply, 0, false);
        if (!ok) throw new OneRefusal(String.valueOf(l.get(1)), l.size() > 2 && l.get(2) instanceof Integer c ? c : 0, false);
        return l.get(1);
    }
}

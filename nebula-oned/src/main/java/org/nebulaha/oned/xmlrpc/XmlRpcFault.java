package org.nebulaha.oned.xmlrpc;

/** An XML-RPC fault: the call itself was unusable (malformed XML, unknown method, wrong parameters). */
public final class XmlRpcFault extends Exception {
    /** Codes of the de-facto XML-RPC fault interoperability list. */
    public static final int PARSE_ERROR = -32700;
    public static final int UNKNOWN_METHOD = -32601;
    public static final int BAD_PARAMS = -32602;
    public static final int INTERNAL = -32603;

    private final int code;

    public XmlRpcFault(int code, String message) {
        super(message);
        this.code = code;
    }

    public int code() {
        return code;
    }
}

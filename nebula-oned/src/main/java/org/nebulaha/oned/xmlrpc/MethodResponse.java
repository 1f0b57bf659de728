package org.nebulaha.oned.xmlrpc;

/** A decoded {@code methodResponse}: either one value, or a fault (code and string). */
public record MethodResponse(Object value, XmlRpcFault fault) {
    public boolean isFault() {
        return fault != null;
    }
}

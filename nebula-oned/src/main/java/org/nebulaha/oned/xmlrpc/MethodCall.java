package org.nebulaha.oned.xmlrpc;

import java.util.Collections;
import java.util.List;

/**
 * A decoded {@code methodCall}. Parameter values are Java objects: Integer (i4/int), Long (i8),
 * Boolean, String (string and untyped values), Double, LocalDateTime (dateTime.iso8601), byte[]
 * (base64), List (array), Map (struct, insertion-ordered) and null (nil).
 */
public record MethodCall(String method, List<Object> params) {
    public MethodCall {
        // List.copyOf rejects null elements, and nil is a legal value.
        params = Collections.unmodifiableList(new java.util.ArrayList<>(params));
    }
}

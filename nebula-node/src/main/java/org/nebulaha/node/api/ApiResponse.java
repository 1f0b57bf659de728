package org.nebulaha.node.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One answer of the local API.
 *
 * @param ok       true for {@code OK}
 * @param code     exit code a command-line tool should use (0 when ok)
 * @param message  the text after {@code OK} / {@code ERR code}
 * @param body     the lines after the status line
 */
public record ApiResponse(boolean ok, int code, String message, List<String> body) {
    public ApiResponse {
        body = List.copyOf(body);
    }

    public static ApiResponse ok(List<String> body) {
        return new ApiResponse(true, 0, "", body);
    }

    public static ApiResponse ok(String message, List<String> body) {
        return new ApiResponse(true, 0, message, body);
    }

    public static ApiResponse error(int code, String message) {
        return new ApiResponse(false, code, message, List.of());
    }

    /** The body read as {@code key=value} lines (order kept). */
    public Map<String, String> fields() {
        Map<String, String> m = new LinkedHashMap<>();
        for (String l : body) {
            int eq = l.indexOf('=');
            if (eq > 0) m.put(l.substring(0, eq), l.substring(eq + 1));
        }
        return m;
    }

    /** The status line as sent: {@code OK [message]} or {@code ERR code message}. */
    public String statusLine() {
        if (ok) return message.isEmpty() ? "OK" : "OK " + message;
        return "ERR " + code + " " + message;
    }
}

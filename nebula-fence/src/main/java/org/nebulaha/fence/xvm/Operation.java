package org.nebulaha.fence.xvm;

import java.util.List;
import java.util.Locale;

/**
 * The request codes of fence_req.request and the fence_xvm {@code -o} words that select them.
 * METADATA and VALIDATEALL are answered by the client itself and never sent.
 */
public enum Operation {
    NULL(0, "null"),
    OFF(1, "off"),
    REBOOT(2, "reboot"),
    ON(3, "on"),
    STATUS(4, "status"),
    DEVSTATUS(5, "monitor"),
    HOSTLIST(6, "list", "list-status"),
    METADATA(7, "metadata"),
    VALIDATEALL(8, "validate-all");

    private final int code;
    private final List<String> words;

    Operation(int code, String... words) {
        this.code = code;
        this.words = List.of(words);
    }

    public int code() {
        return code;
    }

    public String word() {
        return words.get(0);
    }

    /** Whether the operation needs a target domain: all but list, monitor and metadata. */
    public boolean needsDomain() {
        return this != HOSTLIST && this != DEVSTATUS && this != METADATA;
    }

    /** Whether the client answers it without sending anything. */
    public boolean isLocal() {
        return this == METADATA || this == VALIDATEALL;
    }

    /** The operation for a request code, or null for an unknown code (the server then answers 1). */
    public static Operation ofCode(int code) {
        for (Operation o : values()) if (o.code == code) return o;
        return null;
    }

    public static Operation ofWord(String word) {
        String w = word.strip().toLowerCase(Locale.ROOT);
        if (w.equals("meta-data")) return METADATA;
        for (Operation o : values()) if (o.words.contains(w)) return o;
        throw new IllegalArgumentException("Unsupported operation: " + word);
    }
}

package org.nebulaha.conf.ccs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Parsing of ccs's {@code key=value} option words. */
final class CcsArgs {
    private CcsArgs() {}

    /** {@code ["address=10.10.11.12", "sleeptime=10"]} in order; a word without '=' is an error, as in ccs. */
    static Map<String, String> keyValues(List<String> options) throws CcsException {
        Map<String, String> r = new LinkedHashMap<>();
        for (String o : options) {
            int eq = o.indexOf('=');
            if (eq <= 0) throw new CcsException("Invalid option: " + o + " (expected name=value)");
            String key = o.substring(0, eq);
            if (!key.matches("[A-Za-z_][A-Za-z0-9_.-]*")) throw new CcsException("Invalid option: " + o + " ('" + key + "' is not an attribute name)");
            r.put(key, o.substring(eq + 1));
        }
        return r;
    }
}

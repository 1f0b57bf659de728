package org.nebulaha.fence.agent;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The fence-agent stdin convention: one {@code name=value} per line, read until EOF. Blank lines
 * and lines starting with {@code #} are skipped, whitespace around the line and around name and
 * value is trimmed, and one pair of surrounding double quotes is removed from the value.
 * Later lines win over earlier ones for the same name.
 *
 * <p>Writing is the reverse, used by {@link AgentRunner}: {@code name=value\n} per entry, in order.
 */
public final class AgentArgs {
    private AgentArgs() {}

    /** Parses agent input; {@code warn} receives a message for each line that is not name=value. */
    public static Map<String, String> parse(Reader input, Consumer<String> warn) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        BufferedReader r = new BufferedReader(input);
        String raw;
        int n = 0;
        while ((raw = r.readLine()) != null) {
            n++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            int eq = line.indexOf('=');
            if (eq <= 0) {
                warn.accept("Parse error: line " + n + " '" + line + "' is not name=value; ignored");
                continue;
            }
            String value = line.substring(eq + 1).strip();
            if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) value = value.substring(1, value.length() - 1);
            out.put(line.substring(0, eq).strip(), value);
        }
        return out;
    }

    /** The stdin text for {@code args}: one name=value line per entry, in iteration order. */
    public static String format(Map<String, String> args) {
        StringBuilder sb = new StringBuilder();
        args.forEach((k, v) -> {
            if (k.contains("=") || k.contains("\n") || v.contains("\n"))
                throw new IllegalArgumentException("agent argument " + k + "=" + v + " cannot be passed on one line");
            sb.append(k).append('=').append(v).append('\n');
        });
        return sb.toString();
    }

    /** Fence-agents booleans: 1/yes/on/true set, 0/no/off/false unset; anything else is an error. */
    public static boolean isTrue(String name, String value) {
        return switch (value.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "1", "yes", "on", "true" -> true;
            case "0", "no", "off", "false", "" -> false;
            default -> throw new IllegalArgumentException(name + "=" + value + " is not a boolean (use 1/0, yes/no, on/off, true/false)");
        };
    }
}

package org.nebulaha.conf;

import java.util.List;
import java.util.Optional;

/**
 * One cluster.conf setting, declared once: where it lives, its type and range, its default and what
 * it does. {@link ClusterConfParser} takes ranges and defaults from here and checks every declared
 * attribute it finds; docs/cluster.conf.md's settings table is generated from the same list
 * ({@link Settings#markdownTable()}).
 *
 * @param element   the element's name (for resources, the resource type: ip, script)
 * @param attribute the attribute's name
 * @param type      what values it takes
 * @param min       smallest integer allowed (INT only)
 * @param max       largest integer allowed (INT only)
 * @param values    the allowed words (WORD only)
 * @param dflt      the default as written in the file, or "" when required, or a sentence when computed
 * @param required  the element is invalid without it
 * @param doc       one line on what it does
 */
public record Setting(String element, String attribute, Type type, long min, long max, List<String> values, String dflt,
                      boolean required, String doc) {
    public enum Type { INT, BOOL, WORD, TEXT, PATH }

    public Setting {
        values = List.copyOf(values);
    }

    /** What is wrong with {@code value} for this setting, or empty when it is valid. */
    public Optional<String> problem(String value) {
        switch (type) {
            case INT -> {
                long n;
                try {
                    n = Long.parseLong(value.strip());
                } catch (NumberFormatException e) {
                    return Optional.of(attribute + " must be an integer " + range() + ", not '" + value + "'");
                }
                if (n < min || n > max) return Optional.of(attribute + " must be " + range() + ", not " + n);
            }
            case BOOL -> {
                if (!value.equals("0") && !value.equals("1")) return Optional.of(attribute + " must be 0 or 1, not '" + value + "'");
            }
            case WORD -> {
                if (!values.contains(value)) return Optional.of(attribute + " must be " + String.join(", ", values) + ", not '" + value + "'");
            }
            case PATH -> {
                if (!value.startsWith("/")) return Optional.of(attribute + " '" + value + "' must be an absolute path");
            }
            case TEXT -> {
                if (required && value.isBlank()) return Optional.of("missing required attribute " + attribute);
            }
        }
        return Optional.empty();
    }

    /** "at least 0", "between 1 and 100" (INT only). */
    public String range() {
        if (max == Integer.MAX_VALUE || max == Long.MAX_VALUE) return "at least " + min;
        return "between " + min + " and " + max;
    }

    /** The range column of the doc table. */
    String rangeText() {
        return switch (type) {
            case INT -> max == Integer.MAX_VALUE ? min + " or more" : min + ".." + max;
            case BOOL -> "0, 1";
            case WORD -> String.join(", ", values);
            case PATH -> "absolute path";
            case TEXT -> "";
        };
    }
}

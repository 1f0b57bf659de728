package org.nebulaha.conf.model;

import java.util.Map;
import java.util.OptionalInt;

/**
 * {@code <totem>}: membership timing in milliseconds. Absent values mean "the membership layer's
 * default" (documented in docs/membership.md); cman's own default token was 10000 ms.
 */
public record Totem(OptionalInt tokenMillis, OptionalInt consensusMillis, OptionalInt joinMillis,
                    OptionalInt tokenRetransmitsBeforeLoss, Map<String, String> extras) {
    public Totem {
        extras = Map.copyOf(extras);
    }

    public static Totem defaults() {
        return new Totem(OptionalInt.empty(), OptionalInt.empty(), OptionalInt.empty(), OptionalInt.empty(), Map.of());
    }
}

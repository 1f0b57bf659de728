package org.nebulaha.conf.model;

import java.util.Map;

/**
 * {@code <fencedevice name agent ...>}: the agent to run and its options (every attribute but
 * {@code name} and {@code agent}, in document order), e.g. fence_xvm's key_file and multicast_address.
 */
public record FenceDevice(String name, String agent, Map<String, String> options) {
    public FenceDevice {
        options = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(options));
    }
}

package org.nebulaha.conf.model;

import java.util.Map;

/**
 * {@code <device name=... port=...>} inside a node's method: which {@link FenceDevice} to call and
 * the node-specific agent options (all attributes but {@code name}, in document order).
 */
public record FenceDeviceUse(String device, Map<String, String> options) {
    public FenceDeviceUse {
        options = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(options));
    }
}

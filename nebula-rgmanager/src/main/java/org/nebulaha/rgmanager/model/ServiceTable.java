package org.nebulaha.rgmanager.model;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The cluster-wide service table as the coordinator last published it, numbered so that the
 * survivors of a coordinator loss can pick the newest copy.
 */
public record ServiceTable(long version, Map<String, ServiceRecord> services) {
    public ServiceTable {
        services = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(services));
    }
}

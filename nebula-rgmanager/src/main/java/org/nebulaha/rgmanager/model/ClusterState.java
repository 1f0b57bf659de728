package org.nebulaha.rgmanager.model;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything the planner looks at besides the configuration: the membership view and the record
 * of every service. A configured service without a record is {@link ServiceState#UNINITIALIZED}.
 */
public record ClusterState(ClusterView view, Map<String, ServiceRecord> services) {
    public ClusterState {
        services = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(services));
    }

    public ServiceRecord service(String name) {
        ServiceRecord r = services.get(name);
        return r == null ? ServiceRecord.uninitialized(name) : r;
    }

    public ClusterState with(ServiceRecord r) {
        Map<String, ServiceRecord> m = new LinkedHashMap<>(services);
        m.put(r.name(), r);
        return new ClusterState(view, m);
    }

    public ClusterState withView(ClusterView v) {
        return new ClusterState(v, services);
    }
}

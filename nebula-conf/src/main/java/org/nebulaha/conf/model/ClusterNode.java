package org.nebulaha.conf.model;

import java.util.List;
import java.util.Map;

/**
 * {@code <clusternode name nodeid votes>} with its fence methods (tried in order) and unfence devices.
 */
public record ClusterNode(String name, int nodeid, int votes, List<FenceMethod> fenceMethods,
                          List<FenceDeviceUse> unfence, Map<String, String> extras) {
    public ClusterNode {
        fenceMethods = List.copyOf(fenceMethods);
        unfence = List.copyOf(unfence);
        extras = Map.copyOf(extras);
    }
}

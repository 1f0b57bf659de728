package org.nebulaha.rgmanager.model;

import java.util.Map;
import java.util.Optional;

/**
 * What one node says it runs, for rebuilding the service table after the coordinator is lost:
 * every service with local resources (started, or failed because a stop failed here), and the
 * node's copy of the last service table the coordinator published.
 */
public record NodeReport(String node, Map<String, LocalState> services, Optional<ServiceTable> tableCopy) {
    public NodeReport {
        services = Map.copyOf(services);
    }

    /** What a node's resource manager holds for one service. */
    public enum LocalState {
        /** Started here and monitored (or frozen). */
        STARTED,
        /** A status check failed here; recovery pending. */
        RECOVERING,
        /** A stop failed here: resources may still be active. */
        FAILED
    }
}

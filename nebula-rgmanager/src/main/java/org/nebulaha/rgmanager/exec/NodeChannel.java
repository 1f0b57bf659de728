package org.nebulaha.rgmanager.exec;

import org.nebulaha.rgmanager.model.ServiceTable;

/**
 * How the coordinator reaches each node's {@link LocalResourceManager}. The node daemon implements
 * it over its API (local calls for its own node); {@link InProcessNodes} does it in one JVM.
 * A call to a node that cannot be reached returns {@link Result#UNREACHABLE}: the coordinator then
 * leaves the service as it was until membership says the node is lost (and fencing proves it stopped).
 */
public interface NodeChannel {
    enum Result { OK, START_FAILED, STOP_FAILED, UNREACHABLE }

    Result start(String node, String service);

    Result stop(String node, String service);

    /**
     * Restart in place on {@code node} ({@link LocalResourceManager#restart}): OK when it runs again
     * there; START_FAILED when it could not start again and was stopped cleanly; STOP_FAILED when a
     * stop failed.
     */
    Result restart(String node, String service);

    void setFrozen(String node, String service, boolean frozen);

    /** Sends the latest service table to {@code node} (best effort). */
    void publish(String node, ServiceTable table);
}

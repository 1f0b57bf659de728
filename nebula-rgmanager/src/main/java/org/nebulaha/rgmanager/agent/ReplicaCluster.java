package org.nebulaha.rgmanager.agent;

import org.nebulaha.rgmanager.model.ReplicaRecord;

/**
 * What the {@code pgsql} agent needs from the cluster: the replicated record of the database copies
 * and facts about the other nodes. The node daemon implements it over its membership messages.
 */
public interface ReplicaCluster {
    /** Where a node's PostgreSQL listens; port 0 means the resource's own {@code port}. */
    record Endpoint(String host, int port) {}

    /** This node's name (also the standby's application_name). */
    String self();

    /** The newest record this node holds. */
    ReplicaRecord record();

    /** This node held the record live (see {@link org.nebulaha.rgmanager.plan.ReplicaRules}). */
    boolean trusted();

    /**
     * Makes {@code r} the record of every online member (and this node's disk); true once every
     * online member acknowledged it. A change that releases a wait must not act before that.
     */
    boolean publish(ReplicaRecord r);

    /** The node is fenced since it was lost, or left cleanly: its copy cannot be running. */
    boolean gone(String node);

    Endpoint endpoint(String node);
}

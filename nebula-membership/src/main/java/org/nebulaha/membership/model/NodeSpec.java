package org.nebulaha.membership.model;

/**
 * One {@code <clusternode>} with the address and port it is reached at.
 *
 * @param name    node name as in cluster.conf
 * @param nodeid  unique positive node id
 * @param votes   quorum votes (default 1)
 * @param address IP address or host name (from {@code org.nebulaha.common.HostResolver})
 * @param port    cluster TCP port; failure detection listens on {@code port + 1}
 */
public record NodeSpec(String name, int nodeid, int votes, String address, int port) {
    public NodeSpec {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("cluster node without a name");
        if (nodeid < 1) throw new IllegalArgumentException("node " + name + ": nodeid " + nodeid + " must be 1 or more");
        if (votes < 0) throw new IllegalArgumentException("node " + name + ": votes " + votes + " must be 0 or more");
        if (address == null || address.isBlank()) throw new IllegalArgumentException("node " + name + ": no address");
        if (port < 1 || port > 65534)
            throw new IllegalArgumentException("node " + name + ": cluster port " + port + " must be 1..65534 (failure detection uses port+1)");
    }
}

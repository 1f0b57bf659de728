package org.nebulaha.oned.model;

import java.util.List;

/**
 * An OpenNebula cluster. Its hosts are the hosts whose CLUSTER_ID names it (kept on the host);
 * datastore and virtual network ids are kept here as lists.
 */
public record Cluster(int id, String name, List<Integer> datastores, List<Integer> vnets) {
    public Cluster {
        datastores = List.copyOf(datastores);
        vnets = List.copyOf(vnets);
    }
}

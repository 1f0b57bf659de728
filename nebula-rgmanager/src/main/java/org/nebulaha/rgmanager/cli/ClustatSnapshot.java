package org.nebulaha.rgmanager.cli;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.nebulaha.conf.model.ClusterConf;
import org.nebulaha.conf.model.ClusterNode;
import org.nebulaha.conf.model.Service;
import org.nebulaha.rgmanager.model.ClusterState;
import org.nebulaha.rgmanager.model.ServiceRecord;

/**
 * Everything clustat prints, taken at one moment: the node daemon builds it from its membership,
 * the configuration and the coordinator's service table ({@link #of}).
 */
public record ClustatSnapshot(String clusterName, int clusterId, long generation, boolean quorate,
                              List<MemberLine> members, List<ServiceRecord> services, Instant now) {
    public ClustatSnapshot {
        members = List.copyOf(members);
        services = List.copyOf(services);
    }

    /** One node line: {@code online}, {@code local} (this node), {@code rgmanager} (its resource manager runs), estranged (not in cluster.conf). */
    public record MemberLine(String name, int nodeid, boolean online, boolean local, boolean rgmanager, boolean estranged) {}

    /**
     * Builds the snapshot: every configured node (online if it is in {@code state}'s view as online),
     * every configured service in configuration order.
     */
    public static ClustatSnapshot of(ClusterConf conf, ClusterState state, String localNode, Set<String> rgmanagerNodes,
                                     long generation, Instant now) {
        List<MemberLine> ms = new ArrayList<>();
        for (ClusterNode n : conf.nodes()) {
            boolean online = state.view().isOnline(n.name());
            ms.add(new MemberLine(n.name(), n.nodeid(), online, n.name().equals(localNode), online && rgmanagerNodes.contains(n.name()), false));
        }
        List<ServiceRecord> ss = new ArrayList<>();
        for (Service s : conf.rm().services()) ss.add(state.service(s.name()));
        String id = conf.cman().extras().get("cluster_id");
        return new ClustatSnapshot(conf.name(), id != null ? Integer.parseInt(id) : clusterIdOf(conf.name()), generation, state.view().quorate(),
                ms, ss, now);
    }

    /** cman's default cluster id: a shift-and-add hash of the cluster name, 16 bits. */
    public static int clusterIdOf(String name) {
        int value = 0;
        for (char c : name.toCharArray()) value = (value << 1) + c;
        return value & 0xffff;
    }
}

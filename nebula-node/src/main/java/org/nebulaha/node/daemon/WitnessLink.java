package org.nebulaha.node.daemon;

import java.util.Objects;
import java.util.Optional;
import org.nebulaha.common.HostResolver;
import org.nebulaha.membership.conf.ClusterSettings;
import org.nebulaha.membership.jgroups.ClusterKey;
import org.nebulaha.membership.witness.WitnessClient;
import org.nebulaha.membership.witness.WitnessSettings;

/**
 * Keeps this node's {@link WitnessClient} in line with cluster.conf's {@code <quorumd>}: starts it
 * when a witness is configured, replaces it when its settings change (at a reload too), stops it
 * when the element is removed, and hands it to {@link ClusterState} for the quorum decision.
 */
final class WitnessLink {
    private static final System.Logger LOG = System.getLogger("witness");

    private final ClusterState state;
    private final ClusterKey key;
    private WitnessClient client;

    WitnessLink(ClusterState state, ClusterKey key) {
        this.state = state;
        this.key = key;
    }

    /** Follows {@code settings}' {@code <quorumd>}. */
    synchronized void configure(ClusterSettings settings) {
        Optional<WitnessSettings> wanted;
        try {
            wanted = WitnessSettings.from(settings.conf(), HostResolver.system());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "cannot use <quorumd>: " + e.getMessage() + "; running without the witness");
            wanted = Optional.empty();
        }
        WitnessSettings current = client == null ? null : client.settings();
        if (Objects.equals(wanted.orElse(null), current)) return;
        WitnessClient old = client;
        client = wanted.map(w -> new WitnessClient(w, key.witnessKey(), settings.clusterName(),
                settings.membership().local().nodeid(), state::latestMemberIds, state::witnessChanged)).orElse(null);
        state.useWitness(client);
        if (old != null) old.close();
        if (client != null) {
            client.start();
            LOG.log(System.Logger.Level.INFO, "quorum witness " + wanted.get().host() + ":" + wanted.get().port() + ", "
                    + wanted.get().votes() + " vote, timeout " + wanted.get().timeout().toMillis() + " ms");
        } else {
            LOG.log(System.Logger.Level.INFO, "no quorum witness configured");
        }
    }

    synchronized void close() {
        if (client != null) client.close();
        client = null;
    }
}

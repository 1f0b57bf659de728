package org.nebulaha.membership.witness;

import java.time.Duration;
import java.util.Optional;
import org.nebulaha.common.HostResolver;
import org.nebulaha.conf.ClusterConfParser;
import org.nebulaha.conf.Settings;
import org.nebulaha.conf.model.ClusterConf;
import org.nebulaha.conf.xml.XmlElement;
import org.nebulaha.membership.model.TotemTimeouts;

/**
 * A node's quorum witness settings, from {@code <quorumd host port votes timeout>} (declared in
 * {@link Settings}, validated by the parser).
 *
 * @param host    the witness's host name (resolved through {@link HostResolver})
 * @param address its address
 * @param port    its TCP port (default {@value #DEFAULT_PORT}, as corosync-qnetd)
 * @param votes   the votes it gives (1)
 * @param timeout how long an answer stays fresh, and how long the witness keeps a silent node
 *                (default: the token)
 */
public record WitnessSettings(String host, String address, int port, int votes, Duration timeout) {
    public static final int DEFAULT_PORT = 5403;

    /** The node reports every timeout / 5 (at least every 50 ms). */
    public Duration interval() {
        return Duration.ofMillis(Math.max(50, timeout.toMillis() / 5));
    }

    /** The witness configured in {@code conf}, if any. */
    public static Optional<WitnessSettings> from(ClusterConf conf, HostResolver hosts) {
        Optional<XmlElement> q = conf.tree().child("quorumd").filter(ClusterConfParser::isWitness);
        if (q.isEmpty()) return Optional.empty();
        XmlElement e = q.get();
        String host = e.attr("host");
        int port = e.hasAttr("port") ? Integer.parseInt(e.attr("port").strip()) : DEFAULT_PORT;
        int votes = e.hasAttr("votes") ? Integer.parseInt(e.attr("votes").strip()) : Integer.parseInt(Settings.QUORUMD_VOTES.dflt());
        Duration token = conf.totem().tokenMillis().isPresent() ? Duration.ofMillis(conf.totem().tokenMillis().getAsInt())
                : TotemTimeouts.DEFAULT_TOKEN;
        Duration timeout = e.hasAttr("timeout") ? Duration.ofMillis(Long.parseLong(e.attr("timeout").strip())) : token;
        return Optional.of(new WitnessSettings(host, hosts.address(host), port, votes, timeout));
    }
}

package org.nebulaha.membership.jgroups;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.jgroups.protocols.AUTH;
import org.jgroups.protocols.BARRIER;
import org.jgroups.protocols.FD_ALL3;
import org.jgroups.protocols.FD_SOCK2;
import org.jgroups.protocols.FRAG2;
import org.jgroups.protocols.MERGE3;
import org.jgroups.protocols.RSVP;
import org.jgroups.protocols.TCP;
import org.jgroups.protocols.TCPPING;
import org.jgroups.protocols.UNICAST3;
import org.jgroups.protocols.VERIFY_SUSPECT2;
import org.jgroups.protocols.pbcast.GMS;
import org.jgroups.protocols.pbcast.NAKACK2;
import org.jgroups.protocols.pbcast.STABLE;
import org.jgroups.stack.Protocol;
import org.nebulaha.membership.model.MembershipConfig;
import org.nebulaha.membership.model.NodeSpec;
import org.nebulaha.membership.model.TotemTimeouts;

/**
 * Our JGroups protocol stack, bottom to top, and why each layer is there:
 * <pre>
 *   TCP             transport on the node's address and cluster port (default 5405); no multicast needed
 *   GcmEncrypt      ours: AES-256-GCM over the whole message with replay protection, key derived from the
 *                   cluster key; directly above TCP so discovery, heartbeats and membership traffic are all
 *                   sealed (JGroups' SYM_ENCRYPT has no MAC and leaves headers in the clear)
 *   TCPPING         static discovery: every node of cluster.conf at its address and port
 *   MERGE3          finds and merges partitions after the network heals
 *   FD_SOCK2        a TCP ring on port+1: a crashed process (socket closed by the kernel) is suspected at once
 *   FD_ALL3         heartbeats: a silent node (power loss, hang, cut link) is suspected after a timeout
 *   VERIFY_SUSPECT2 double-checks a suspect before it is removed
 *   BARRIER, NAKACK2, UNICAST3, STABLE   reliable, ordered multicast and unicast
 *   AUTH            joins and merges must carry an {@link HmacAuthToken} made with the cluster key
 *   GMS             views (the membership)
 *   FRAG2           large messages (a cluster.conf pushed by cman_tool version -r)
 *   RSVP            acknowledged sends (the "I am leaving" announcement)
 * </pre>
 * The timeouts come from the totem token, see {@link TotemTimeouts}.
 */
public final class ClusterStack {
    private ClusterStack() {}

    public static List<Protocol> build(MembershipConfig cfg, ClusterKey key) throws UnknownHostException {
        NodeSpec self = cfg.local();
        InetAddress bind = InetAddress.getByName(self.address());
        TotemTimeouts t = TotemTimeouts.of(cfg.token());

        List<InetSocketAddress> hosts = new ArrayList<>();
        for (NodeSpec n : cfg.nodes()) hosts.add(new InetSocketAddress(InetAddress.getByName(n.address()), n.port()));

        TCP tcp = new TCP();
        tcp.setBindAddress(bind);
        tcp.setBindPort(self.port());
        tcp.setClientBindAddr(bind); // outgoing connections leave from the node's own address too
        tcp.setPortRange(0);
        tcp.setSockConnTimeout(300);

        GcmEncrypt encrypt = new GcmEncrypt(key.channelKey());

        TCPPING ping = new TCPPING();
        ping.initialHosts(hosts);
        ping.portRange(0);

        MERGE3 merge = new MERGE3();
        merge.setMinInterval(t.mergeMinMs());
        merge.setMaxInterval(t.mergeMaxMs());

        FD_SOCK2 fdSock = new FD_SOCK2();
        fdSock.setBindAddress(bind);
        fdSock.setOffset(1);
        fdSock.setPortRange(0);

        FD_ALL3 fdAll = new FD_ALL3();
        fdAll.setTimeout(t.fdAllTimeoutMs());
        fdAll.setInterval(t.fdAllIntervalMs());

        VERIFY_SUSPECT2 verify = new VERIFY_SUSPECT2();
        verify.setTimeout(t.verifySuspectMs());

        NAKACK2 nakack = new NAKACK2();
        nakack.useMcastXmit(false);

        AUTH auth = new AUTH();
        HmacAuthToken token = new HmacAuthToken(key.authKey(), cfg.clusterName());
        auth.setAuthToken(token);
        token.setAuth(auth);

        GMS gms = new GMS();
        gms.setJoinTimeout(t.joinTimeoutMs());
        gms.printLocalAddress(false);

        RSVP rsvp = new RSVP();
        rsvp.setTimeout(Math.max(500, t.token().toMillis()));
        rsvp.setResendInterval(Math.max(100, t.token().toMillis() / 4));
        rsvp.throwExceptionOnTimeout(false);

        return List.of(tcp, encrypt, ping, merge, fdSock, fdAll, verify, new BARRIER(), nakack, new UNICAST3(),
                new STABLE(), auth, gms, new FRAG2(), rsvp);
    }
}

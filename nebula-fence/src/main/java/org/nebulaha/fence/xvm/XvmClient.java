package org.nebulaha.fence.xvm;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The fence_xvm side of the protocol.
 *
 * <p>Multicast mode ({@link #call}): listen on TCP {@code port}; then, each round, send one signed
 * request per local address (the packet carries that address, so fence_virtd calls back to an
 * address it can reach) with IP_MULTICAST_IF on that address's interface and TTL 2; wait
 * {@code retrans} for the callback; repeat for {@code timeout / retrans} rounds. On the callback,
 * challenge first, then answer the server's challenge, then read the response byte (and the host
 * list after 253). The seqno is fixed for all rounds so the server can drop the copies.
 *
 * <p>TCP mode ({@link #callTcp}, fence_virt {@code -T}): connect to the server, write the signed
 * request (address/port/family zero), then the same exchange on that socket.
 */
public final class XvmClient {
    private static final System.Logger LOG = System.getLogger(XvmClient.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int TTL = 2;

    private final ClientOptions options;
    private final byte[] key;

    public XvmClient(ClientOptions options, byte[] key) {
        this.options = options;
        this.key = key.clone();
    }

    /** Every address the original would send from: all local IPv4 addresses (127.0.0.1 included), or routable IPv6 ones. */
    public static List<InetAddress> localAddresses(boolean ipv6) throws SocketException {
        List<InetAddress> out = new ArrayList<>();
        for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            // No isUp() filter: Java's isUp() also wants IFF_RUNNING, which a fresh link lacks for
            // about a second; like upstream, take every address and let a failed send skip it.
            for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                if (!ipv6 && a instanceof Inet4Address) out.add(a);
                if (ipv6 && a instanceof Inet6Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()) out.add(a);
            }
        }
        return out;
    }

    public ClientResult call(List<InetAddress> sources) throws IOException {
        if (sources.isEmpty()) throw new IOException("no local " + (options.ipv6() ? "IPv6" : "IPv4") + " address to send from");
        InetAddress group = InetAddress.getByName(options.multicastAddress());
        long seqno = Instant.now().getNano() / 1000 % 1_000_000;
        try (ServerSocket listener = new ServerSocket()) {
            listener.setReuseAddress(true);
            listener.bind(new InetSocketAddress(options.ipv6() ? "::" : "0.0.0.0", options.port()), 10);
            listener.setSoTimeout((int) options.retrans().toMillis());
            try (DatagramChannel ch = DatagramChannel.open(options.ipv6() ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET)) {
                ch.setOption(StandardSocketOptions.IP_MULTICAST_TTL, TTL);
                for (int round = 1; round <= options.rounds(); round++) {
                    for (InetAddress src : sources) {
                        try {
                            send(ch, group, src, seqno);
                        } catch (IOException e) {
                            // one unusable interface (no route, no multicast) must not stop the others
                            LOG.log(Level.DEBUG, "cannot send from {0}: {1}", src, e.getMessage());
                        }
                    }
                    try (Socket s = listener.accept()) {
                        LOG.log(Level.DEBUG, "callback from {0} in round {1}", s.getRemoteSocketAddress(), round);
                        return exchange(s);
                    } catch (SocketTimeoutException e) {
                        LOG.log(Level.DEBUG, "no callback after round {0} of {1}", round, options.rounds());
                    }
                }
            }
        }
        return ClientResult.failed(ClientResult.Failure.TIMED_OUT, "no callback within " + options.timeout().toSeconds() + " s");
    }

    private void send(DatagramChannel ch, InetAddress group, InetAddress src, long seqno) throws IOException {
        NetworkInterface ni = NetworkInterface.getByInetAddress(src);
        if (ni == null) {
            LOG.log(Level.DEBUG, "skipping {0}: no interface has it", src);
            return;
        }
        byte[] salt = new byte[6];
        RANDOM.nextBytes(salt);
        FenceRequest req = FenceRequest.of(options.operation(), options.hash(), options.domain(), options.useUuid(), src,
                options.port(), seqno).signed(key, salt);
        ch.setOption(StandardSocketOptions.IP_MULTICAST_IF, ni);
        ch.send(ByteBuffer.wrap(req.encode()), new InetSocketAddress(group, options.port()));
        LOG.log(Level.DEBUG, "sent {0} via {1}", req.describe(), ni.getName());
    }

    public ClientResult callTcp() throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(options.tcpAddress(), options.port()), 3000);
            FenceRequest req = FenceRequest.of(options.operation(), options.hash(), options.domain(), options.useUuid(), null, 0,
                    Instant.now().getNano() / 1000 % 1_000_000);
            byte[] salt = new byte[6];
            RANDOM.nextBytes(salt);
            s.getOutputStream().write(req.signed(key, salt).encode());
            s.getOutputStream().flush();
            return exchange(s);
        }
    }

    private ClientResult exchange(Socket s) throws IOException {
        s.setSoTimeout((int) options.timeout().toMillis());
        InputStream in = s.getInputStream();
        OutputStream out = s.getOutputStream();
        try {
            if (!ChallengeResponse.challenge(options.auth(), key, in, out))
                return ClientResult.failed(ClientResult.Failure.BAD_CHALLENGE_RESPONSE, "server answered our challenge wrongly");
            ChallengeResponse.respond(options.auth(), key, in, out);
            int response = in.read();
            if (response < 0) return ClientResult.failed(ClientResult.Failure.CONNECTION_LOST, "server closed before the response");
            if (response != Response.HOSTLIST) return ClientResult.answered(response, List.of());
            List<HostRecord> hosts = new ArrayList<>();
            while (true) {
                HostRecord h = HostRecord.decode(ChallengeResponse.readFully(in, HostRecord.SIZE));
                if (h.isTerminator()) break;
                hosts.add(h);
            }
            return ClientResult.answered(Response.HOSTLIST, hosts);
        } catch (SocketTimeoutException e) {
            return ClientResult.failed(ClientResult.Failure.TIMED_OUT, "server stopped answering: " + e.getMessage());
        } catch (IOException e) {
            return ClientResult.failed(ClientResult.Failure.CONNECTION_LOST, e.getMessage());
        }
    }
}

package org.nebulaha.fence.virtd;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import org.nebulaha.common.RateLimitedLog;
import org.nebulaha.fence.xvm.ChallengeResponse;
import org.nebulaha.fence.xvm.FenceRequest;

/**
 * The TCP listener (fence_virt {@code -T}): accept on address:port (default 127.0.0.1:1229), read
 * the 176-byte signed request, check it like a multicast packet, then the same challenge-response
 * and reply on that connection. The caller for the permission map is the peer's IP address.
 */
public final class TcpListener implements Listener {
    private static final System.Logger LOG = System.getLogger("fence_virtd");

    private final VirtdConfig.Listener settings;
    private final byte[] key;
    private final RequestDispatcher dispatcher;
    private final ServerSocket server;
    private final RateLimitedLog drops = new RateLimitedLog(LOG, Level.WARNING, "dropped TCP requests");

    public TcpListener(VirtdConfig.Listener settings, byte[] key, RequestDispatcher dispatcher) throws IOException {
        this.settings = settings;
        this.key = key.clone();
        this.dispatcher = dispatcher;
        ServerSocket ss = new ServerSocket();
        ss.setReuseAddress(true);
        ss.bind(new InetSocketAddress(InetAddress.getByName(settings.address()), settings.port()), 10);
        this.server = ss;
        LOG.log(Level.INFO, "listening for TCP requests on {0}:{1} (hash >= {2}, auth {3})", settings.address(),
                String.valueOf(settings.port()), settings.hash().word(), settings.auth().word());
    }

    @Override
    public void run() {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                serve(s);
            } catch (IOException e) {
                if (!server.isClosed()) drops.log("TCP request failed: " + e.getMessage());
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "TCP request caused an internal error; daemon continues", e);
            }
        }
    }

    private void serve(Socket s) throws IOException {
        String peer = s.getInetAddress().getHostAddress();
        s.setSoTimeout(CallbackSession.READ_TIMEOUT_MILLIS);
        byte[] data = ChallengeResponse.readFully(s.getInputStream(), FenceRequest.SIZE);
        PacketCheck.Verdict v = PacketCheck.check(data, data.length, key, settings.hash(), false);
        if (!v.accepted()) {
            drops.log("dropped TCP request from " + peer + ": " + v.dropReason());
            return;
        }
        String refused = CallbackSession.serve(s, v.request(), peer, settings.auth(), key, dispatcher);
        if (refused != null) LOG.log(Level.WARNING, "TCP {0}: not carried out: {1}", v.request().describe(), refused);
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // closing a listening socket: nothing to do
        }
    }
}

package org.nebulaha.fence.virtd;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.MulticastSocket;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Clock;
import org.nebulaha.common.RateLimitedLog;
import org.nebulaha.fence.xvm.FenceRequest;

/**
 * The multicast listener: bound to the wildcard address on the configured port and joined to the
 * group (on {@code interface} if configured, else where the kernel routes it). For each datagram:
 * {@link PacketCheck}, drop copies already handled ({@link RecentRequests}), connect back to the
 * address and port carried in the packet (5 s), and serve the request on that connection
 * ({@link CallbackSession}). Anything wrong with one packet never costs the daemon, and a flood of
 * bad packets costs a few log lines: drops are logged through a {@link RateLimitedLog}.
 */
public final class MulticastListener implements Listener {
    private static final System.Logger LOG = System.getLogger("fence_virtd");
    public static final int CONNECT_TIMEOUT_MILLIS = 5_000;

    private final VirtdConfig.Listener settings;
    private final byte[] key;
    private final RequestDispatcher dispatcher;
    private final Clock clock;
    private final RecentRequests recent = new RecentRequests();
    private final RateLimitedLog drops;
    /** Copies of a signed request (a replay flood) whose call-back fails are each retried, so logged rate-limited too. */
    private final RateLimitedLog callbacks;
    private final MulticastSocket socket;
    private volatile boolean running = true;

    @SuppressWarnings("deprecation") // joinGroup(InetAddress): the kernel picks the interface, as upstream does with INADDR_ANY
    public MulticastListener(VirtdConfig.Listener settings, byte[] key, RequestDispatcher dispatcher, Clock clock) throws IOException {
        this.settings = settings;
        this.key = key.clone();
        this.dispatcher = dispatcher;
        this.clock = clock;
        this.drops = new RateLimitedLog(LOG, Level.WARNING, "dropped requests", RateLimitedLog.DEFAULT_INTERVAL, clock);
        this.callbacks = new RateLimitedLog(LOG, Level.WARNING, "failed call-backs", RateLimitedLog.DEFAULT_INTERVAL, clock);
        InetAddress group = InetAddress.getByName(settings.address());
        if (!group.isMulticastAddress()) throw new IOException("listeners/multicast/address " + settings.address() + " is not a multicast address");
        MulticastSocket s = new MulticastSocket(null);
        try {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(settings.port()));
            if (settings.interfaceName() != null) {
                NetworkInterface ni = NetworkInterface.getByName(settings.interfaceName());
                if (ni == null) throw new IOException("listeners/multicast/interface " + settings.interfaceName() + " does not exist on this host");
                s.joinGroup(new InetSocketAddress(group, 0), ni);
            } else {
                s.joinGroup(group);
            }
            s.setSoTimeout(500);
        } catch (IOException e) {
            s.close();
            throw e;
        }
        this.socket = s;
        LOG.log(Level.INFO, "listening for multicast requests on {0}:{1} (interface {2}, hash >= {3}, auth {4})",
                settings.address(), String.valueOf(settings.port()), settings.interfaceName() == null ? "any" : settings.interfaceName(),
                settings.hash().word(), settings.auth().word());
    }

    @Override
    public void run() {
        byte[] buf = new byte[1024];
        while (running) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(p);
            } catch (SocketTimeoutException e) {
                drops.tick(); // a quiet moment: the summaries of a flood that ended
                callbacks.tick();
                continue;
            } catch (IOException e) {
                if (running) LOG.log(Level.WARNING, "receive failed: {0}", e.getMessage());
                continue;
            }
            try {
                handle(p);
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "packet from " + p.getAddress().getHostAddress() + " caused an internal error; daemon continues", e);
            }
        }
    }

    private void handle(DatagramPacket p) {
        String from = p.getAddress().getHostAddress();
        PacketCheck.Verdict v = PacketCheck.check(p.getData(), p.getLength(), key, settings.hash(), true);
        if (!v.accepted()) {
            drops.log("dropped request from " + from + " (" + p.getLength() + " bytes): " + v.dropReason());
            return;
        }
        FenceRequest r = v.request();
        if (recent.isDuplicate(r, clock.instant())) {
            LOG.log(Level.DEBUG, "dropped copy of {0} (already handled within {1} s)", r.describe(),
                    RecentRequests.WINDOW.toSeconds());
            return;
        }
        String caller;
        InetSocketAddress back;
        try {
            InetAddress a = r.callerAddress();
            caller = a.getHostAddress();
            back = new InetSocketAddress(a, r.port());
        } catch (IOException e) {
            drops.log("dropped " + r.describe() + ": " + e.getMessage());
            return;
        }
        try (Socket s = new Socket()) {
            try {
                s.connect(back, CONNECT_TIMEOUT_MILLIS);
            } catch (IOException e) {
                // Not remembered: the next copy may carry an address we can reach.
                callbacks.log("cannot call back " + back + " for " + r.describe() + ": " + e.getMessage());
                return;
            }
            recent.remember(r, clock.instant());
            String refused = CallbackSession.serve(s, r, caller, settings.auth(), key, dispatcher);
            if (refused != null) LOG.log(Level.WARNING, "{0}: not carried out: {1}", r.describe(), refused);
        } catch (IOException e) {
            callbacks.log(r.describe() + ": callback connection failed: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        running = false;
        socket.close();
    }
}

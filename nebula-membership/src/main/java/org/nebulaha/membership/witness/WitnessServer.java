package org.nebulaha.membership.witness;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.nebulaha.common.RateLimitedLog;
import org.nebulaha.conf.ricci.Certificates;
import org.nebulaha.membership.quorum.WitnessVote;

/**
 * The quorum witness daemon's engine ({@code nebula-witness}): accepts nodes over TLS, checks that
 * each proves it holds the cluster key ({@link WitnessProtocol}), keeps the member set each node
 * last reported, and gives its vote with {@link WitnessVote} (ffsplit). A node silent for its
 * timeout is dropped, and the vote is decided again without it.
 *
 * <p>Bounds: at most {@value #MAX_CONNECTIONS} connections at once (more are closed at once), 5 s
 * for a connection to finish TLS and prove the key, lines of at most 1 KiB. Whatever a peer can
 * cause (a refused key, garbage, a slow handshake) is logged through {@link RateLimitedLog} and
 * closes only that connection.
 */
public final class WitnessServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("nebula-witness");
    static final int MAX_CONNECTIONS = 64;
    static final int HANDSHAKE_MILLIS = 5000;

    private final SSLServerSocket server;
    private final byte[] key;
    private final Semaphore slots = new Semaphore(MAX_CONNECTIONS);
    private final RateLimitedLog refused = new RateLimitedLog(LOG, System.Logger.Level.WARNING, "refused connections");
    private final Map<String, ClusterVote> clusters = new HashMap<>();
    private final AtomicLong refusedCount = new AtomicLong();
    private volatile boolean closed;
    private final Thread acceptor;

    /** One cluster's connected nodes and its vote. */
    private static final class ClusterVote {
        final Map<Integer, Connection> nodes = new TreeMap<>();
        Optional<Set<Integer>> previous = Optional.empty();
        WitnessVote.Decision decision = WitnessVote.decide(Map.of(), Optional.empty());
    }

    /** An authenticated node. */
    private final class Connection {
        final String cluster;
        final int nodeid;
        final SSLSocket socket;
        final OutputStream out;
        volatile Set<Integer> members; // null until its first report
        volatile long seq;

        Connection(String cluster, int nodeid, SSLSocket socket, OutputStream out) {
            this.cluster = cluster;
            this.nodeid = nodeid;
            this.socket = socket;
            this.out = out;
        }

        synchronized void send(String line) {
            try {
                WitnessProtocol.writeLine(out, line);
            } catch (IOException e) {
                // the connection's own thread sees it fail and cleans up (closing here could wait, under the lock)
            }
        }
    }

    public WitnessServer(SSLContext tls, String bindAddress, int port, byte[] witnessKey) throws IOException {
        this.key = witnessKey.clone();
        SSLServerSocket s = (SSLServerSocket) tls.getServerSocketFactory().createServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(bindAddress == null ? null : InetAddress.getByName(bindAddress), port), 128);
        s.setNeedClientAuth(false);
        this.server = s;
        this.acceptor = new Thread(this::acceptLoop, "witness-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Connections refused so far (bad key, garbage, timeouts before the proof). */
    public long refusedCount() {
        return refusedCount.get();
    }

    /** The decision for {@code cluster} in force (for tests and the log). */
    public synchronized Optional<WitnessVote.Decision> decision(String cluster) {
        ClusterVote c = clusters.get(cluster);
        return c == null ? Optional.empty() : Optional.of(c.decision);
    }

    private void acceptLoop() {
        while (!closed) {
            Socket s;
            try {
                s = server.accept();
            } catch (IOException e) {
                if (!closed) refuse("accept failed: " + e.getMessage());
                continue;
            }
            if (!slots.tryAcquire()) {
                refuse("too many connections (" + MAX_CONNECTIONS + "); closed " + s.getRemoteSocketAddress());
                closeQuietly(s);
                continue;
            }
            Thread t = new Thread(() -> {
                try {
                    serve((SSLSocket) s);
                } finally {
                    slots.release();
                }
            }, "witness-conn");
            t.setDaemon(true);
            t.start();
        }
    }

    private void serve(SSLSocket s) {
        String peer = String.valueOf(s.getRemoteSocketAddress());
        Connection c = null;
        try {
            s.setSoTimeout(HANDSHAKE_MILLIS);
            s.setTcpNoDelay(true);
            s.startHandshake();
            String fp = Certificates.fingerprint(s.getSession().getLocalCertificates()[0]);
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            String nonceW = WitnessProtocol.nonce();
            WitnessProtocol.writeLine(out, WitnessProtocol.BANNER + " " + WitnessProtocol.VERSION + " " + nonceW);
            String[] hello = WitnessProtocol.readLine(in).split(" ");
            if (hello.length != 6 || !hello[0].equals("HELLO") || !hello[1].matches("[A-Za-z0-9._-]{1,64}")
                    || !hello[2].matches("[1-9]\\d{0,8}") || !hello[3].matches("\\d{3,6}") || !hello[4].matches("[0-9a-f]{32}")) {
                refuse(peer + ": not a witness hello; closed");
                WitnessProtocol.writeLine(out, "REFUSED bad hello");
                return;
            }
            String cluster = hello[1];
            int nodeid = Integer.parseInt(hello[2]);
            long timeout = Long.parseLong(hello[3]);
            String expected = WitnessProtocol.mac(key, "hello", cluster, nodeid, timeout, nonceW, hello[4], fp);
            if (!WitnessProtocol.sameMac(expected, hello[5])) {
                refuse(peer + " (cluster " + cluster + ", nodeid " + nodeid + "): wrong cluster key; refused");
                WitnessProtocol.writeLine(out, "REFUSED authentication failed");
                return;
            }
            WitnessProtocol.writeLine(out, "WELCOME " + WitnessProtocol.mac(key, "welcome", cluster, nodeid, timeout, nonceW, hello[4], fp));
            s.setSoTimeout((int) Math.max(300, timeout));
            c = new Connection(cluster, nodeid, s, out);
            attach(c, peer);
            while (!closed) {
                String[] r = WitnessProtocol.readLine(in).split(" ");
                if (r.length != 3 || !r[0].equals("REPORT") || !r[1].matches("\\d{1,18}"))
                    throw new IOException("not a report");
                Set<Integer> members = WitnessProtocol.parseMembers(r[2]);
                if (!members.contains(nodeid)) throw new IOException("a report without the node itself");
                report(c, Long.parseLong(r[1]), members);
            }
        } catch (SocketTimeoutException e) {
            if (c != null) LOG.log(System.Logger.Level.WARNING, "cluster " + c.cluster + " nodeid " + c.nodeid + ": silent for its timeout; dropped");
            else refuse(peer + ": no hello within " + HANDSHAKE_MILLIS + " ms; closed");
        } catch (IOException | RuntimeException e) {
            if (c != null) LOG.log(System.Logger.Level.INFO, "cluster " + c.cluster + " nodeid " + c.nodeid + ": connection ended ("
                    + e.getMessage() + ")");
            else refuse(peer + ": " + e.getClass().getSimpleName() + ": " + e.getMessage() + "; closed");
        } finally {
            if (c != null) detach(c); // first: a TLS close may wait up to the read timeout for the peer
            closeQuietly(s);
        }
    }

    private void refuse(String message) {
        refusedCount.incrementAndGet();
        refused.log(message);
    }

    private void attach(Connection c, String peer) {
        Connection old;
        synchronized (this) {
            ClusterVote cv = clusters.computeIfAbsent(c.cluster, k -> new ClusterVote());
            old = cv.nodes.put(c.nodeid, c);
        }
        if (old != null) closeQuietly(old.socket); // a node that reconnects replaces its old connection (outside the lock: a TLS close may wait)
        LOG.log(System.Logger.Level.INFO, "cluster " + c.cluster + " nodeid " + c.nodeid + " connected from " + peer);
    }

    private synchronized void detach(Connection c) {
        ClusterVote cv = clusters.get(c.cluster);
        if (cv == null || cv.nodes.get(c.nodeid) != c) return;
        cv.nodes.remove(c.nodeid);
        decide(c.cluster, cv);
    }

    private synchronized void report(Connection c, long seq, Set<Integer> members) {
        ClusterVote cv = clusters.get(c.cluster);
        if (cv == null || cv.nodes.get(c.nodeid) != c) return;
        c.seq = seq;
        boolean changed = !members.equals(c.members);
        c.members = members;
        if (changed) decide(c.cluster, cv);
        else c.send(answer(cv.decision, c));
    }

    /** Decides again; tells every node its answer when the vote or the waiting changed. */
    private void decide(String cluster, ClusterVote cv) {
        Map<Integer, Set<Integer>> reports = new TreeMap<>();
        cv.nodes.forEach((id, conn) -> { if (conn.members != null) reports.put(id, conn.members); });
        WitnessVote.Decision d = WitnessVote.decide(reports, cv.previous);
        boolean moved = !d.votedFor().equals(cv.decision.votedFor()) || d.waiting() != cv.decision.waiting();
        cv.decision = d;
        if (d.votedFor().isPresent()) cv.previous = d.votedFor();
        if (moved) LOG.log(System.Logger.Level.INFO, "cluster " + cluster + ": " + d.reason());
        for (Connection conn : cv.nodes.values()) if (conn.members != null) conn.send(answer(d, conn));
    }

    private static String answer(WitnessVote.Decision d, Connection c) {
        return switch (d.answerFor(c.members)) {
            case ACK -> "ACK " + c.seq + " " + WitnessProtocol.members(c.members);
            case NACK -> "NACK " + c.seq + " " + d.votedFor().map(WitnessProtocol::members).orElse("-");
            case WAIT -> "WAIT " + c.seq;
        };
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing
        }
        synchronized (this) {
            clusters.values().forEach(cv -> cv.nodes.values().forEach(c -> closeQuietly(c.socket)));
        }
        refused.tick();
    }
}

package org.nebulaha.membership.witness;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import org.nebulaha.common.RateLimitedLog;
import org.nebulaha.conf.ricci.Certificates;
import org.nebulaha.membership.quorum.WitnessInput;
import org.nebulaha.membership.quorum.WitnessInput.Status;

/**
 * A node's link to the quorum witness (what corosync-qdevice is to qnetd): keeps a TLS connection
 * to {@code nebula-witness}, proves the cluster key, reports this node's member set every
 * timeout / 5 and at once when it changes, and turns the answers into a {@link WitnessInput} for
 * the quorum decision.
 *
 * <ul>
 *   <li>An answer is fresh for the timeout counted from when the report it answers was sent: the
 *       witness keeps a silent node at least that long, so a fresh vote cannot have gone elsewhere.</li>
 *   <li>No fresh answer: {@link Status#LOST} (no witness vote).</li>
 *   <li>A thread ticks every interval; a tick that comes more than the timeout after the one before
 *       means this process stood still (SIGSTOP, a frozen VM): {@link Status#FROZEN} until an answer to
 *       a report sent after the freeze arrives. The quorum decision makes a frozen node inquorate.</li>
 * </ul>
 * The listener hears every change of what {@link #input} would say (on the client's threads).
 */
public final class WitnessClient implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("witness");

    private final WitnessSettings settings;
    private final byte[] key;
    private final String cluster;
    private final int nodeid;
    private final Supplier<Set<Integer>> members;
    private final Runnable listener;
    private final long timeoutNanos;
    private final long intervalNanos;
    private final RateLimitedLog problems = new RateLimitedLog(LOG, System.Logger.Level.WARNING, "witness connection problems");
    private final Thread ticker;
    private final Thread connector;

    private final Map<Long, Long> sentAt = new LinkedHashMap<>(64, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Long> e) {
            return size() > 256;
        }
    };
    private final Map<Long, Set<Integer>> sentMembers = new LinkedHashMap<>(64, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Set<Integer>> e) {
            return size() > 256;
        }
    };
    private long nextSeq = 1;
    private Answer last;
    private boolean frozen;
    private long firstSeqAfterFreeze;
    private SSLSocket socket;
    private OutputStream out;
    private String shown = "";
    private volatile boolean closed;
    private volatile long lastTick = System.nanoTime();

    /** One answer: its kind, the members the answered report listed, the voted partition (NACK). */
    private record Answer(String kind, long seq, long anchorNanos, Set<Integer> reported, Optional<Set<Integer>> votedFor) {}

    public WitnessClient(WitnessSettings settings, byte[] witnessKey, String cluster, int nodeid, Supplier<Set<Integer>> members,
                         Runnable listener) {
        this.settings = settings;
        this.key = witnessKey.clone();
        this.cluster = cluster;
        this.nodeid = nodeid;
        this.members = members;
        this.listener = listener;
        this.timeoutNanos = settings.timeout().toNanos();
        this.intervalNanos = settings.interval().toNanos();
        this.ticker = new Thread(this::tickLoop, "witness-tick");
        this.connector = new Thread(this::connectLoop, "witness-link");
        ticker.setDaemon(true);
        connector.setDaemon(true);
    }

    public WitnessClient start() {
        lastTick = System.nanoTime();
        ticker.start();
        connector.start();
        return this;
    }

    public WitnessSettings settings() {
        return settings;
    }

    /** What the quorum decision for {@code forMembers} should count. */
    public synchronized WitnessInput input(Set<Integer> forMembers) {
        long now = System.nanoTime();
        // the ticker not having run for the timeout means this process stood still (it may not have noticed yet)
        if (frozen || now - lastTick > timeoutNanos) return WitnessInput.of(settings.votes(), Status.FROZEN);
        if (last == null || now - last.anchorNanos > timeoutNanos) return WitnessInput.of(settings.votes(), Status.LOST);
        return switch (last.kind) {
            case "ACK" -> WitnessInput.of(settings.votes(), last.reported.equals(Set.copyOf(forMembers)) ? Status.VOTE : Status.WAITING);
            case "NACK" -> new WitnessInput(settings.votes(), Status.NO_VOTE, last.votedFor);
            default -> WitnessInput.of(settings.votes(), Status.WAITING);
        };
    }

    /** True when the witness gave a fresh, final answer (vote or no vote) to a report of {@code forMembers}. */
    public synchronized boolean answered(Set<Integer> forMembers) {
        return !frozen && last != null && !last.kind.equals("WAIT") && System.nanoTime() - last.anchorNanos <= timeoutNanos
                && last.reported.equals(Set.copyOf(forMembers));
    }

    /** True while a fresh answer of any kind is known (the witness is reachable). */
    public synchronized boolean reachable() {
        return last != null && !frozen && System.nanoTime() - last.anchorNanos <= timeoutNanos;
    }

    /** This node's membership changed: report it now. */
    public void membersChanged() {
        sendReport();
    }

    private void tickLoop() {
        long previous = System.nanoTime();
        while (!closed) {
            LockSupport.parkNanos(intervalNanos);
            long now = System.nanoTime();
            if (now - previous > timeoutNanos) {
                synchronized (this) {
                    frozen = true;
                    firstSeqAfterFreeze = nextSeq;
                }
                LOG.log(System.Logger.Level.WARNING, "this node stood still for " + (now - previous) / 1_000_000
                        + " ms, longer than the witness timeout (" + settings.timeout().toMillis()
                        + " ms): no witness vote until the witness answers again");
            }
            previous = now;
            lastTick = now;
            sendReport();
            problems.tick();
            notifyIfChanged();
        }
    }

    private void sendReport() {
        Set<Integer> m = members.get();
        SSLSocket broken = null;
        synchronized (this) {
            if (out == null) return;
            long seq = nextSeq++;
            sentAt.put(seq, System.nanoTime());
            sentMembers.put(seq, Set.copyOf(m));
            try {
                WitnessProtocol.writeLine(out, "REPORT " + seq + " " + WitnessProtocol.members(m));
            } catch (IOException e) {
                broken = disconnect();
            }
        }
        closeQuietly(broken);
    }

    private void connectLoop() {
        long backoff = intervalNanos;
        while (!closed) {
            try {
                SSLSocket s = connect();
                InputStream in = s.getInputStream();
                backoff = intervalNanos;
                sendReport();
                while (!closed) answer(WitnessProtocol.readLine(in));
            } catch (IOException | RuntimeException e) {
                if (!closed) problems.log("witness " + settings.host() + ":" + settings.port() + ": " + e.getMessage());
            } finally {
                SSLSocket old;
                synchronized (this) {
                    old = disconnect();
                }
                closeQuietly(old);
            }
            notifyIfChanged();
            LockSupport.parkNanos(backoff);
            backoff = Math.min(backoff * 2, 1_000_000_000L);
        }
    }

    private SSLSocket connect() throws IOException {
        SSLSocket s;
        try {
            SSLContext ctx = SSLContext.getInstance("TLSv1.3");
            // the witness's certificate is self-signed: trust comes from the key proof bound to it (WitnessProtocol)
            ctx.init(null, new TrustManager[] {Certificates.ACCEPT_ANY}, null);
            s = (SSLSocket) ctx.getSocketFactory().createSocket();
        } catch (GeneralSecurityException e) {
            throw new IOException("TLS is not available: " + e.getMessage(), e);
        }
        int timeoutMs = (int) Math.max(300, settings.timeout().toMillis());
        try {
            s.connect(new InetSocketAddress(settings.address(), settings.port()), timeoutMs);
            s.setTcpNoDelay(true);
            s.setSoTimeout(Math.max(2000, timeoutMs));
            s.startHandshake();
            String fp = Certificates.fingerprint(s.getSession().getPeerCertificates()[0]);
            InputStream in = s.getInputStream();
            OutputStream o = s.getOutputStream();
            String[] banner = WitnessProtocol.readLine(in).split(" ");
            if (banner.length != 3 || !banner[0].equals(WitnessProtocol.BANNER) || !banner[1].equals(String.valueOf(WitnessProtocol.VERSION)))
                throw new IOException("not a nebula-witness (protocol " + WitnessProtocol.VERSION + ")");
            String nonceC = WitnessProtocol.nonce();
            long t = settings.timeout().toMillis();
            WitnessProtocol.writeLine(o, "HELLO " + cluster + " " + nodeid + " " + t + " " + nonceC + " "
                    + WitnessProtocol.mac(key, "hello", cluster, nodeid, t, banner[2], nonceC, fp));
            String[] welcome = WitnessProtocol.readLine(in).split(" ", 2);
            if (!welcome[0].equals("WELCOME"))
                throw new IOException("refused: " + (welcome.length > 1 ? welcome[1] : welcome[0]));
            if (welcome.length < 2 || !WitnessProtocol.sameMac(welcome[1],
                    WitnessProtocol.mac(key, "welcome", cluster, nodeid, t, banner[2], nonceC, fp)))
                throw new IOException("the witness did not prove the cluster key; not using it");
            synchronized (this) {
                socket = s;
                out = o;
            }
            LOG.log(System.Logger.Level.INFO, "connected to the quorum witness " + settings.host() + ":" + settings.port());
            return s;
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    private void answer(String line) throws IOException {
        String[] w = line.split(" ");
        if (w.length < 2 || !w[1].matches("\\d{1,18}")) throw new IOException("bad answer '" + line + "'");
        long seq = Long.parseLong(w[1]);
        synchronized (this) {
            Long at = sentAt.get(seq);
            Set<Integer> reported = sentMembers.get(seq);
            if (at == null) return; // an answer to a report we no longer remember: a newer one follows
            Optional<Set<Integer>> voted = Optional.empty();
            switch (w[0]) {
                case "ACK", "WAIT" -> { }
                case "NACK" -> voted = w.length > 2 && !w[2].equals("-") ? Optional.of(WitnessProtocol.parseMembers(w[2])) : Optional.empty();
                default -> throw new IOException("bad answer '" + line + "'");
            }
            last = new Answer(w[0], seq, at, reported, voted);
            if (frozen && seq >= firstSeqAfterFreeze) frozen = false;
        }
        notifyIfChanged();
    }

    /** Forgets the connection; the caller closes the socket it returns outside the lock (a TLS close may wait for the peer). */
    private SSLSocket disconnect() {
        SSLSocket s = socket;
        socket = null;
        out = null;
        return s;
    }

    private static void closeQuietly(SSLSocket s) {
        if (s == null) return;
        try {
            s.close();
        } catch (IOException ignored) {
            // closing
        }
    }

    /** Calls the listener when what {@link #input} says for the current members changed. */
    private void notifyIfChanged() {
        Set<Integer> m = members.get();
        WitnessInput now = input(m);
        boolean changed;
        synchronized (this) {
            // the member set counts too: a VOTE for {2} then a VOTE for {1,2} is news to the quorum decision
            String text = now.status() + " " + now.votedFor() + " " + m + " " + (last == null ? "" : last.kind + last.reported);
            changed = !Objects.equals(text, shown);
            shown = text;
        }
        if (changed) listener.run();
    }

    /** One line for cman_tool status: state and where the witness is. */
    public String describe(Set<Integer> forMembers) {
        WitnessInput in = input(forMembers);
        return in.status().label() + (in.votedFor().isPresent() ? " (votes for " + WitnessProtocol.members(in.votedFor().get()) + ")" : "")
                + ", " + settings.host() + ":" + settings.port() + ", timeout " + settings.timeout().toMillis() + " ms";
    }

    @Override
    public void close() {
        closed = true;
        SSLSocket s;
        synchronized (this) {
            s = disconnect();
        }
        closeQuietly(s);
        ticker.interrupt();
        connector.interrupt();
    }
}

package org.nebulaha.node.hosted;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.nebulaha.common.AtomicFiles;
import org.nebulaha.common.HostResolver;
import org.nebulaha.common.NebulaRoot;
import org.nebulaha.membership.model.MemberInfo;
import org.nebulaha.node.daemon.ClusterMessaging;
import org.nebulaha.rgmanager.agent.ReplicaCluster;
import org.nebulaha.rgmanager.model.ReplicaRecord;

/**
 * The record of the database copies, replicated through the node daemons' cluster messages and
 * kept in {@code /var/lib/cluster/pgsql_state} (written atomically), like cluster.conf: the newest
 * version wins. A change is published to every online member and counts only once each acknowledged
 * it, so a survivor always holds what the primary acted on.
 *
 * <p>Trust (see {@code ReplicaRules}): a record read from disk at start may be stale. This node
 * trusts its record once it got it from a member that trusts its own (that member stayed up), or
 * heard the record of every configured node (every copy's holder was asked, so the newest is known).
 * Trust lasts until the daemon stops.
 *
 * <p>Messages on topic {@value #TOPIC}: {@code rec\tTRUSTED\tTEXT} (sent to a member that joins,
 * and back to a sender that trusts less), {@code put\tID\tTEXT} and {@code ack\tID} / {@code nak\tID\tWHY}.
 */
final class ReplicaRecordSync implements ReplicaCluster {
    private static final System.Logger LOG = System.getLogger("rgmanager.pgsql");
    static final String TOPIC = "pgsqlrec";
    static final String FILE = "/var/lib/cluster/pgsql_state";
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(5);

    private final String self;
    private final ClusterMessaging messaging;
    private final Supplier<List<String>> online;
    private final Supplier<List<String>> configured;
    private final Predicate<String> gone;
    private final Path file = NebulaRoot.resolve(FILE);
    private volatile ReplicaRecord record;
    private volatile boolean trusted;
    private final Set<String> heard = ConcurrentHashMap.newKeySet();
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, CompletableFuture<String>> waiting = new ConcurrentHashMap<>();
    private volatile java.util.function.Consumer<ReplicaRecord> onChange = r -> { };

    ReplicaRecordSync(String self, ClusterMessaging messaging, Supplier<List<String>> online, Supplier<List<String>> configured,
                      Predicate<String> gone) {
        this.self = self;
        this.messaging = messaging;
        this.online = online;
        this.configured = configured;
        this.gone = gone;
        this.record = load();
        messaging.subscribe(TOPIC, this::received);
    }

    private ReplicaRecord load() {
        if (!Files.isRegularFile(file)) return ReplicaRecord.EMPTY;
        try {
            return ReplicaRecord.parse(Files.readString(file), file.toString());
        } catch (IOException | IllegalArgumentException e) {
            // not trusted anyway; the others' records replace it when they are heard
            LOG.log(System.Logger.Level.ERROR, "pgsql: cannot read the record of the database copies: " + e.getMessage()
                    + "; starting from an empty one (no copy will be promoted from it)");
            return ReplicaRecord.EMPTY;
        }
    }

    /** Called (on the receiving thread) after every change of the record this node holds. */
    void onChange(java.util.function.Consumer<ReplicaRecord> listener) {
        this.onChange = listener;
    }

    @Override
    public String self() {
        return self;
    }

    @Override
    public ReplicaRecord record() {
        return record;
    }

    @Override
    public boolean trusted() {
        return trusted;
    }

    @Override
    public boolean gone(String node) {
        return gone.test(node);
    }

    @Override
    public Endpoint endpoint(String node) {
        return new Endpoint(HostResolver.system().address(node), 0);
    }

    @Override
    public boolean publish(ReplicaRecord r) {
        adopt(r, "this node");
        boolean all = true;
        Map<String, CompletableFuture<String>> replies = new java.util.LinkedHashMap<>();
        for (String n : online.get()) {
            if (n.equals(self)) continue;
            long id = ids.incrementAndGet();
            CompletableFuture<String> f = new CompletableFuture<>();
            waiting.put(id, f);
            replies.put(n + "#" + id, f);
            if (!messaging.sendTo(n, TOPIC, ("put\t" + id + "\t" + r.format()).getBytes(StandardCharsets.UTF_8))) f.complete("unreachable");
        }
        for (Map.Entry<String, CompletableFuture<String>> e : replies.entrySet()) {
            String answer;
            try {
                answer = e.getValue().get(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception x) {
                answer = "no answer within " + ACK_TIMEOUT.toSeconds() + " s";
            } finally {
                waiting.remove(Long.parseLong(e.getKey().substring(e.getKey().indexOf('#') + 1)));
            }
            if (!answer.equals("ack")) {
                all = false;
                LOG.log(System.Logger.Level.WARNING, "pgsql: record version " + r.version() + " not acknowledged by "
                        + e.getKey().substring(0, e.getKey().indexOf('#')) + ": " + answer);
            }
        }
        return all;
    }

    /** A member joined: tell it what we hold (it answers with its own if it trusts more or holds newer). */
    void memberJoined(String name) {
        heard.remove(name);
        send(name);
    }

    /** Until trusted, tell the online members again (a record sent before they listened is not lost for good). */
    void announceUntilTrusted() {
        if (trusted) return;
        for (String n : online.get()) if (!n.equals(self) && !heard.contains(n)) send(n);
    }

    private void send(String to) {
        messaging.sendTo(to, TOPIC, ("rec\t" + (trusted ? 1 : 0) + "\t" + record.format()).getBytes(StandardCharsets.UTF_8));
    }

    private void received(MemberInfo from, byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        String[] f = text.split("\t", 3);
        try {
            switch (f[0]) {
                case "rec" -> {
                    ReplicaRecord r = ReplicaRecord.parse(f[2], "record from " + from.name());
                    boolean senderTrusted = f[1].equals("1");
                    boolean firstFromIt = !heard.contains(from.name());
                    heard.add(from.name());
                    if (r.version() > record.version() || (senderTrusted && !trusted)) adopt(r, from.name());
                    if (senderTrusted && record.version() >= r.version()) becomeTrusted("got it from " + from.name() + ", which stayed up");
                    if (heard.containsAll(configured.get().stream().filter(n -> !n.equals(self)).toList()))
                        becomeTrusted("heard the record of every configured node");
                    // answer a newcomer, and anyone who holds less than we do (ends once both agree)
                    if (firstFromIt || record.version() > r.version() || (trusted && !senderTrusted)) send(from.name());
                }
                case "put" -> {
                    ReplicaRecord r = ReplicaRecord.parse(f[2], "record from " + from.name());
                    String reply;
                    if (r.version() >= record.version()) {
                        adopt(r, from.name());
                        reply = "ack\t" + f[1];
                    } else {
                        reply = "nak\t" + f[1] + "\tthis node holds the newer version " + record.version();
                    }
                    messaging.sendTo(from.name(), TOPIC, reply.getBytes(StandardCharsets.UTF_8));
                }
                case "ack", "nak" -> {
                    String[] g = text.split("\t", 3);
                    CompletableFuture<String> w = waiting.get(Long.parseLong(g[1]));
                    if (w != null) w.complete(g[0].equals("ack") ? "ack" : g.length > 2 ? g[2] : "refused");
                }
                default -> LOG.log(System.Logger.Level.WARNING, "pgsql: dropped a record message of unknown kind from " + from.name());
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "pgsql: dropped a malformed record message from " + from.name() + ": " + e.getMessage());
        }
    }

    private void becomeTrusted(String why) {
        if (trusted) return;
        trusted = true;
        LOG.log(System.Logger.Level.INFO, "pgsql: record of the database copies (version " + record.version() + ") is current: " + why);
    }

    private synchronized void adopt(ReplicaRecord r, String from) {
        if (r.equals(record)) return;
        record = r;
        try {
            AtomicFiles.write(file, r.format());
        } catch (IOException e) {
            LOG.log(System.Logger.Level.ERROR, "pgsql: cannot write " + file + ": " + e.getMessage());
        }
        LOG.log(System.Logger.Level.DEBUG, "pgsql: record version " + r.version() + " from " + from);
        try {
            onChange.accept(r);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "pgsql: record listener failed", e);
        }
    }
}

package org.nebulaha.rgmanager.exec;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.nebulaha.rgmanager.model.NodeReport;
import org.nebulaha.rgmanager.model.ServiceTable;

/**
 * {@link NodeChannel} over one-way messages between node daemons (the daemon's cluster messaging,
 * one topic): each node has one MessageChannel around its {@link LocalResourceManager}; the daemon
 * passes every message of the topic to {@link #received} and gives a {@link Transport} that sends to
 * a named node. Calls for the local node go straight to the local manager. A request that gets no
 * answer within its timeout (or cannot be sent) is {@link NodeChannel.Result#UNREACHABLE}.
 *
 * <p>Messages (UTF-8 text, first line says which): {@code req ID start|stop|restart SERVICE},
 * {@code req ID freeze|thaw SERVICE}, {@code res ID RESULT}, {@code table ...} (published service
 * table), {@code failed NODE SERVICE WHY} (to the coordinator), {@code report? ID} and
 * {@code report ...} (for a rebuild). Malformed messages are logged with their sender and dropped.
 */
public final class MessageChannel implements NodeChannel {
    private static final System.Logger LOG = System.getLogger("rgmanager");

    /** Sends one message to {@code node}; false if it cannot be sent. */
    @FunctionalInterface
    public interface Transport {
        boolean send(String node, byte[] body);
    }

    /** What the coordinator (if this node is it) wants to hear about. */
    @FunctionalInterface
    public interface StatusFailures {
        void statusFailed(String node, String service, String why);
    }

    private final String localNode;
    private final LocalResourceManager local;
    private final Transport transport;
    private final Duration opTimeout;
    private volatile StatusFailures coordinator = (n, s, w) -> LOG.log(System.Logger.Level.WARNING,
            "rgmanager: status failure of service:" + s + " on " + n + " reached " + "a node that is not the coordinator; dropped");
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, CompletableFuture<String>> pending = new ConcurrentHashMap<>();
    /** Operations take seconds: they run here, never on the messaging thread. */
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "rgmanager-ops");
        t.setDaemon(true);
        return t;
    });

    /** {@code opTimeout} bounds a start or stop on another node (the sum of its resources' timeouts is a good value). */
    public MessageChannel(String localNode, LocalResourceManager local, Transport transport, Duration opTimeout) {
        this.localNode = localNode;
        this.local = local;
        this.transport = transport;
        this.opTimeout = opTimeout;
    }

    /** On the coordinator: where status failures sent by other nodes go. */
    public void setCoordinator(StatusFailures c) {
        this.coordinator = c;
    }

    /** Tells {@code coordinatorNode} that a status check failed here (use as the LocalResourceManager's listener). */
    public void reportStatusFailure(String coordinatorNode, String service, String why) {
        if (coordinatorNode.equals(localNode)) {
            worker.execute(() -> coordinator.statusFailed(localNode, service, why));
            return;
        }
        String msg = "failed\t" + WireCodec.enc(localNode) + "\t" + WireCodec.enc(service) + "\t" + WireCodec.enc(why);
        if (!transport.send(coordinatorNode, msg.getBytes(StandardCharsets.UTF_8)))
            LOG.log(System.Logger.Level.WARNING, "rgmanager: could not tell " + coordinatorNode + " that service:" + service + " failed here");
    }

    @Override
    public Result start(String node, String service) {
        return op(node, "start", service);
    }

    @Override
    public Result stop(String node, String service) {
        return op(node, "stop", service);
    }

    @Override
    public Result restart(String node, String service) {
        return op(node, "restart", service);
    }

    @Override
    public void setFrozen(String node, String service, boolean frozen) {
        if (node.equals(localNode)) local.setFrozen(service, frozen);
        else transport.send(node, ("req\t" + ids.incrementAndGet() + "\t" + (frozen ? "freeze" : "thaw") + "\t" + WireCodec.enc(service))
                .getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void publish(String node, ServiceTable table) {
        if (node.equals(localNode)) local.acceptTable(table);
        else transport.send(node, WireCodec.table(table).getBytes(StandardCharsets.UTF_8));
    }

    /** Asks every node in {@code nodes} what it runs (for {@link Coordinator#rebuild}); nodes that do not answer in time are left out. */
    public List<NodeReport> reports(List<String> nodes, Duration timeout) {
        List<NodeReport> out = new ArrayList<>();
        Map<String, Long> asked = new java.util.LinkedHashMap<>();
        for (String n : nodes) {
            if (n.equals(localNode)) {
                out.add(local.report());
                continue;
            }
            long id = ids.incrementAndGet();
            pending.put(id, new CompletableFuture<>());
            if (transport.send(n, ("report?\t" + id).getBytes(StandardCharsets.UTF_8))) asked.put(n, id);
            else pending.remove(id);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        asked.forEach((n, id) -> {
            try {
                String body = pending.get(id).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                out.add(WireCodec.report(body.lines().skip(1).toList()));
            } catch (Exception e) {
                LOG.log(System.Logger.Level.WARNING, "rgmanager: no report from " + n + " within " + timeout.toMillis() + " ms");
            } finally {
                pending.remove(id); // a node that never answers must not leave its request behind (the coordinator asks again every 500 ms)
            }
        });
        return out;
    }

    /** Requests sent and still waiting for their answer (for tests: none is left behind). */
    int waitingForAnswers() {
        return pending.size();
    }

    private Result op(String node, String op, String service) {
        if (node.equals(localNode)) return InProcessNodes.map(run(op, service));
        long id = ids.incrementAndGet();
        CompletableFuture<String> f = new CompletableFuture<>();
        pending.put(id, f);
        try {
            if (!transport.send(node, ("req\t" + id + "\t" + op + "\t" + WireCodec.enc(service)).getBytes(StandardCharsets.UTF_8)))
                return Result.UNREACHABLE;
            return Result.valueOf(f.get(opTimeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "rgmanager: no answer from " + node + " to " + op + " service:" + service + " within "
                    + opTimeout.toMillis() + " ms");
            return Result.UNREACHABLE;
        } finally {
            pending.remove(id);
        }
    }

    private LocalResourceManager.OpResult run(String op, String service) {
        return switch (op) {
            case "start" -> local.start(service);
            case "stop" -> local.stop(service);
            default -> local.restart(service);
        };
    }

    /** Every message of the resource manager's topic, from {@code from}. */
    public void received(String from, byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        List<String> lines = text.lines().toList();
        try {
            if (lines.isEmpty()) throw new IllegalArgumentException("empty message");
            String[] f = lines.get(0).split("\t");
            switch (f[0]) {
                case "req" -> {
                    need(f, 4);
                    String id = f[1];
                    String service = WireCodec.dec(f[3]);
                    switch (f[2]) {
                        case "start", "stop", "restart" -> worker.execute(() -> {
                            Result r = InProcessNodes.map(run(f[2], service));
                            transport.send(from, ("res\t" + id + "\t" + r.name()).getBytes(StandardCharsets.UTF_8));
                        });
                        case "freeze", "thaw" -> local.setFrozen(service, f[2].equals("freeze"));
                        default -> throw new IllegalArgumentException("unknown request '" + f[2] + "'");
                    }
                }
                case "res" -> {
                    need(f, 3);
                    Result.valueOf(f[2]);
                    CompletableFuture<String> p = pending.get(Long.parseLong(f[1]));
                    if (p != null) p.complete(f[2]);
                }
                case "table" -> local.acceptTable(WireCodec.table(lines));
                case "failed" -> {
                    need(f, 4);
                    String node = WireCodec.dec(f[1]), service = WireCodec.dec(f[2]), why = WireCodec.dec(f[3]);
                    worker.execute(() -> coordinator.statusFailed(node, service, why));
                }
                case "report?" -> {
                    need(f, 2);
                    String reply = "report-reply\t" + f[1] + "\n" + WireCodec.report(local.report());
                    transport.send(from, reply.getBytes(StandardCharsets.UTF_8));
                }
                case "report-reply" -> {
                    need(f, 2);
                    WireCodec.report(lines.subList(1, lines.size())); // check it parses before handing it over
                    CompletableFuture<String> p = pending.get(Long.parseLong(f[1]));
                    if (p != null) p.complete(text);
                }
                default -> throw new IllegalArgumentException("unknown message kind '" + f[0] + "'");
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "rgmanager: dropped message from " + from + ": " + e.getMessage());
        }
    }

    private static void need(String[] f, int n) {
        if (f.length != n) throw new IllegalArgumentException("'" + f[0] + "' needs " + n + " fields, got " + f.length);
    }

    public void close() {
        worker.shutdownNow();
    }
}

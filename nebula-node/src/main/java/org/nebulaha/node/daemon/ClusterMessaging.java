package org.nebulaha.node.daemon;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.nebulaha.membership.jgroups.Membership;
import org.nebulaha.membership.model.MemberInfo;

/**
 * Messages between the modules hosted on different nodes (e.g. fenced telling the others it fenced
 * a node, the resource manager's coordinator talking to each node), carried on the encrypted
 * cluster channel. Each topic has one handler; handlers run one at a time on one thread, in the
 * order messages arrived (per sender, the order they were sent).
 */
public final class ClusterMessaging {
    private static final System.Logger LOG = System.getLogger("messaging");

    /** Receives one message. Do not block for long: the next message waits. */
    @FunctionalInterface
    public interface Handler {
        void received(MemberInfo from, byte[] body) throws Exception;
    }

    private final Membership membership;
    private final Map<String, Handler> handlers = new ConcurrentHashMap<>();
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "cluster-messages");
        t.setDaemon(true);
        return t;
    });

    ClusterMessaging(Membership membership) {
        this.membership = membership;
    }

    /** Handles {@code topic} (a module's own name, e.g. "fenced"); the topic "config" is the daemon's. */
    public void subscribe(String topic, Handler h) {
        if (topic.equals(ConfigReload.TOPIC)) throw new IllegalArgumentException("topic '" + topic + "' is reserved for the daemon");
        if (handlers.putIfAbsent(topic, h) != null) throw new IllegalArgumentException("topic '" + topic + "' already has a handler");
    }

    /** To every member, this node included (acknowledged by every member before it returns, or after the token). */
    public void broadcast(String topic, byte[] body) {
        membership.broadcast(topic, body);
    }

    /** To one member by node name; false when it is not a member now. */
    public boolean sendTo(String node, String topic, byte[] body) {
        return membership.sendTo(node, topic, body);
    }

    void deliver(MemberInfo from, String topic, byte[] body) {
        Handler h = handlers.get(topic);
        if (h == null) {
            LOG.log(System.Logger.Level.DEBUG, "no handler for '" + topic + "' from " + from.name() + "; dropped");
            return;
        }
        thread.execute(() -> {
            try {
                h.received(from, body);
            } catch (Exception e) {
                LOG.log(System.Logger.Level.ERROR, "handler of '" + topic + "' failed on a message from " + from.name(), e);
            }
        });
    }

    void shutdown() {
        thread.shutdownNow();
    }
}

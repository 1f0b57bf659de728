package org.nebulaha.membership.jgroups;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.jgroups.Address;
import org.jgroups.BytesMessage;
import org.jgroups.JChannel;
import org.jgroups.Message;
import org.jgroups.Receiver;
import org.jgroups.View;
import org.jgroups.protocols.FD_ALL3;
import org.jgroups.protocols.MERGE3;
import org.jgroups.protocols.RSVP;
import org.jgroups.protocols.TCPPING;
import org.jgroups.protocols.VERIFY_SUSPECT2;
import org.jgroups.protocols.pbcast.GMS;
import org.jgroups.stack.Protocol;
import org.nebulaha.common.RateLimitedLog;
import org.nebulaha.membership.model.LossKind;
import org.nebulaha.membership.model.MemberInfo;
import org.nebulaha.membership.model.MembershipConfig;
import org.nebulaha.membership.model.NodeSpec;
import org.nebulaha.membership.model.TotemTimeouts;

/**
 * One node's membership: a JGroups channel on {@link ClusterStack} plus the announcements that tell
 * every member who every other member is.
 *
 * <p>Rules:
 * <ul>
 *   <li>At each view change every member multicasts its {@link MemberInfo} (HELLO). A member that
 *       still misses someone's announcement asks it directly every 100 ms (HELLO_REQ), so a lost
 *       message only delays, never hides, a member.</li>
 *   <li>A group member becomes a cluster member when its announcement arrives and its name and
 *       nodeid match cluster.conf and no other member already holds that name or nodeid; otherwise
 *       it is <em>disallowed</em> (shown, never counted).</li>
 *   <li>{@link #leave()} first multicasts LEAVING with RSVP (acknowledged by every member), then
 *       leaves the group. A member removed from the view after its LEAVING (within the leave
 *       window) is reported {@link LossKind#CLEAN_LEAVE}; any other removal is {@link LossKind#FAILED}.</li>
 * </ul>
 * Design note: docs/design/membership.md.
 */
public final class Membership implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("membership");
    /** Garbled or unexpected messages: logged rate-limited, so a peer that sends them in a loop cannot flood the log. */
    private final RateLimitedLog dropped = new RateLimitedLog(LOG, System.Logger.Level.WARNING, "dropped messages");
    private static final byte HELLO = 1, HELLO_REQ = 2, LEAVING = 3, APP = 4;
    private static final int MAX_APP_BYTES = 4 << 20;

    private final MembershipListener listener;
    private final ClusterKey key;
    private final UnaryOperator<List<Protocol>> stackHook;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "membership-timer");
        t.setDaemon(true);
        return t;
    });

    private final Object lock = new Object();
    private volatile MembershipConfig config;
    private JChannel channel;
    private MemberInfo self;
    private View view;
    private final Map<Address, MemberInfo> infos = new LinkedHashMap<>();
    private final Map<Address, String> disallowed = new HashMap<>();
    private final Map<Address, Long> leavingAt = new HashMap<>();
    private volatile boolean leaving;

    public Membership(MembershipConfig config, ClusterKey key, MembershipListener listener) {
        this(config, key, listener, UnaryOperator.identity());
    }

    /** With {@code stackHook} applied to {@link ClusterStack}'s protocols: tests insert a tampering layer. */
    Membership(MembershipConfig config, ClusterKey key, MembershipListener listener, UnaryOperator<List<Protocol>> stackHook) {
        this.config = config;
        this.key = key;
        this.listener = listener;
        this.stackHook = stackHook;
    }

    /** Joins the cluster (or forms it alone) and announces {@code info}; returns when connected. */
    public void start(MemberInfo info) throws Exception {
        synchronized (lock) {
            self = info;
        }
        channel = new JChannel(stackHook.apply(new ArrayList<>(ClusterStack.build(config, key))));
        channel.name(config.localNode());
        channel.setDiscardOwnMessages(true);
        channel.setReceiver(new Receiver() {
            @Override
            public void viewAccepted(View v) {
                onView(v);
            }

            @Override
            public void receive(Message msg) {
                onMessage(msg);
            }
        });
        channel.connect(config.clusterName());
        long period = 100;
        timer.scheduleWithFixedDelay(this::askForMissingAnnouncements, period, period, TimeUnit.MILLISECONDS);
        LOG.log(System.Logger.Level.INFO, "" + config.localNode() + " connected to cluster " + config.clusterName()
                + " on " + config.local().address() + ":" + config.local().port() + " (token " + config.token().toMillis() + " ms)");
    }

    // ---------------------------------------------------------------- view changes

    private void onView(View v) {
        synchronized (lock) {
            List<MemberChange> changes = new ArrayList<>();
            Set<Address> now = new HashSet<>(v.getMembers());
            long leaveWindow = Math.max(5000, 2 * config.token().toMillis());
            long t = System.currentTimeMillis();
            for (var it = infos.entrySet().iterator(); it.hasNext(); ) {
                var e = it.next();
                if (now.contains(e.getKey())) continue;
                Long at = leavingAt.remove(e.getKey());
                LossKind kind = at != null && t - at <= leaveWindow ? LossKind.CLEAN_LEAVE : LossKind.FAILED;
                changes.add(MemberChange.lost(e.getValue(), kind));
                it.remove();
            }
            // re-examine refused members once the reason may have gone (e.g. the old instance was removed)
            disallowed.clear();
            leavingAt.keySet().retainAll(now);
            boolean first = view == null;
            view = v;
            if (first || !infos.containsKey(channel.getAddress())) {
                infos.put(channel.getAddress(), self);
                changes.add(MemberChange.joined(self));
            }
            LOG.log(System.Logger.Level.INFO, "view " + v.getViewId().getId() + " " + v.getMembers()
                    + (changes.isEmpty() ? "" : "; " + changes));
            listener.membershipChanged(snapshotLocked(), changes);
        }
        send(null, HELLO, this::writeSelf);
    }

    private void askForMissingAnnouncements() {
        try {
            List<Address> missing = new ArrayList<>();
            synchronized (lock) {
                if (view == null) return;
                for (Address a : view.getMembers())
                    if (!infos.containsKey(a) && !disallowed.containsKey(a)) missing.add(a);
            }
            for (Address a : missing) send(a, HELLO_REQ, out -> {});
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "asking for announcements failed: " + e);
        }
    }

    // ---------------------------------------------------------------- messages

    private void onMessage(Message msg) {
        Address src = msg.getSrc();
        byte[] data = msg.getArray();
        if (data == null || msg.getLength() < 1) return;
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data, msg.getOffset(), msg.getLength()))) {
            byte type = in.readByte();
            switch (type) {
                case HELLO -> onHello(src, MemberInfo.readFrom(in));
                case HELLO_REQ -> send(src, HELLO, this::writeSelf);
                case LEAVING -> {
                    synchronized (lock) {
                        leavingAt.put(src, System.currentTimeMillis());
                    }
                    LOG.log(System.Logger.Level.INFO, "" + nameOf(src) + " announced a clean leave");
                }
                case APP -> {
                    String topic = in.readUTF();
                    int len = in.readInt();
                    if (len < 0 || len > MAX_APP_BYTES) throw new IOException("message body of " + len + " bytes");
                    byte[] body = in.readNBytes(len);
                    MemberInfo from;
                    synchronized (lock) {
                        from = infos.get(src);
                    }
                    if (from == null) {
                        dropped.log("dropped '" + topic + "' from " + src + ": not an accepted member");
                        return;
                    }
                    listener.messageReceived(from, topic, body);
                }
                default -> throw new IOException("unknown message type " + type);
            }
        } catch (IOException | RuntimeException e) {
            dropped.log("dropped a message from " + src + ": " + e.getMessage());
        }
    }

    private void onHello(Address src, MemberInfo info) {
        synchronized (lock) {
            if (view == null || !view.containsMember(src)) return;
            MemberInfo known = infos.get(src);
            if (known != null) {
                if (!known.equals(info)) {
                    infos.put(src, info);
                    listener.membershipChanged(snapshotLocked(), List.of());
                }
                return;
            }
            Optional<String> refusal = refusal(src, info);
            if (refusal.isPresent()) {
                if (disallowed.put(src, refusal.get()) == null)
                    LOG.log(System.Logger.Level.WARNING, "disallowed " + info.name() + "/" + info.nodeid() + " at " + src
                            + ": " + refusal.get());
                listener.membershipChanged(snapshotLocked(), List.of());
                return;
            }
            infos.put(src, info);
            listener.membershipChanged(snapshotLocked(), List.of(MemberChange.joined(info)));
        }
    }

    private Optional<String> refusal(Address src, MemberInfo info) {
        Optional<NodeSpec> spec = config.node(info.name());
        if (spec.isEmpty()) return Optional.of("'" + info.name() + "' is not a <clusternode> of our cluster.conf");
        if (spec.get().nodeid() != info.nodeid())
            return Optional.of("it says nodeid " + info.nodeid() + " but our cluster.conf gives " + info.name() + " nodeid " + spec.get().nodeid());
        for (var e : infos.entrySet())
            if (!e.getKey().equals(src) && (e.getValue().nodeid() == info.nodeid() || e.getValue().name().equals(info.name())))
                return Optional.of("node " + info.name() + " is already a member (incarnation " + e.getValue().incarnation()
                        + "); it restarted before its old instance was removed");
        return Optional.empty();
    }

    // ---------------------------------------------------------------- sending

    private interface Body {
        void write(DataOutputStream out) throws IOException;
    }

    private void writeSelf(DataOutputStream out) throws IOException {
        MemberInfo s;
        synchronized (lock) {
            s = self;
        }
        s.writeTo(out);
    }

    private void send(Address dest, byte type, Body body, Message.Flag... flags) {
        JChannel ch = channel;
        if (ch == null || !ch.isConnected()) return;
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeByte(type);
            body.write(out);
            out.flush();
            Message m = new BytesMessage(dest, bytes.toByteArray());
            if (flags.length > 0) m.setFlag(flags);
            ch.send(m);
        } catch (Exception e) {
            LOG.log(System.Logger.Level.DEBUG, "send to " + (dest == null ? "all" : dest) + " failed: " + e);
        }
    }

    /** Sends {@code body} under {@code topic} to every member; this node's listener gets it too. */
    public void broadcast(String topic, byte[] body) {
        send(null, APP, app(topic, body), Message.Flag.RSVP);
        MemberInfo s;
        synchronized (lock) {
            s = self;
        }
        listener.messageReceived(s, topic, body);
    }

    /**
     * Sends {@code body} under {@code topic} to the member named {@code node} (reliable, in order with
     * this node's other messages to it). Returns false when {@code node} is not a member now; to
     * this node itself it is delivered directly.
     */
    public boolean sendTo(String node, String topic, byte[] body) {
        Address dest = null;
        MemberInfo s;
        synchronized (lock) {
            s = self;
            for (var e : infos.entrySet())
                if (e.getValue().name().equals(node)) dest = e.getKey();
        }
        if (dest == null) return false;
        if (node.equals(s.name())) {
            listener.messageReceived(s, topic, body);
            return true;
        }
        send(dest, APP, app(topic, body));
        return true;
    }

    /** An APP message's body: the topic, then the length-prefixed payload (read back in receive). */
    private static Body app(String topic, byte[] body) {
        return out -> {
            out.writeUTF(topic);
            out.writeInt(body.length);
            out.write(body);
        };
    }

    /** Changes what this node announces (e.g. config version, wait_for_all) and tells the others. */
    public void updateSelf(MemberInfo info) {
        synchronized (lock) {
            if (info.equals(self)) return;
            self = info;
            if (channel != null && channel.getAddress() != null && infos.containsKey(channel.getAddress()))
                infos.put(channel.getAddress(), info);
        }
        send(null, HELLO, this::writeSelf);
    }

    // ---------------------------------------------------------------- queries

    public MembershipSnapshot snapshot() {
        synchronized (lock) {
            return snapshotLocked();
        }
    }

    private MembershipSnapshot snapshotLocked() {
        List<MemberInfo> ms = new ArrayList<>(infos.values());
        ms.sort(Comparator.comparingInt(MemberInfo::nodeid));
        Map<String, String> dis = new LinkedHashMap<>();
        disallowed.forEach((a, r) -> dis.put(String.valueOf(a), r));
        int joining = view == null ? 0 : (int) view.getMembers().stream().filter(a -> !infos.containsKey(a) && !disallowed.containsKey(a)).count();
        return new MembershipSnapshot(view == null ? 0 : view.getViewId().getId(), ms, joining, dis);
    }

    private String nameOf(Address a) {
        synchronized (lock) {
            MemberInfo i = infos.get(a);
            return i == null ? String.valueOf(a) : i.name();
        }
    }

    public MembershipConfig config() {
        return config;
    }

    public boolean isLeaving() {
        return leaving;
    }

    /** What the channel's encryption layer accepted and refused (altered, replayed, stale messages). */
    public ChannelStats channelStats() {
        JChannel ch = channel;
        GcmEncrypt g = ch == null ? null : ch.getProtocolStack().findProtocol(GcmEncrypt.class);
        return g == null ? ChannelStats.NONE : g.stats();
    }

    /** Timeouts in force, read back from the running protocols (not from our configuration). */
    public Map<String, Long> effectiveTimeouts() {
        Map<String, Long> m = new LinkedHashMap<>();
        JChannel ch = channel;
        if (ch == null) return m;
        var st = ch.getProtocolStack();
        FD_ALL3 fd = st.findProtocol(FD_ALL3.class);
        VERIFY_SUSPECT2 vs = st.findProtocol(VERIFY_SUSPECT2.class);
        MERGE3 merge = st.findProtocol(MERGE3.class);
        m.put("fd_all3.timeout", fd.getTimeout());
        m.put("fd_all3.interval", fd.getInterval());
        m.put("verify_suspect2.timeout", vs.getTimeout());
        m.put("merge3.min_interval", merge.getMinInterval());
        m.put("merge3.max_interval", merge.getMaxInterval());
        return m;
    }

    // ---------------------------------------------------------------- reconfiguration

    /**
     * Applies a reloaded configuration: node list (for validating announcements and discovery) and
     * the token, whose timeouts change in the running protocols at once. Addresses and ports of this
     * node and the cluster name cannot change without a restart.
     */
    public void reconfigure(MembershipConfig next) throws Exception {
        MembershipConfig prev = config;
        if (!prev.clusterName().equals(next.clusterName()) || !prev.localNode().equals(next.localNode())
                || !prev.local().address().equals(next.local().address()) || prev.local().port() != next.local().port())
            throw new IllegalArgumentException("cluster name, node name, address and port of this node change only with a restart ("
                    + prev.clusterName() + "/" + prev.localNode() + " at " + prev.local().address() + ":" + prev.local().port() + ")");
        TotemTimeouts t = TotemTimeouts.of(next.token());
        var st = channel.getProtocolStack();
        List<InetSocketAddress> hosts = new ArrayList<>();
        for (NodeSpec n : next.nodes()) hosts.add(new InetSocketAddress(InetAddress.getByName(n.address()), n.port()));
        TCPPING ping = st.findProtocol(TCPPING.class);
        ping.setInitialHosts(hosts);
        FD_ALL3 fd = st.findProtocol(FD_ALL3.class);
        // set the timeout before a smaller interval and the interval before a smaller timeout: FD_ALL3 wants interval < timeout
        if (t.fdAllTimeoutMs() > fd.getTimeout()) {
            fd.setTimeout(t.fdAllTimeoutMs());
            fd.setInterval(t.fdAllIntervalMs());
        } else {
            fd.setInterval(t.fdAllIntervalMs());
            fd.setTimeout(t.fdAllTimeoutMs());
        }
        if (fd.isRunning()) {
            // the heartbeat and checker tasks were scheduled with the old interval
            fd.stopFailureDetection();
            fd.startFailureDetection();
        }
        st.<VERIFY_SUSPECT2>findProtocol(VERIFY_SUSPECT2.class).setTimeout(t.verifySuspectMs());
        MERGE3 merge = st.findProtocol(MERGE3.class);
        merge.setMinInterval(t.mergeMinMs());
        merge.setMaxInterval(t.mergeMaxMs());
        st.<GMS>findProtocol(GMS.class).setJoinTimeout(t.joinTimeoutMs());
        st.<RSVP>findProtocol(RSVP.class).setTimeout(Math.max(500, t.token().toMillis()))
                .setResendInterval(Math.max(100, t.token().toMillis() / 4));
        config = next;
        if (!prev.token().equals(next.token()))
            LOG.log(System.Logger.Level.INFO, "token " + prev.token().toMillis() + " -> " + next.token().toMillis()
                    + " ms: FD_ALL3 " + t.fdAllTimeoutMs() + "/" + t.fdAllIntervalMs() + " ms, VERIFY_SUSPECT2 " + t.verifySuspectMs()
                    + " ms (a silent node is removed within ~" + t.silentDetectionBoundMs() + " ms)");
    }

    // ---------------------------------------------------------------- leaving

    /** Leaves cleanly: announces the leave (acknowledged by every member), then leaves the group. */
    public void leave() {
        leaving = true;
        send(null, LEAVING, out -> {}, Message.Flag.RSVP);
        close();
    }

    @Override
    public void close() {
        timer.shutdownNow();
        JChannel ch = channel;
        if (ch != null) {
            ch.close();
        }
    }
}

package org.nebulaha.node.hosted;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.nebulaha.common.NebulaRoot;
import org.nebulaha.conf.ClusterConfParser;
import org.nebulaha.conf.model.ClusterConf;
import org.nebulaha.fence.fenced.FenceApi;
import org.nebulaha.fence.fenced.Fenced;
import org.nebulaha.membership.model.LossKind;
import org.nebulaha.membership.model.MemberInfo;
import org.nebulaha.membership.quorum.QuorumDecision;
import org.nebulaha.node.api.ApiResponse;
import org.nebulaha.node.daemon.ClusterEvents;
import org.nebulaha.node.daemon.NodeDaemon;
import org.nebulaha.node.daemon.NodeModule;

/**
 * Hosts fenced: member losses go in, fences come out, and what a lost node ran stays blocked for
 * the resource manager until {@link #isSafelyGone} says it is fenced. Registered before the
 * resource manager, so fenced hears every event first.
 */
public final class FencedModule implements NodeModule {
    static final String TOPIC = "fenced";
    private static volatile FencedModule current;
    private volatile Fenced fenced;

    /** The fenced of this daemon, for the resource manager (empty until it started). */
    static Optional<Fenced> fenced() {
        FencedModule m = current;
        return m == null ? Optional.empty() : Optional.ofNullable(m.fenced);
    }

    @Override
    public String name() {
        return "fenced";
    }

    @Override
    public void start(NodeDaemon node) throws Exception {
        ClusterConf conf = ClusterConfParser.parse(NebulaRoot.clusterConf());
        String self = node.state().self().name();
        Fenced f = Fenced.create(conf, self, victim -> node.messaging().broadcast(TOPIC, victim.getBytes(StandardCharsets.UTF_8)));
        node.messaging().subscribe(TOPIC, (from, body) -> {
            if (!from.name().equals(self)) f.peerFenced(new String(body, StandardCharsets.UTF_8), from.name());
        });
        node.events().add(new ClusterEvents() {
            @Override
            public void memberJoined(MemberInfo m) {
                f.memberJoined(m.name(), m.nodeid(), m.incarnation());
            }

            @Override
            public void memberLost(MemberInfo m, LossKind kind) {
                f.memberLost(m.name(), m.nodeid(), m.incarnation(), kind == LossKind.CLEAN_LEAVE);
            }

            @Override
            public void quorumChanged(QuorumDecision d) {
                f.quorumChanged(d.quorate());
            }

            @Override
            public void configChanged(ClusterConf c) {
                f.configChanged(c);
            }
        });
        FenceApi api = new FenceApi(f);
        node.commands().register(FenceApi.FENCE_NODE, "[-U] NODE: fence (or unfence) a node by hand", a -> reply(api.fenceNode(a)));
        node.commands().register(FenceApi.FENCE_HISTORY, "[NODE]: the fence history, oldest first", a -> reply(api.history(a)));
        node.commands().register(FenceApi.FENCE_STATUS, "[NODE]: what fenced owes each lost node", a -> reply(api.status(a)));
        fenced = f;
        current = this;
    }

    static ApiResponse reply(FenceApi.Reply r) {
        return new ApiResponse(r.ok(), r.code(), r.message(), r.body());
    }

    @Override
    public void stop() {
        Fenced f = fenced;
        if (f != null) f.close();
    }
}

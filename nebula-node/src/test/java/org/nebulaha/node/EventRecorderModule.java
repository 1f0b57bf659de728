package org.nebulaha.node;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.nebulaha.membership.model.LossKind;
import org.nebulaha.membership.model.MemberInfo;
import org.nebulaha.membership.quorum.QuorumDecision;
import org.nebulaha.node.api.ApiResponse;
import org.nebulaha.node.daemon.ClusterEvents;
import org.nebulaha.node.daemon.NodeDaemon;
import org.nebulaha.node.daemon.NodeModule;

/**
 * A hosted module for tests, loaded by the daemons the tests start (it is on the test class path):
 * when {@code NEBULA_TEST_EVENTS=1} it records every {@link ClusterEvents} call in order and serves
 * them on the API verb {@code recorded}, the way fencing and rgmanager will plug in.
 */
public final class EventRecorderModule implements NodeModule, ClusterEvents {
    private final List<String> events = new CopyOnWriteArrayList<>();

    @Override
    public String name() {
        return "recorder";
    }

    @Override
    public int port() {
        return 177;
    }

    @Override
    public void start(NodeDaemon node) {
        if (!"1".equals(System.getenv("NEBULA_TEST_EVENTS"))) throw new IllegalStateException("not enabled (NEBULA_TEST_EVENTS unset)");
        node.events().add(this);
        node.commands().register("recorded", "events seen by the test module, in order", a -> ApiResponse.ok(List.copyOf(events)));
        node.messaging().subscribe("recorder", (from, body) -> events.add("message from " + from.name() + ": " + new String(body)));
        node.commands().register("send", "NODE WORD: send WORD to the recorder on NODE", a ->
                node.messaging().sendTo(a.get(0), "recorder", a.get(1).getBytes()) ? ApiResponse.ok(List.of())
                        : ApiResponse.error(1, a.get(0) + " is not a member"));
    }

    @Override
    public void memberJoined(MemberInfo m) {
        events.add("joined " + m.name());
    }

    @Override
    public void memberLost(MemberInfo m, LossKind kind) {
        events.add("lost " + m.name() + " " + kind);
    }

    @Override
    public void quorumChanged(QuorumDecision d) {
        events.add((d.quorate() ? "quorate " : "inquorate ") + d.totalVotes());
    }
}

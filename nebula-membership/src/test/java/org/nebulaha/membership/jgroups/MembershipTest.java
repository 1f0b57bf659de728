package org.nebulaha.membership.jgroups;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nebulaha.membership.model.LossKind;
import org.nebulaha.membership.model.MemberInfo;
import org.nebulaha.membership.model.MembershipConfig;
import org.nebulaha.membership.model.NodeSpec;
import org.nebulaha.testkit.Poll;

/** Several members in one JVM on loopback: announcements, clean leave, refused key. */
class MembershipTest {
    @TempDir
    Path dir;
    final List<Membership> started = new ArrayList<>();

    /** Every port of the pairs given so far in this JVM: a node's pair is never next to another's. */
    private static final java.util.Set<Integer> HANDED_OUT = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static int freePortPair() throws Exception {
        while (true) {
            try (ServerSocket a = new ServerSocket(0)) {
                int p = a.getLocalPort();
                // a pair overlapping one handed out before (p-1 or p+1 of another node) would collide once both bind
                if (p >= 65534 || HANDED_OUT.contains(p) || HANDED_OUT.contains(p + 1)) continue;
                try (ServerSocket b = new ServerSocket(p + 1)) {
                    HANDED_OUT.add(p);
                    HANDED_OUT.add(p + 1);
                    return p;
                } catch (java.io.IOException busy) {
                    // try another pair
                }
            }
        }
    }

    static class Recorder implements MembershipListener {
        final List<MemberChange> changes = new CopyOnWriteArrayList<>();
        volatile MembershipSnapshot last;
        final List<String> messages = new CopyOnWriteArrayList<>();

        @Override
        public void membershipChanged(MembershipSnapshot snapshot, List<MemberChange> c) {
            last = snapshot;
            changes.addAll(c);
        }

        @Override
        public void messageReceived(MemberInfo from, String topic, byte[] body) {
            messages.add(from.name() + ":" + topic + ":" + new String(body));
        }

        List<String> names() {
            return last == null ? List.of() : last.members().stream().map(MemberInfo::name).toList();
        }
    }

    List<NodeSpec> nodes(int n) throws Exception {
        List<NodeSpec> l = new ArrayList<>();
        for (int i = 1; i <= n; i++) l.add(new NodeSpec("n" + i, i, 1, "127.0.0.1", freePortPair()));
        return l;
    }

    Membership start(List<NodeSpec> nodes, String name, Path keyFile, Recorder r) throws Exception {
        MembershipConfig cfg = new MembershipConfig("test", name, nodes, Duration.ofMillis(1000), keyFile);
        Membership m = new Membership(cfg, ClusterKey.loadOrCreate(keyFile), r);
        started.add(m);
        NodeSpec self = cfg.local();
        m.start(new MemberInfo(name, self.nodeid(), 7, System.currentTimeMillis(), 1, false, self.address()));
        return m;
    }

    @AfterEach
    void stopAll() {
        started.forEach(Membership::close);
    }

    @Test
    void membersKnowEachOthersNamesIdsAndIncarnations() throws Exception {
        List<NodeSpec> nodes = nodes(2);
        Path key = dir.resolve("cluster.key");
        Recorder r1 = new Recorder(), r2 = new Recorder();
        start(nodes, "n1", key, r1);
        start(nodes, "n2", key, r2);
        Poll.until(Duration.ofSeconds(15), () -> r1.names().equals(List.of("n1", "n2")) && r2.names().equals(List.of("n1", "n2")),
                () -> "n1 sees " + r1.names() + ", n2 sees " + r2.names());
        MemberInfo n2 = r1.last.members().get(1);
        assertThat(n2.nodeid()).isEqualTo(2);
        assertThat(n2.incarnation()).isEqualTo(7);
        assertThat(Files.getPosixFilePermissions(key)).hasToString("[OWNER_READ]");
    }

    @Test
    void aCleanLeaveIsReportedAsCleanNotAsAFailure() throws Exception {
        List<NodeSpec> nodes = nodes(2);
        Path key = dir.resolve("cluster.key");
        Recorder r1 = new Recorder(), r2 = new Recorder();
        start(nodes, "n1", key, r1);
        Membership m2 = start(nodes, "n2", key, r2);
        Poll.until(Duration.ofSeconds(15), () -> r1.names().size() == 2, () -> "n1 sees " + r1.names());
        m2.leave();
        Poll.until(Duration.ofSeconds(10), () -> r1.names().equals(List.of("n1")), () -> "n1 sees " + r1.names());
        assertThat(r1.changes).filteredOn(c -> !c.joined()).singleElement()
                .satisfies(c -> assertThat(c.loss()).isEqualTo(LossKind.CLEAN_LEAVE));
    }

    @Test
    void broadcastsReachEveryMemberAndThisNodeAndUnicastsOnlyTheirTarget() throws Exception {
        List<NodeSpec> nodes = nodes(2);
        Path key = dir.resolve("cluster.key");
        Recorder r1 = new Recorder(), r2 = new Recorder();
        Membership m1 = start(nodes, "n1", key, r1);
        start(nodes, "n2", key, r2);
        Poll.until(Duration.ofSeconds(15), () -> r2.names().size() == 2, () -> "n2 sees " + r2.names());
        m1.broadcast("hello", "world".getBytes());
        Poll.until(Duration.ofSeconds(5), () -> r2.messages.contains("n1:hello:world"), () -> "n2 got " + r2.messages);
        assertThat(r1.messages).containsExactly("n1:hello:world");

        assertThat(m1.sendTo("n2", "direct", "one".getBytes())).isTrue();
        assertThat(m1.sendTo("n2", "direct", "two".getBytes())).isTrue();
        Poll.until(Duration.ofSeconds(5), () -> r2.messages.contains("n1:direct:two"), () -> "n2 got " + r2.messages);
        assertThat(r2.messages).containsSubsequence("n1:direct:one", "n1:direct:two");
        assertThat(r1.messages).doesNotContain("n1:direct:one");
        assertThat(m1.sendTo("n9", "direct", new byte[0])).as("not a member").isFalse();
        assertThat(m1.sendTo("n1", "self", "me".getBytes())).as("this node is a member too").isTrue();
        assertThat(r1.messages).as("delivered directly").contains("n1:self:me");
    }

    @Test
    void aNodeWithAnotherKeyNeverJoins() throws Exception {
        List<NodeSpec> nodes = nodes(4);
        Path key = dir.resolve("cluster.key");
        Path otherKey = dir.resolve("other.key");
        Recorder r1 = new Recorder(), r2 = new Recorder(), rx = new Recorder(), r4 = new Recorder();
        start(nodes, "n1", key, r1);
        start(nodes, "n2", key, r2);
        Poll.until(Duration.ofSeconds(15), () -> r1.names().size() == 2, () -> "n1 sees " + r1.names());
        start(nodes, "n3", otherKey, rx);
        // positive control: a node with the right key, started after the intruder, does join
        start(nodes, "n4", key, r4);
        Poll.until(Duration.ofSeconds(15), () -> r1.names().equals(List.of("n1", "n2", "n4")), () -> "n1 sees " + r1.names());
        // let MERGE3 (every 1-3 s at token 1000 ms) run a few rounds: it must not merge the intruder either
        long until = System.nanoTime() + Duration.ofSeconds(7).toNanos();
        Poll.until(Duration.ofSeconds(10), () -> System.nanoTime() > until || r1.names().contains("n3") || rx.names().size() > 1,
                () -> "n1 sees " + r1.names());
        assertThat(r1.changes).noneMatch(c -> c.member().name().equals("n3"));
        assertThat(r1.names()).containsExactly("n1", "n2", "n4");
        assertThat(r2.names()).containsExactly("n1", "n2", "n4");
        assertThat(rx.names()).containsExactly("n3");
    }
}

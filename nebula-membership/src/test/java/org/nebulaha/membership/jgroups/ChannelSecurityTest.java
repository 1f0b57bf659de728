package org.nebulaha.membership.jgroups;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jgroups.protocols.TCP;
import org.jgroups.stack.Protocol;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nebulaha.membership.jgroups.MembershipTest.Recorder;
import org.nebulaha.membership.model.MemberInfo;
import org.nebulaha.membership.model.MembershipConfig;
import org.nebulaha.membership.model.NodeSpec;
import org.nebulaha.testkit.Poll;

/**
 * Two members, an attacker below n1's encryption layer flipping bits in, replaying and reordering
 * everything n1 receives: every altered or replayed copy is refused and counted, and the membership
 * does not change (no member lost, no new view, so quorum is unaffected).
 */
class ChannelSecurityTest {
    @TempDir
    Path dir;
    final List<Membership> started = new ArrayList<>();

    @AfterEach
    void stopAll() {
        started.forEach(Membership::close);
    }

    Membership start(List<NodeSpec> nodes, String name, int incarnation, Recorder r, TamperLayer tamper) throws Exception {
        Path keyFile = dir.resolve("cluster.key");
        MembershipConfig cfg = new MembershipConfig("test", name, nodes, Duration.ofMillis(1000), keyFile);
        Membership m = new Membership(cfg, ClusterKey.loadOrCreate(keyFile), r, stack -> {
            if (tamper == null) return stack;
            List<Protocol> l = new ArrayList<>(stack);
            int tcp = l.indexOf(l.stream().filter(p -> p instanceof TCP).findFirst().orElseThrow());
            l.add(tcp + 1, tamper);
            return l;
        });
        started.add(m);
        NodeSpec self = cfg.local();
        m.start(new MemberInfo(name, self.nodeid(), incarnation, System.currentTimeMillis(), 1, false, self.address()));
        return m;
    }

    @Test
    void alteredAndReplayedMessagesAreRefusedAndCountedWhileTheClusterStaysUp() throws Exception {
        List<NodeSpec> nodes = new MembershipTest().nodes(2);
        TamperLayer tamper = new TamperLayer();
        Recorder r1 = new Recorder(), r2 = new Recorder();
        Membership n1 = start(nodes, "n1", 1, r1, tamper);
        Membership n2 = start(nodes, "n2", 1, r2, null);
        Poll.until(Duration.ofSeconds(15), () -> r1.names().equals(List.of("n1", "n2")) && r2.names().equals(List.of("n1", "n2")),
                () -> "n1 sees " + r1.names() + ", n2 sees " + r2.names());
        long generation = n1.snapshot().generation();
        int changes1 = r1.changes.size(), changes2 = r2.changes.size();
        ChannelStats before = n1.channelStats();

        tamper.active = true;
        // traffic both ways: heartbeats, plus application messages that must all arrive exactly once
        for (int i = 0; i < 20; i++) n2.sendTo("n1", "t", ("m" + i).getBytes());
        Poll.until(Duration.ofSeconds(10), () -> tamper.replayed.get() >= 15 && r1.messages.size() >= 20,
                () -> "tampered " + tamper.replayed.get() + " pairs, n1 got " + r1.messages.size() + " messages");
        // long enough for FD_ALL3 (timeout 1000 ms here) to have removed n2 if its heartbeats were lost
        Poll.until(Duration.ofSeconds(10), () -> tamper.flipped.get() >= 60, () -> "flipped " + tamper.flipped.get());
        tamper.finish();

        Poll.until(Duration.ofSeconds(5), () -> n1.channelStats().forged() - before.forged() == tamper.flipped.get()
                        && n1.channelStats().replayed() - before.replayed() == tamper.replayed.get(),
                () -> "injected " + tamper.flipped.get() + " flipped, " + tamper.replayed.get() + " replayed; n1 counted "
                        + n1.channelStats());
        assertThat(n1.channelStats().stale()).isZero();
        assertThat(n2.channelStats().rejected()).as("n2's traffic was not tampered with").isZero();
        assertThat(tamper.reordered.get()).isPositive();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 20; i++) expected.add("n2:t:m" + i);
        assertThat(r1.messages).as("each message once, in order").containsExactlyElementsOf(expected);
        assertThat(n1.snapshot().generation()).as("no new view").isEqualTo(generation);
        assertThat(r1.changes).hasSize(changes1);
        assertThat(r2.changes).hasSize(changes2);
        assertThat(r1.names()).containsExactly("n1", "n2");
        assertThat(r2.names()).containsExactly("n1", "n2");
    }

    @Test
    void aRestartedNodeJoinsAgainWhileOldCopiesOfItsTrafficAreRefused() throws Exception {
        List<NodeSpec> nodes = new MembershipTest().nodes(2);
        TamperLayer tamper = new TamperLayer();
        Recorder r1 = new Recorder(), r2 = new Recorder(), r2b = new Recorder();
        Membership n1 = start(nodes, "n1", 1, r1, tamper);
        tamper.active = true;
        Membership n2 = start(nodes, "n2", 1, r2, null);
        Poll.until(Duration.ofSeconds(15), () -> r1.names().equals(List.of("n1", "n2")), () -> "n1 sees " + r1.names());
        n2.leave();
        Poll.until(Duration.ofSeconds(15), () -> r1.names().equals(List.of("n1")), () -> "n1 sees " + r1.names());
        start(nodes, "n2", 2, r2b, null);
        Poll.until(Duration.ofSeconds(15), () -> r1.last.members().stream().anyMatch(m -> m.name().equals("n2") && m.incarnation() == 2),
                () -> "n1 sees " + r1.last.members());
        tamper.finish();
        assertThat(n1.channelStats().forged()).isPositive();
        assertThat(n1.channelStats().replayed()).isPositive();
    }
}

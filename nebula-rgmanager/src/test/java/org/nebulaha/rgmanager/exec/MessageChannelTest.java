package org.nebulaha.rgmanager.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nebulaha.conf.ClusterConfParser;
import org.nebulaha.conf.model.ClusterConf;
import org.nebulaha.rgmanager.agent.ServiceRunner;
import org.nebulaha.rgmanager.model.ClusterView;
import org.nebulaha.rgmanager.model.Member;
import org.nebulaha.rgmanager.model.MemberStatus;
import org.nebulaha.rgmanager.model.NodeReport;
import org.nebulaha.rgmanager.model.ServiceRecord;
import org.nebulaha.rgmanager.model.ServiceState;
import org.nebulaha.testkit.Poll;

/** Two nodes talking through one-way messages (one delivery thread per node, like the daemon's messaging). */
class MessageChannelTest {
    ClusterConf conf;
    ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    Map<String, ExecutorService> delivery = new ConcurrentHashMap<>();
    Map<String, MessageChannel> channels = new ConcurrentHashMap<>();
    FakeNodeAgent a1 = new FakeNodeAgent("one-server1");
    FakeNodeAgent a2 = new FakeNodeAgent("one-server2");
    LocalResourceManager m1, m2;
    Coordinator coord;

    MessageChannel.Transport transportFrom(String from) {
        return (to, body) -> {
            MessageChannel c = channels.get(to);
            if (c == null) return false;
            delivery.computeIfAbsent(to, k -> Executors.newSingleThreadExecutor()).execute(() -> c.received(from, body));
            return true;
        };
    }

    LocalResourceManager node(String name, FakeNodeAgent a) {
        LocalResourceManager[] holder = new LocalResourceManager[1];
        holder[0] = new LocalResourceManager(name, conf, new ServiceRunner(Map.of("ip", a, "script", a)),
                (node, svc, why) -> channels.get(name).reportStatusFailure("one-server1", svc, why), scheduler, Duration.ofMillis(50),
                java.nio.file.Path.of("/nonexistent-root"));
        channels.put(name, new MessageChannel(name, holder[0], transportFrom(name), Duration.ofSeconds(5)));
        return holder[0];
    }

    @BeforeEach
    void setUp() throws Exception {
        conf = ClusterConfParser.parse(CoordinatorTest.CONF, "cluster.conf");
        m1 = node("one-server1", a1);
        m2 = node("one-server2", a2);
        coord = new Coordinator(conf, view("online", "online"), channels.get("one-server1"), java.time.Clock.systemUTC());
        channels.get("one-server1").setCoordinator(coord::statusFailed);
    }

    @AfterEach
    void tearDown() {
        m1.close();
        m2.close();
        channels.values().forEach(MessageChannel::close);
        delivery.values().forEach(ExecutorService::shutdownNow);
        scheduler.shutdownNow();
    }

    static ClusterView view(String s1, String s2) {
        return new ClusterView(true, List.of(new Member("one-server1", MemberStatus.fromWord(s1)), new Member("one-server2", MemberStatus.fromWord(s2))));
    }

    ServiceRecord svc() {
        return coord.state().service("opennebula");
    }

    @Test
    void theCoordinatorDrivesTheOtherNodeAndHearsItsFailures() {
        coord.viewChanged(view("fenced", "online"));
        assertThat(svc().owner()).contains("one-server2");
        assertThat(a2.active).contains("script:sunstone");
        // node2 got the published table
        Poll.until(Duration.ofSeconds(5), () -> m2.report().tableCopy().map(t -> t.services().get("opennebula").state() == ServiceState.STARTED).orElse(false),
                () -> "" + m2.report());
        a2.crash("script:opennebula");
        Poll.until(Duration.ofSeconds(5), () -> svc().restarts().size() == 1 && svc().state() == ServiceState.STARTED, () -> svc() + " " + a2.calls);
        assertThat(svc().owner()).contains("one-server2");
        // the restart went over the wire as one request; the address stayed up on node2
        assertThat(a2.calls).endsWith("stop script:opennebula", "start script:opennebula");
        assertThat(a2.calls).doesNotContain("stop ip:10.10.11.12");
    }

    @Test
    void reportsFromOtherNodesRebuildTheTable() {
        coord.viewChanged(view("online", "online"));
        coord.requests("test").relocate("opennebula", Optional.of("one-server2"));
        Poll.until(Duration.ofSeconds(5), () -> m1.report().tableCopy().map(t -> t.version() == coord.version()).orElse(false));
        List<NodeReport> reports = channels.get("one-server1").reports(List.of("one-server1", "one-server2"), Duration.ofSeconds(5));
        assertThat(reports).extracting(NodeReport::node).containsExactlyInAnyOrder("one-server1", "one-server2");
        Coordinator successor = new Coordinator(conf, view("online", "online"), channels.get("one-server1"), java.time.Clock.systemUTC());
        successor.rebuild(view("online", "online"), reports);
        assertThat(successor.state().service("opennebula").owner()).contains("one-server2");
        assertThat(successor.state().service("opennebula").lastTransition()).isPresent();
    }

    @Test
    void garbageIsDroppedAndAnUnreachableNodeIsReportedSo() {
        channels.get("one-server2").received("mallory", "req\t1\tformat\t/".getBytes(StandardCharsets.UTF_8));
        channels.get("one-server2").received("mallory", "table\tnot-a-number\n".getBytes(StandardCharsets.UTF_8));
        channels.get("one-server2").received("mallory", new byte[0]);
        assertThat(a2.calls).isEmpty();
        channels.remove("one-server2");
        assertThat(channels.get("one-server1").start("one-server2", "opennebula")).isEqualTo(NodeChannel.Result.UNREACHABLE);
    }

    @Test
    void aNodeThatNeverReportsIsLeftOutAndItsRequestForgotten() {
        MessageChannel silentPeer = new MessageChannel("one-server1", m1, (to, body) -> true, Duration.ofSeconds(5));
        try {
            List<NodeReport> reports = silentPeer.reports(List.of("one-server1", "one-server2"), Duration.ofMillis(200));
            assertThat(reports).extracting(NodeReport::node).containsExactly("one-server1");
            assertThat(silentPeer.waitingForAnswers()).isZero();
        } finally {
            silentPeer.close();
        }
    }

    @Test
    void recordsSurviveTheWireUnchanged() {
        ServiceRecord r = new ServiceRecord("a b", ServiceState.FAILED, Optional.of("n1"), Optional.of("n1"),
                List.of(Instant.parse("2026-11-25T10:00:00Z")), true, false, java.util.Set.of("n2"),
                Optional.of(new ServiceRecord.Transition(Instant.parse("2026-11-25T10:01:00Z"), "#12: stop failed\ton n1; intervention")));
        assertThat(WireCodec.record(WireCodec.record(r))).isEqualTo(r);
    }
}

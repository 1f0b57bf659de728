package org.nebulaha.rgmanager.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
import org.nebulaha.rgmanager.model.RgError;
import org.nebulaha.rgmanager.model.ServiceRecord;
import org.nebulaha.rgmanager.model.ServiceState;
import org.nebulaha.testkit.FakeClock;
import org.nebulaha.testkit.Poll;

/** The coordinator and two in-process nodes with in-memory agents: the guide's service through its life. */
class CoordinatorTest {
    static final String CONF = """
            <cluster config_version="17" name="opennebula">
              <cman expected_votes="1" two_node="1"/>
              <clusternodes><clusternode name="one-server1" nodeid="1"/><clusternode name="one-server2" nodeid="2"/></clusternodes>
              <rm resource_status_interval="100ms">
                <failoverdomains>
                  <failoverdomain name="opennebula" nofailback="0" ordered="1" restricted="0">
                    <failoverdomainnode name="one-server1" priority="1"/><failoverdomainnode name="one-server2" priority="2"/>
                  </failoverdomain>
                </failoverdomains>
                <resources>
                  <ip address="10.10.11.12" sleeptime="0"/>
                  <script file="/etc/init.d/opennebula" name="opennebula"/>
                  <script file="/etc/init.d/opennebula-sunstone" name="sunstone"/>
                </resources>
                <service domain="opennebula" name="opennebula" recovery="restart" max_restarts="2" restart_expire_time="300">
                  <ip ref="10.10.11.12"/><script ref="opennebula"/><script ref="sunstone"/>
                </service>
              </rm>
            </cluster>
            """;

    ClusterConf conf;
    ScheduledExecutorService scheduler;
    FakeNodeAgent a1 = new FakeNodeAgent("one-server1");
    FakeNodeAgent a2 = new FakeNodeAgent("one-server2");
    LocalResourceManager n1;
    LocalResourceManager n2;
    InProcessNodes nodes = new InProcessNodes();
    FakeClock clock = FakeClock.atMorning();
    Coordinator coord;

    static ClusterView view(boolean quorate, String s1, String s2) {
        return new ClusterView(quorate, List.of(new Member("one-server1", MemberStatus.fromWord(s1)), new Member("one-server2", MemberStatus.fromWord(s2))));
    }

    LocalResourceManager node(String name, FakeNodeAgent a) {
        LocalResourceManager m = new LocalResourceManager(name, conf, new ServiceRunner(Map.of("ip", a, "script", a)),
                (node, svc, why) -> coord.statusFailed(node, svc, why), scheduler, Duration.ofMillis(50), java.nio.file.Path.of("/nonexistent-root"));
        nodes.add(m);
        return m;
    }

    @BeforeEach
    void setUp() throws Exception {
        conf = ClusterConfParser.parse(CONF, "cluster.conf");
        scheduler = Executors.newScheduledThreadPool(2);
        n1 = node("one-server1", a1);
        n2 = node("one-server2", a2);
        coord = new Coordinator(conf, view(false, "online", "online"), nodes, clock);
    }

    @AfterEach
    void tearDown() {
        n1.close();
        n2.close();
        scheduler.shutdownNow();
    }

    ServiceRecord svc() {
        return coord.state().service("opennebula");
    }

    String table() {
        return svc() + "\nnode1 calls " + a1.calls + "\nnode2 calls " + a2.calls;
    }

    @Test
    void quorumFormedStartsTheServiceOnThePriorityOneNodeInTypeOrder() {
        coord.viewChanged(view(true, "online", "online"));
        assertThat(svc().state()).isEqualTo(ServiceState.STARTED);
        assertThat(svc().owner()).contains("one-server1");
        assertThat(a1.calls).containsExactly("start ip:10.10.11.12", "start script:opennebula", "start script:sunstone");
        assertThat(a2.calls).isEmpty();
    }

    @Test
    void aCrashedScriptIsRestartedInPlaceThenRelocatedWhenRestartsAreExhausted() {
        coord.viewChanged(view(true, "online", "online"));
        for (int i = 1; i <= 2; i++) {
            int starts = (int) a1.calls.stream().filter("start script:opennebula"::equals).count();
            a1.crash("script:opennebula");
            Poll.until(Duration.ofSeconds(5), () -> a1.calls.stream().filter("start script:opennebula"::equals).count() == starts + 1
                    && svc().state() == ServiceState.STARTED, this::table);
            assertThat(svc().owner()).contains("one-server1");
            assertThat(svc().restarts()).hasSize(i);
        }
        a1.crash("script:opennebula");
        Poll.until(Duration.ofSeconds(5), () -> svc().owner().equals(Optional.of("one-server2")) && svc().state() == ServiceState.STARTED, this::table);
        assertThat(a1.active).isEmpty();
    }

    /** The calls node 1 received after the service first started (the three starts). */
    List<String> callsAfterStart() {
        return List.copyOf(a1.calls.subList(3, a1.calls.size()));
    }

    @Test
    void aCrashedScriptIsRestartedAloneWhileTheAddressAndTheOtherScriptStay() {
        coord.viewChanged(view(true, "online", "online"));
        a1.crash("script:opennebula");
        Poll.until(Duration.ofSeconds(5), () -> svc().restarts().size() == 1 && svc().state() == ServiceState.STARTED, this::table);
        assertThat(callsAfterStart()).containsExactly("stop script:opennebula", "start script:opennebula");
        assertThat(svc().owner()).contains("one-server1");
        assertThat(a1.active).containsExactlyInAnyOrder("ip:10.10.11.12", "script:opennebula", "script:sunstone");
    }

    @Test
    void aFailedAddressIsRestartedWithEverythingThatStartsAfterIt() {
        coord.viewChanged(view(true, "online", "online"));
        a1.crash("ip:10.10.11.12");
        Poll.until(Duration.ofSeconds(5), () -> svc().restarts().size() == 1 && svc().state() == ServiceState.STARTED, this::table);
        assertThat(callsAfterStart()).containsExactly("stop script:opennebula", "stop script:sunstone", "stop ip:10.10.11.12",
                "start ip:10.10.11.12", "start script:opennebula", "start script:sunstone");
    }

    @Test
    void whenAResourceThatWouldStayUpFailsTooTheWholeServiceIsRestarted() {
        coord.viewChanged(view(true, "online", "online"));
        a1.crash("script:sunstone"); // gone too, but the check of opennebula's pid below comes first
        a1.crash("script:opennebula");
        Poll.until(Duration.ofSeconds(5), () -> svc().restarts().size() == 1 && svc().state() == ServiceState.STARTED, this::table);
        assertThat(callsAfterStart()).containsExactly("stop script:opennebula", "stop script:sunstone", "stop ip:10.10.11.12",
                "start ip:10.10.11.12", "start script:opennebula", "start script:sunstone");
    }

    @Test
    void aScriptThatCannotStartAgainIsStoppedEntirelyAndTheServiceMoves() {
        coord.viewChanged(view(true, "online", "online"));
        a1.failing.add("start script:sunstone");
        a1.crash("script:sunstone");
        Poll.until(Duration.ofSeconds(5), () -> svc().owner().equals(Optional.of("one-server2")) && svc().state() == ServiceState.STARTED, this::table);
        assertThat(a1.active).isEmpty();
        assertThat(a2.active).containsExactlyInAnyOrder("ip:10.10.11.12", "script:opennebula", "script:sunstone");
    }

    @Test
    void clusvcadmRestartStopsAndStartsTheWholeServiceOnItsOwner() {
        coord.viewChanged(view(true, "online", "online"));
        ServiceRequests.Reply r = coord.requests("test").restart("opennebula");
        assertThat(r.error()).isEqualTo(RgError.SUCCESS);
        assertThat(r.owner()).contains("one-server1");
        assertThat(callsAfterStart()).containsExactly("stop script:opennebula", "stop script:sunstone", "stop ip:10.10.11.12",
                "start ip:10.10.11.12", "start script:opennebula", "start script:sunstone");
        assertThat(svc().state()).isEqualTo(ServiceState.STARTED);
    }

    @Test
    void losingTheOwnerWaitsForFencingThenStartsOnTheOtherNode() {
        coord.viewChanged(view(true, "online", "online"));
        nodes.remove("one-server1");
        coord.viewChanged(view(true, "lost", "online"));
        assertThat(svc().owner()).contains("one-server1");
        assertThat(a2.calls).isEmpty();
        coord.viewChanged(view(true, "fenced", "online"));
        assertThat(svc().state()).isEqualTo(ServiceState.STARTED);
        assertThat(svc().owner()).contains("one-server2");
    }

    @Test
    void aFailedStopBlocksTheServiceUntilDisableClearsIt() {
        coord.viewChanged(view(true, "online", "online"));
        a1.failing.add("stop script:sunstone");
        ServiceRequests admin = coord.requests("test");
        assertThat(admin.relocate("opennebula", Optional.of("one-server2")).error()).isEqualTo(RgError.ABORT);
        assertThat(svc().state()).isEqualTo(ServiceState.FAILED);
        assertThat(a2.calls).isEmpty();
        assertThat(admin.enable("opennebula", Optional.empty()).error()).isEqualTo(RgError.INVAL);
        assertThat(admin.disable("opennebula").error()).isEqualTo(RgError.SUCCESS);
        assertThat(svc().state()).isEqualTo(ServiceState.DISABLED);
        a1.failing.clear();
        ServiceRequests.Reply r = admin.enable("opennebula", Optional.of("one-server2"));
        assertThat(r.error()).isEqualTo(RgError.SUCCESS);
        assertThat(r.owner()).contains("one-server2");
    }

    @Test
    void relocateMovesTheServiceAndEnableOfARunningServiceSaysSo() {
        coord.viewChanged(view(true, "online", "online"));
        ServiceRequests admin = coord.requests("test");
        assertThat(admin.enable("opennebula", Optional.empty()).error()).isEqualTo(RgError.RUN);
        coord.conf(); // the ordered domain would pull it back: nofailback is off, so relocation is followed by failback
        ServiceRequests.Reply r = admin.relocate("opennebula", Optional.of("one-server2"));
        assertThat(r.error()).isEqualTo(RgError.SUCCESS);
        assertThat(a2.calls).contains("start script:sunstone");
        assertThat(admin.relocate("opennebula", Optional.of("nowhere")).error()).isEqualTo(RgError.NODE);
        assertThat(admin.enable("nosuch", Optional.empty()).error()).isEqualTo(RgError.NOSERVICE);
    }

    @Test
    void stopHoldsTheServiceUntilTheNextMembershipChange() {
        coord.viewChanged(view(true, "online", "online"));
        assertThat(coord.requests("test").stop("opennebula").error()).isEqualTo(RgError.SUCCESS);
        assertThat(svc().state()).isEqualTo(ServiceState.STOPPED);
        assertThat(svc().userStopped()).isTrue();
        coord.viewChanged(view(true, "online", "left"));
        assertThat(svc().state()).isEqualTo(ServiceState.STARTED);
    }

    @Test
    void withoutQuorumEverythingStopsAndRequestsAreRefused() {
        coord.viewChanged(view(true, "online", "online"));
        coord.viewChanged(view(false, "online", "lost"));
        assertThat(a1.active).isEmpty();
        assertThat(coord.requests("test").enable("opennebula", Optional.empty()).error()).isEqualTo(RgError.QUORUM);
    }

    @Test
    void aNewCoordinatorRebuildsTheTableFromWhatNodesReport() {
        coord.viewChanged(view(true, "online", "online"));
        coord.requests("test").freeze("opennebula");
        Coordinator successor = new Coordinator(conf, view(true, "online", "online"), nodes, clock);
        successor.rebuild(view(true, "fenced", "online"), List.of(n2.report()));
        // node2 holds the published table (frozen, owner node1); node1 was fenced and node2 runs nothing
        ServiceRecord r = successor.state().service("opennebula");
        assertThat(r.frozen()).isTrue();
        assertThat(r.owner()).contains("one-server1");
        NodeReport rep = n1.report();
        assertThat(rep.services()).containsEntry("opennebula", NodeReport.LocalState.STARTED);
    }

    @Test
    void aServiceRemovedFromClusterConfIsStoppedWithTheTreeItWasStartedWith() throws Exception {
        coord.viewChanged(view(true, "online", "online"));
        ClusterConf without = ClusterConfParser.parse(CONF.replaceAll("(?s)<service .*</service>", "").replace("config_version=\"17\"", "config_version=\"18\""), "v18");
        n1.setConf(without);
        n2.setConf(without);
        coord.setConf(without);
        assertThat(a1.active).isEmpty();
        assertThat(a1.calls).endsWith("stop script:opennebula", "stop script:sunstone", "stop ip:10.10.11.12");
        assertThat(n1.start("opennebula")).isEqualTo(LocalResourceManager.OpResult.START_FAILED);
    }

    @Test
    void aTargetOutsideARestrictedDomainIsRefusedWithoutStoppingAnything() throws Exception {
        ClusterConf restricted = ClusterConfParser.parse(CONF.replace("restricted=\"0\"", "restricted=\"1\"")
                .replace("<failoverdomainnode name=\"one-server2\" priority=\"2\"/>", ""), "restricted");
        n1.setConf(restricted);
        n2.setConf(restricted);
        coord.setConf(restricted);
        coord.viewChanged(view(true, "online", "online"));
        ServiceRequests admin = coord.requests("test");
        assertThat(admin.relocate("opennebula", Optional.of("one-server2")).error()).isEqualTo(RgError.DOMAIN);
        assertThat(svc().owner()).contains("one-server1");
        assertThat(svc().state()).isEqualTo(ServiceState.STARTED);
        assertThat(admin.disable("opennebula").error()).isEqualTo(RgError.SUCCESS);
        assertThat(admin.enable("opennebula", Optional.of("one-server2")).error()).isEqualTo(RgError.DOMAIN);
        assertThat(a2.calls).isEmpty();
    }
}

package org.nebulaha.rgmanager.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nebulaha.conf.ClusterConfParser;
import org.nebulaha.conf.model.ClusterConf;
import org.nebulaha.rgmanager.agent.IpCommandAddressManager;
import org.nebulaha.rgmanager.agent.ServiceRunner;
import org.nebulaha.rgmanager.agent.SystemProcessRunner;
import org.nebulaha.rgmanager.cli.Clustat;
import org.nebulaha.rgmanager.cli.ClustatSnapshot;
import org.nebulaha.rgmanager.cli.Clusvcadm;
import org.nebulaha.rgmanager.exec.Coordinator;
import org.nebulaha.rgmanager.exec.InProcessNodes;
import org.nebulaha.rgmanager.exec.LocalResourceManager;
import org.nebulaha.rgmanager.exec.PidWatcher;
import org.nebulaha.rgmanager.model.ClusterView;
import org.nebulaha.rgmanager.model.Member;
import org.nebulaha.rgmanager.model.MemberStatus;
import org.nebulaha.rgmanager.model.ServiceRecord;
import org.nebulaha.rgmanager.model.ServiceState;
import org.nebulaha.testkit.Poll;

/**
 * The guide's service (floating IP + two init scripts) on two node namespaces joined by a bridge,
 * watched from a client namespace: placement on the priority-1 node, clusvcadm -r, restart in place
 * after a kill, relocation when max_restarts is used up, loss of the owner (wait for fencing, then
 * take over), and a failed stop that blocks the service. Membership and fencing are driven by hand
 * through the ClusterView the node daemon would supply.
 */
class GuideServiceNamespaceTest {
    static final String VIP = "10.77.60.100";
    @TempDir Path dir;
    Netns net;
    String sw, n1, n2, client;
    ScheduledExecutorService scheduler;
    InProcessNodes nodes = new InProcessNodes();
    LocalResourceManager m1, m2;
    Coordinator coord;
    ClusterConf conf;

    @BeforeEach
    void setUp() throws Exception {
        String why = Netns.unusableBecause();
        Assumptions.assumeTrue(why == null, "skipped: " + why);
        net = new Netns();
        sw = net.add("sw");
        n1 = net.add("n1");
        n2 = net.add("n2");
        client = net.add("cl");
        net.bridge(sw);
        net.link(n1, "eth0", "10.77.60.1/24", sw, "p1", null);
        net.link(n2, "eth0", "10.77.60.2/24", sw, "p2", null);
        net.link(client, "eth0", "10.77.60.3/24", sw, "p3", null);
        for (String p : List.of("p1", "p2", "p3")) net.attach(sw, p);
        Path one = LsbScripts.write(dir, "opennebula");
        Path sun = LsbScripts.write(dir, "opennebula-sunstone");
        conf = ClusterConfParser.parse("""
                <cluster config_version="17" name="opennebula">
                  <cman expected_votes="1" two_node="1"/>
                  <clusternodes><clusternode name="one-server1" nodeid="1"/><clusternode name="one-server2" nodeid="2"/></clusternodes>
                  <rm resource_status_interval="600">
                    <failoverdomains>
                      <failoverdomain name="opennebula" nofailback="1" ordered="1" restricted="0">
                        <failoverdomainnode name="one-server1" priority="1"/><failoverdomainnode name="one-server2" priority="2"/>
                      </failoverdomain>
                    </failoverdomains>
                    <resources>
                      <ip address="%s" sleeptime="0"/>
                      <script file="%s" name="opennebula"/>
                      <script file="%s" name="sunstone"/>
                    </resources>
                    <service domain="opennebula" name="opennebula" recovery="restart" max_restarts="1" restart_expire_time="300">
                      <ip ref="%s"/><script ref="opennebula"/><script ref="sunstone"/>
                    </service>
                  </rm>
                </cluster>
                """.formatted(VIP, one, sun, VIP), "cluster.conf");
        scheduler = Executors.newScheduledThreadPool(3);
        m1 = node("one-server1", n1);
        m2 = node("one-server2", n2);
        coord = new Coordinator(conf, view("online", "online", false), nodes, Clock.systemUTC());
    }

    LocalResourceManager node(String name, String ns) throws Exception {
        Path root = Files.createDirectories(dir.resolve(name));
        SystemProcessRunner runner = new SystemProcessRunner(List.of("ip", "netns", "exec", ns), Map.of("NEBULA_ROOT", root.toString()));
        LocalResourceManager m = new LocalResourceManager(name, conf,
                ServiceRunner.standard(runner, new IpCommandAddressManager(runner), Path.of("/usr/lib/ocf")),
                (node, svc, why) -> scheduler.execute(() -> coord.statusFailed(node, svc, why)), scheduler, Duration.ofMillis(100), root);
        nodes.add(m);
        return m;
    }

    static ClusterView view(String s1, String s2, boolean quorateOnly) {
        return new ClusterView(true, List.of(new Member("one-server1", MemberStatus.fromWord(s1)), new Member("one-server2", MemberStatus.fromWord(s2))));
    }

    @AfterEach
    void tearDown() {
        if (m1 != null) { m1.close(); m2.close(); }
        if (scheduler != null) scheduler.shutdownNow();
        if (net != null) net.close();
    }

    ServiceRecord svc() {
        return coord.state().service("opennebula");
    }

    boolean clientReachesVip() throws Exception {
        return net.in(client, "ping", "-c", "1", "-w", "1", VIP).ok();
    }

    boolean holdsVip(String ns) throws Exception {
        return Netns.out("ip", "-n", ns, "-o", "addr", "show").contains(VIP + "/24");
    }

    long pidOf(String node) {
        return PidWatcher.readPidFile(dir.resolve(node).resolve("var/run/opennebula.pid")).orElse(-1);
    }

    String clustat() {
        return new Clustat(ZoneOffset.UTC).text(ClustatSnapshot.of(conf, coord.state(), "one-server1", Set.of("one-server1", "one-server2"), 1,
                java.time.Instant.now()), Optional.empty(), Optional.empty(), false).text();
    }

    String clusvcadm(int expectedExit, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc = Clusvcadm.run(args, coord.requests("root@test"), new Clusvcadm.Members(List.of("one-server1", "one-server2"),
                List.of("one-server1", "one-server2")), new PrintStream(out, true), System.err);
        assertThat(rc).as(out.toString()).isEqualTo(expectedExit);
        return out.toString();
    }

    @Test
    void theGuidesServiceThroughPlacementRelocationRestartsNodeLossAndAFailedStop() throws Exception {
        // quorum forms: the service starts on the priority-1 node and the client reaches the address
        coord.viewChanged(view("online", "online", false));
        assertThat(svc().owner()).as(clustat()).contains("one-server1");
        assertThat(holdsVip(n1)).isTrue();
        assertThat(clientReachesVip()).isTrue();
        assertThat(clustat()).contains(" service:opennebula             one-server1                    started");

        // clusvcadm -r moves it
        assertThat(clusvcadm(0, "-r", "opennebula", "-m", "one-server2"))
                .isEqualTo("Trying to relocate service:opennebula to one-server2...Success\nservice:opennebula is now running on one-server2\n");
        assertThat(holdsVip(n1)).isFalse();
        assertThat(holdsVip(n2)).isTrue();
        assertThat(clientReachesVip()).isTrue();

        // killing the script's process restarts it in place (max_restarts=1)
        long first = pidOf("one-server2");
        ProcessHandle.of(first).orElseThrow().destroyForcibly();
        Poll.until(Duration.ofSeconds(15), () -> svc().state() == ServiceState.STARTED && svc().restarts().size() == 1
                && pidOf("one-server2") != first && pidOf("one-server2") > 0, this::clustat);
        assertThat(svc().owner()).contains("one-server2");

        // a second kill within restart_expire_time uses up max_restarts: it relocates to one-server1
        long second = pidOf("one-server2");
        ProcessHandle.of(second).orElseThrow().destroyForcibly();
        Poll.until(Duration.ofSeconds(15), () -> svc().state() == ServiceState.STARTED && svc().owner().equals(Optional.of("one-server1")), this::clustat);
        assertThat(holdsVip(n2)).isFalse();
        assertThat(clientReachesVip()).isTrue();

        // one-server1 is lost: nothing moves until it is fenced
        nodes.remove("one-server1");
        Netns.sh("ip", "-n", sw, "link", "set", "p1", "down");
        coord.viewChanged(view("lost", "online", false));
        assertThat(svc().owner()).contains("one-server1");
        assertThat(holdsVip(n2)).isFalse();
        // "fencing": power off one-server1 (every process in it dies, its address goes with it)
        m1.close();
        for (String pid : Netns.out("ip", "netns", "pids", n1).split("\\s+"))
            if (!pid.isBlank()) ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
        Netns.sh("ip", "-n", n1, "addr", "flush", "dev", "eth0");
        coord.viewChanged(view("fenced", "online", false));
        assertThat(svc().owner()).as(clustat()).contains("one-server2");
        assertThat(svc().state()).isEqualTo(ServiceState.STARTED);
        assertThat(clientReachesVip()).isTrue();

        // a stop that fails leaves the service failed; only disable clears it
        Files.writeString(dir.resolve("one-server2/fail-stop-opennebula-sunstone"), "");
        assertThat(clusvcadm(255, "-s", "opennebula")).isEqualTo("Local machine stopping service:opennebula...Failure\n");
        assertThat(svc().state()).isEqualTo(ServiceState.FAILED);
        assertThat(clustat()).contains(" service:opennebula             (one-server2)                  failed");
        assertThat(clusvcadm(248, "-e", "opennebula")).isEqualTo("Local machine trying to enable service:opennebula...Invalid operation for resource\n");
        assertThat(clusvcadm(0, "-d", "opennebula")).isEqualTo("Local machine disabling service:opennebula...Success\n");
        assertThat(svc().state()).isEqualTo(ServiceState.DISABLED);
    }
}

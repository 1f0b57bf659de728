package org.nebulaha.rgmanager.lab;

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

/**
 * Two node namespaces and a client namespace on a bridge (10.77.60.0/24), each node with its own
 * {@link LocalResourceManager} (commands run through {@code ip netns exec}, files under its own
 * root), one {@link Coordinator}, and the guide's service: floating IP 10.77.60.100, scripts
 * opennebula and opennebula-sunstone.
 */
final class TwoNodeLab implements AutoCloseable {
    static final String VIP = "10.77.60.100";
    final Path dir;
    final Netns net = new Netns();
    final String sw, n1, n2, client;
    final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(3);
    final InProcessNodes nodes = new InProcessNodes();
    final ClusterConf conf;
    final LocalResourceManager m1, m2;
    final Coordinator coord;

    /** {@code serviceAttrs} go on the service, {@code rmAttrs} on rm; {@code daemon} is what the opennebula script runs. */
    TwoNodeLab(Path dir, String rmAttrs, String serviceAttrs, String daemon) throws Exception {
        this.dir = dir;
        sw = net.add("sw");
        n1 = net.add("n1");
        n2 = net.add("n2");
        client = net.add("cl");
        net.bridge(sw);
        net.link(n1, "eth0", "10.77.60.1/24", sw, "p1", null);
        net.link(n2, "eth0", "10.77.60.2/24", sw, "p2", null);
        net.link(client, "eth0", "10.77.60.3/24", sw, "p3", null);
        for (String p : List.of("p1", "p2", "p3")) net.attach(sw, p);
        Path one = LsbScripts.write(dir, "opennebula", daemon);
        Path sun = LsbScripts.write(dir, "opennebula-sunstone");
        conf = ClusterConfParser.parse("""
                <cluster config_version="17" name="opennebula">
                  <cman expected_votes="1" two_node="1"/>
                  <clusternodes><clusternode name="one-server1" nodeid="1"/><clusternode name="one-server2" nodeid="2"/></clusternodes>
                  <rm %s>
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
                    <service domain="opennebula" name="opennebula" recovery="restart" %s>
                      <ip ref="%s"/><script ref="opennebula"/><script ref="sunstone"/>
                    </service>
                  </rm>
                </cluster>
                """.formatted(rmAttrs, VIP, one, sun, serviceAttrs, VIP), "cluster.conf");
        m1 = node("one-server1", n1);
        m2 = node("one-server2", n2);
        coord = new Coordinator(conf, view("online", "online"), nodes, Clock.systemUTC());
    }

    private LocalResourceManager node(String name, String ns) throws Exception {
        Path root = Files.createDirectories(dir.resolve(name));
        SystemProcessRunner runner = new SystemProcessRunner(List.of("ip", "netns", "exec", ns), Map.of("NEBULA_ROOT", root.toString()));
        LocalResourceManager m = new LocalResourceManager(name, conf,
                ServiceRunner.standard(runner, new IpCommandAddressManager(runner), Path.of("/usr/lib/ocf")),
                (node, svc, why) -> scheduler.execute(() -> coord.statusFailed(node, svc, why)), scheduler, Duration.ofMillis(100), root);
        nodes.add(m);
        return m;
    }

    static ClusterView view(String s1, String s2) {
        return new ClusterView(true, List.of(new Member("one-server1", MemberStatus.fromWord(s1)), new Member("one-server2", MemberStatus.fromWord(s2))));
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

    /** Runs clusvcadm; returns exit code and output. */
    Object[] clusvcadm(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc = Clusvcadm.run(args, coord.requests("root@test"), new Clusvcadm.Members(List.of("one-server1", "one-server2"),
                List.of("one-server1", "one-server2")), new PrintStream(out, true), System.err);
        return new Object[] {rc, out.toString()};
    }

    @Override
    public void close() {
        m1.close();
        m2.close();
        scheduler.shutdownNow();
        net.close();
    }
}

package org.nebulaha.rgmanager.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nebulaha.conf.model.Resource;
import org.nebulaha.rgmanager.agent.AgentResult;
import org.nebulaha.rgmanager.agent.IpAgent;
import org.nebulaha.rgmanager.agent.IpCommandAddressManager;
import org.nebulaha.rgmanager.agent.SystemProcessRunner;
import org.nebulaha.testkit.Require;

/** The ip agent with the real tools, acting inside a "node" namespace wired to a "peer" namespace. */
class IpAgentNamespaceTest {
    static final Duration T = Duration.ofSeconds(20);
    Netns net;
    String node;
    String peer;
    IpAgent agent;
    final List<Duration> slept = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        String why = Netns.unusableBecause();
        Require.that(why == null, why);
        net = new Netns();
        node = net.add("node");
        peer = net.add("peer");
        net.link(node, "eth0", "10.77.50.1/24", peer, "eth0", "10.77.50.2/24");
        // let the peer learn neighbours from gratuitous ARP, so that we can observe it
        Netns.sh("ip", "netns", "exec", peer, "sysctl", "-qw", "net.ipv4.conf.eth0.arp_accept=1");
        agent = new IpAgent(new IpCommandAddressManager(new SystemProcessRunner(List.of("ip", "netns", "exec", node), Map.of())), slept::add, Runnable::run);
    }

    @AfterEach
    void tearDown() {
        if (net != null) net.close();
    }

    static Resource ip(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
        return new Resource("ip", m, List.of());
    }

    @Test
    void startAddsTheAddressAnnouncesItAndThePeerReachesIt() throws Exception {
        AgentResult r = agent.start(ip("address", "10.77.50.100", "sleeptime", "3"), T);
        assertThat(r.isOk()).as(r.toString()).isTrue();
        assertThat(Netns.out("ip", "-n", node, "-o", "addr", "show", "dev", "eth0")).contains("inet 10.77.50.100/24");
        String mac = Netns.out("ip", "-n", node, "-o", "link", "show", "eth0").replaceAll("(?s).*link/ether (\\S+).*", "$1").strip();
        // the gratuitous ARP put the address into the peer's neighbour table before any traffic
        assertThat(Netns.out("ip", "-n", peer, "neigh", "show", "10.77.50.100")).contains(mac);
        assertThat(net.in(peer, "ping", "-c", "1", "-w", "2", "10.77.50.100").ok()).isTrue();
        assertThat(agent.status(ip("address", "10.77.50.100"), T).isOk()).isTrue();

        AgentResult stop = agent.stop(ip("address", "10.77.50.100", "sleeptime", "3"), T);
        assertThat(stop.isOk()).as(stop.toString()).isTrue();
        assertThat(slept).containsExactly(Duration.ofSeconds(3));
        assertThat(Netns.out("ip", "-n", node, "-o", "addr", "show", "dev", "eth0")).doesNotContain("10.77.50.100");
        assertThat(agent.status(ip("address", "10.77.50.100"), T).code()).isEqualTo(AgentResult.OCF_NOT_RUNNING);
    }

    @Test
    void refusesToStartWhenThePeerAlreadyHoldsTheAddress() throws Exception {
        Netns.sh("ip", "-n", peer, "addr", "add", "10.77.50.100/24", "dev", "eth0");
        AgentResult r = agent.start(ip("address", "10.77.50.100/24"), T);
        assertThat(r.isOk()).isFalse();
        assertThat(r.message()).contains("collision");
        assertThat(Netns.out("ip", "-n", node, "-o", "addr", "show")).doesNotContain("10.77.50.100");
    }

    @Test
    void statusFailsWhenTheLinkGoesDownUnlessMonitorLinkIsOff() throws Exception {
        assertThat(agent.start(ip("address", "10.77.50.100"), T).isOk()).isTrue();
        Netns.sh("ip", "-n", peer, "link", "set", "eth0", "down"); // our side loses carrier
        AgentResult r = agent.status(ip("address", "10.77.50.100"), T);
        assertThat(r.isOk()).isFalse();
        assertThat(r.message()).contains("link of eth0");
        assertThat(agent.status(ip("address", "10.77.50.100", "monitor_link", "0"), T).isOk()).isTrue();
    }

    @Test
    void refusesAnAddressOutsideEverySubnet() {
        AgentResult r = agent.start(ip("address", "192.0.2.10"), T);
        assertThat(r.code()).isEqualTo(AgentResult.OCF_ERR_CONFIGURED);
        assertThat(r.message()).contains("eth0 up 10.77.50.1/24");
    }
}

package org.nebulaha.rgmanager.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nebulaha.conf.model.Resource;

class IpAgentTest {
    final FakeAddressManager net = new FakeAddressManager();
    final List<Duration> slept = new ArrayList<>();
    final IpAgent agent = new IpAgent(net, slept::add, Runnable::run);
    static final Duration T = Duration.ofSeconds(20);

    static Resource ip(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
        return new Resource("ip", m, List.of());
    }

    @Test
    void addsTheAddressToTheInterfaceWhoseSubnetHoldsItThenSendsGratuitousArp() throws Exception {
        net.iface("lo", true, true, "127.0.0.1/8").iface("eth0", true, true, "192.168.1.2/24").iface("eth1", true, true, "10.10.11.2/24");
        AgentResult r = agent.start(ip("address", "10.10.11.12"), T);
        assertThat(r.isOk()).as(r.toString()).isTrue();
        assertThat(net.calls).containsExactly("probe 10.10.11.12 eth1", "add 10.10.11.12/24 eth1", "garp 10.10.11.12 eth1");
    }

    @Test
    void usesThePrefixWrittenInTheAddress() throws Exception {
        net.iface("eth0", true, true, "10.10.0.2/16");
        assertThat(agent.start(ip("address", "10.10.11.12/24"), T).isOk()).isTrue();
        assertThat(net.calls).contains("add 10.10.11.12/24 eth0");
    }

    @Test
    void refusesToStartWhenAnotherHostAnswersAndChangesNothing() throws Exception {
        net.iface("eth0", true, true, "10.10.11.2/24");
        net.othersAnswer.add(InetAddress.getByName("10.10.11.12"));
        AgentResult r = agent.start(ip("address", "10.10.11.12"), T);
        assertThat(r.isOk()).isFalse();
        assertThat(r.message()).contains("collision");
        assertThat(net.calls).containsExactly("probe 10.10.11.12 eth0");
    }

    @Test
    void refusesWhenNoInterfaceHoldsTheSubnetAndSaysWhichExist() throws Exception {
        net.iface("eth0", true, true, "192.168.1.2/24");
        AgentResult r = agent.start(ip("address", "10.10.11.12"), T);
        assertThat(r.code()).isEqualTo(AgentResult.OCF_ERR_CONFIGURED);
        assertThat(r.message()).contains("10.10.11.12").contains("eth0 up 192.168.1.2/24");
    }

    @Test
    void skipsAnInterfaceWithoutLinkWhenMonitorLinkIsOn() throws Exception {
        net.iface("eth0", true, false, "10.10.11.2/24").iface("eth1", true, true, "10.10.11.3/24");
        assertThat(agent.start(ip("address", "10.10.11.12"), T).isOk()).isTrue();
        assertThat(net.calls).contains("add 10.10.11.12/24 eth1");
    }

    @Test
    void startOfAnAddressAlreadyHereDoesNothing() throws Exception {
        net.iface("eth0", true, true, "10.10.11.2/24", "10.10.11.12/24");
        assertThat(agent.start(ip("address", "10.10.11.12"), T).isOk()).isTrue();
        assertThat(net.calls).isEmpty();
    }

    @Test
    void stopRemovesTheAddressAndWaitsTheSleeptimeAsWritten() throws Exception {
        net.iface("eth0", true, true, "10.10.11.2/24", "10.10.11.12/24");
        assertThat(agent.stop(ip("address", "10.10.11.12", "sleeptime", "10"), T).isOk()).isTrue();
        assertThat(net.calls).containsExactly("del 10.10.11.12/24 eth0");
        assertThat(slept).containsExactly(Duration.ofSeconds(10));
    }

    @Test
    void aStopForARestartOnThisNodeRemovesTheAddressWithoutTheSleeptime() throws Exception {
        net.iface("eth0", true, true, "10.10.11.2/24", "10.10.11.12/24");
        AgentResult r = agent.stopForRestart(ip("address", "10.10.11.12", "sleeptime", "10"), T);
        assertThat(r.isOk()).as(r.toString()).isTrue();
        assertThat(net.calls).containsExactly("del 10.10.11.12/24 eth0");
        assertThat(slept).isEmpty();
    }

    @Test
    void aStopCancelsTheAnnouncementOfTheLatestStartEvenWhenAnOlderOneEndsLate() throws Exception {
        net.iface("eth0", true, true, "10.10.11.2/24");
        java.util.concurrent.CountDownLatch inFirst = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        AddressManager slowArp = new AddressManager() {
            public List<NetInterface> interfaces() throws java.io.IOException { return net.interfaces(); }
            public void add(String i, InetAddress a, int p) throws java.io.IOException { net.add(i, a, p); }
            public void delete(String i, InetAddress a, int p) throws java.io.IOException { net.delete(i, a, p); }
            public boolean answers(String i, InetAddress a) throws java.io.IOException { return net.answers(i, a); }
            public void announce(String i, InetAddress a) {
                inFirst.countDown();
                while (true) { // like arping finishing its kill: ends late, whatever the interrupt
                    try {
                        release.await();
                        return;
                    } catch (InterruptedException e) {
                        // keep waiting
                    }
                }
            }
        };
        List<Thread> threads = new ArrayList<>();
        List<Runnable> queued = new ArrayList<>();
        IpAgent a = new IpAgent(slowArp, slept::add, r -> {
            if (threads.isEmpty()) {
                threads.add(new Thread(r));
                threads.get(0).start();
            } else {
                queued.add(r);
            }
        });
        Resource ip = ip("address", "10.10.11.12", "sleeptime", "0");
        assertThat(a.start(ip, T).isOk()).isTrue();
        inFirst.await();
        assertThat(a.stopForRestart(ip, T).isOk()).isTrue();
        assertThat(a.start(ip, T).isOk()).isTrue(); // its announcement waits in the queue
        release.countDown();
        threads.get(0).join(); // the first announcement ends after the second was registered
        assertThat(a.stop(ip, T).isOk()).isTrue();
        assertThat(queued).hasSize(1);
        assertThat(((java.util.concurrent.Future<?>) queued.get(0)).isCancelled()).as("the second announcement was cancelled by the stop").isTrue();
    }

    @Test
    void stopOfAnAbsentAddressSucceedsWithoutWaiting() throws Exception {
        net.iface("eth0", true, true, "10.10.11.2/24");
        assertThat(agent.stop(ip("address", "10.10.11.12"), T).isOk()).isTrue();
        assertThat(slept).isEmpty();
    }

    @Test
    void statusFailsWhenTheLinkGoesDownWithMonitorLinkAndNotWithout() throws Exception {
        net.iface("eth0", true, false, "10.10.11.2/24", "10.10.11.12/24");
        assertThat(agent.status(ip("address", "10.10.11.12"), T).isOk()).isFalse();
        assertThat(agent.status(ip("address", "10.10.11.12", "monitor_link", "0"), T).isOk()).isTrue();
    }

    @Test
    void statusOfAMissingAddressIsNotRunning() throws Exception {
        net.iface("eth0", true, true, "10.10.11.2/24");
        assertThat(agent.status(ip("address", "10.10.11.12"), T).code()).isEqualTo(AgentResult.OCF_NOT_RUNNING);
    }

    @Test
    void handlesIpv6() throws Exception {
        net.iface("eth0", true, true, "fd00::2/64");
        assertThat(agent.start(ip("address", "fd00::12"), T).isOk()).isTrue();
        assertThat(net.calls).contains("add fd00:0:0:0:0:0:0:12/64 eth0");
    }
}

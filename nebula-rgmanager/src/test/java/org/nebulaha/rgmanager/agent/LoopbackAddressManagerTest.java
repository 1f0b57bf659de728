package org.nebulaha.rgmanager.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nebulaha.conf.model.Resource;

class LoopbackAddressManagerTest {
    static final Duration T = Duration.ofSeconds(20);
    @TempDir
    Path dir;
    /** Pids whose "process" runs, for the managers below (the real check is ProcessHandle). */
    final Set<Long> running = new HashSet<>(Set.of(101L, 102L));

    LoopbackAddressManager node(String name, long pid) {
        return new LoopbackAddressManager(dir.resolve("floating"), name, pid, 5000 + pid, h -> running.contains(h.pid()));
    }

    IpAgent agent(LoopbackAddressManager m) {
        return new IpAgent(m, d -> {}, Runnable::run);
    }

    static Resource ip(String address) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("address", address);
        m.put("sleeptime", "0");
        return new Resource("ip", m, List.of());
    }

    @Test
    void theIpAgentHoldsALoopbackAddressByRecordingItAndOnlyOneLiveNodeHoldsIt() throws Exception {
        IpAgent one = agent(node("one-server1", 101));
        IpAgent two = agent(node("one-server2", 102));
        Resource floating = ip("127.10.11.12");

        assertThat(one.status(floating, T).code()).isEqualTo(AgentResult.OCF_NOT_RUNNING);
        AgentResult started = one.start(floating, T);
        assertThat(started.isOk()).as(started.toString()).isTrue();
        assertThat(one.status(floating, T).isOk()).isTrue();
        assertThat(Files.readString(dir.resolve("floating"))).contains("127.10.11.12/8 one-server1 101 5101");

        AgentResult refused = two.start(floating, T);
        assertThat(refused.isOk()).isFalse();
        assertThat(refused.message()).contains("collision");
        assertThat(two.status(floating, T).code()).isEqualTo(AgentResult.OCF_NOT_RUNNING);

        // one-server1 loses power: its daemon's process is gone, so it holds nothing any more.
        running.remove(101L);
        AgentResult taken = two.start(floating, T);
        assertThat(taken.isOk()).as(taken.toString()).isTrue();
        assertThat(Files.readString(dir.resolve("floating"))).contains("127.10.11.12/8 one-server2 102").doesNotContain("one-server1");

        assertThat(two.stop(floating, T).isOk()).isTrue();
        assertThat(two.status(floating, T).code()).isEqualTo(AgentResult.OCF_NOT_RUNNING);
        assertThat(Files.readString(dir.resolve("floating"))).doesNotContain("127.10.11.12");
    }

    @Test
    void aStopReleasesOnlyWhatThisNodeHolds() throws Exception {
        LoopbackAddressManager one = node("one-server1", 101);
        one.add("lo", InetAddress.getByName("127.10.11.12"), 8);
        node("one-server2", 102).delete("lo", InetAddress.getByName("127.10.11.12"), 8);
        assertThat(one.interfaces().get(0).addresses()).extracting(a -> a.address().getHostAddress()).contains("127.10.11.12");
        assertThat(node("one-server2", 102).answers("lo", InetAddress.getByName("127.10.11.12"))).isTrue();
        assertThat(one.answers("lo", InetAddress.getByName("127.10.11.12"))).isFalse();
    }

    @Test
    void aPidReusedByAnotherProcessIsNotTheHolder() throws Exception {
        LoopbackAddressManager.Holder h = new LoopbackAddressManager.Holder(InetAddress.getByName("127.10.11.12"), 8, "one-server1",
                ProcessHandle.current().pid(), LoopbackAddressManager.startMillis(ProcessHandle.current()) - 60_000);
        assertThat(LoopbackAddressManager.processRuns(h)).isFalse();
        assertThat(LoopbackAddressManager.processRuns(new LoopbackAddressManager.Holder(h.address(), 8, "one-server1",
                ProcessHandle.current().pid(), LoopbackAddressManager.startMillis(ProcessHandle.current())))).isTrue();
    }

    @Test
    void onlyLoopbackAddressesCanBeHeld() {
        assertThatThrownBy(() -> node("one-server1", 101).add("lo", InetAddress.getByName("10.10.11.12"), 24))
                .isInstanceOf(IOException.class).hasMessageContaining("10.10.11.12 is not an IPv4 loopback address");
    }

    @Test
    void aMalformedTableIsAnErrorThatNamesFileAndLineAndChangesNothing() throws Exception {
        Path f = dir.resolve("floating");
        Files.writeString(f, "# comment\n127.10.11.12/8 one-server1 notapid 1\n");
        assertThatThrownBy(() -> node("one-server2", 102).add("lo", InetAddress.getByName("127.10.11.12"), 8))
                .isInstanceOf(IOException.class).hasMessageContaining(f + ":2:").hasMessageContaining("notapid");
        assertThat(Files.readString(f)).contains("notapid");
        assertThat(agent(node("one-server2", 102)).start(ip("127.10.11.12"), T).isOk()).isFalse();
    }

    @Test
    void parseAndClaimAsATable() throws Exception {
        InetAddress a = InetAddress.getByName("127.10.11.12");
        LoopbackAddressManager.Holder dead = new LoopbackAddressManager.Holder(a, 8, "one-server1", 7, 1);
        LoopbackAddressManager.Holder other = new LoopbackAddressManager.Holder(InetAddress.getByName("127.10.11.13"), 8, "one-server1", 7, 1);
        LoopbackAddressManager.Holder me = new LoopbackAddressManager.Holder(a, 8, "one-server2", 8, 2);
        List<LoopbackAddressManager.Holder> table = LoopbackAddressManager.parse(
                List.of(LoopbackAddressManager.format(List.of(dead, other)).split("\n")), "t");
        assertThat(table).containsExactly(dead, other);
        // stale holder of the same address: replaced; other addresses: kept
        assertThat(LoopbackAddressManager.claim(table, me, h -> false)).containsExactly(other, me);
        // live holder: refused, naming it
        assertThatThrownBy(() -> LoopbackAddressManager.claim(table, me, h -> true)).hasMessageContaining("held by one-server1 (pid 7)");
        // claiming again what it holds already: one entry
        assertThat(LoopbackAddressManager.claim(List.of(me), me, h -> true)).containsExactly(me);
    }
}

package org.nebulaha.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nebulaha.testkit.Poll;
import org.nebulaha.testkit.Require;

/**
 * A network partition: the three nodes run in a private network namespace, each on its own
 * loopback address (127.0.0.1-3). Policy rules that blackhole everything from and to 127.0.0.3 cut
 * n3 off silently (no reset, like a pulled cable); deleting them heals the network.
 */
class PartitionTest {
    static final List<String> ALL = List.of("n1", "n2", "n3");
    @TempDir
    Path dir;
    LabCluster lab;
    String netns;

    @BeforeEach
    void namespace() throws Exception {
        Require.root();
        Require.tool("ip", "iproute2");
        netns = "nebula-part-" + ProcessHandle.current().pid();
        ip("netns", "add", netns);
        inNs("ip", "link", "set", "lo", "up");
        // blackhole rules must come before the local table, which normally sits at priority 0
        inNs("ip", "rule", "add", "pref", "100", "lookup", "local");
        inNs("ip", "rule", "del", "pref", "0");
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (lab != null) lab.close();
        ip("netns", "del", netns);
    }

    void isolate(String address) throws Exception {
        inNs("ip", "rule", "add", "pref", "10", "from", address, "blackhole");
        inNs("ip", "rule", "add", "pref", "11", "to", address, "blackhole");
    }

    void heal() throws Exception {
        inNs("ip", "rule", "del", "pref", "10");
        inNs("ip", "rule", "del", "pref", "11");
    }

    void inNs(String... cmd) throws Exception {
        List<String> c = new ArrayList<>(List.of("netns", "exec", netns));
        c.addAll(List.of(cmd));
        ip(c.toArray(String[]::new));
    }

    static void ip(String... args) throws Exception {
        List<String> c = new ArrayList<>(List.of("ip"));
        c.addAll(List.of(args));
        Process p = new ProcessBuilder(c).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) throw new IOException(String.join(" ", c) + " failed: " + out);
    }

    @Test
    void theIsolatedNodeLosesQuorumAndEveryoneRegainsItOnHeal() throws Exception {
        lab = new LabCluster(dir, 3, netns);
        lab.writeConfAll(lab.conf(1, "", 1000));
        lab.startAll();
        lab.awaitMembers(Duration.ofSeconds(30), ALL, ALL);

        isolate("127.0.0.3");
        lab.awaitMembers(Duration.ofSeconds(10), List.of("n1", "n2"), List.of("n1", "n2"));
        Poll.until(Duration.ofSeconds(10), () -> lab.members("n3").equals(List.of("n3")), lab::describe);
        assertThat(lab.quorate("n1")).isTrue();
        assertThat(lab.quorate("n2")).isTrue();
        assertThat(lab.status("n3")).containsEntry("quorate", "0").containsEntry("total_votes", "1").containsEntry("quorum", "2");
        assertThat(lab.history("n3")).anyMatch(l -> l.contains(" inquorate 1 3 2"));

        heal();
        lab.awaitMembers(Duration.ofSeconds(30), ALL, ALL);
        Poll.until(Duration.ofSeconds(5), () -> ALL.stream().allMatch(lab::quorate), lab::describe);
        assertThat(lab.history("n3")).last().satisfies(l -> assertThat(l).contains(" quorate 3 3 2"));
    }
}

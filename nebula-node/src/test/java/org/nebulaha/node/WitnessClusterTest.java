package org.nebulaha.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nebulaha.conf.ricci.Certificates;
import org.nebulaha.membership.jgroups.ClusterKey;
import org.nebulaha.membership.witness.WitnessServer;
import org.nebulaha.testkit.Poll;

/**
 * Two real node daemons and the quorum witness (in this JVM) on loopback: the witness's vote keeps
 * the survivor of a hung node quorate without a gap, the hung node finds itself inquorate when it
 * resumes, and losing the witness keeps two nodes running while a lone node without it stops.
 */
class WitnessClusterTest {
    static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;
    LabCluster lab;
    WitnessServer witness;
    int witnessPort;

    @BeforeEach
    void clusterWithWitness() throws Exception {
        lab = new LabCluster(dir, 2, null);
        try (var s = new java.net.ServerSocket(0)) {
            witnessPort = s.getLocalPort();
        }
        Files.writeString(dir.resolve("hosts"), "witness 127.0.0.1\n", StandardOpenOption.APPEND);
        Certificates.ensure(dir.resolve("witness.p12"), "nebula-witness");
        startWitness();
        String conf = lab.conf(1, "expected_votes=\"3\"", 0)
                .replace("  <fencedevices/>", "  <quorumd host=\"witness\" port=\"" + witnessPort + "\" timeout=\"1000\"/>\n  <fencedevices/>");
        lab.writeConfAll(conf);
        lab.startAll();
        lab.awaitMembers(WAIT, List.of("n1", "n2"), List.of("n1", "n2"));
        Poll.until(WAIT, () -> "3".equals(lab.status("n1").get("total_votes")) && "3".equals(lab.status("n2").get("total_votes")),
                lab::describe);
    }

    void startWitness() throws Exception {
        witness = new WitnessServer(Certificates.context(dir.resolve("witness.p12")), "127.0.0.1", witnessPort,
                ClusterKey.load(dir.resolve("cluster.key")).witnessKey());
    }

    static String tail(Path log) {
        try {
            List<String> l = Files.readAllLines(log);
            return String.join("\n", l.subList(Math.max(0, l.size() - 25), l.size()));
        } catch (java.io.IOException e) {
            return "(no log)";
        }
    }

    @AfterEach
    void stopAll() {
        if (lab != null) lab.close();
        if (witness != null) witness.close();
    }

    @Test
    void theSurvivorOfAHungNodeKeepsQuorumAndTheHungNodeResumesInquorate() throws Exception {
        assertThat(lab.status("n1")).containsEntry("witness_votes", "1").containsEntry("flags", "Quorate Qdevice");
        int before = lab.history("n2").size();
        int n1Before = lab.history("n1").size();
        lab.signal("n1", "STOP");
        // (no lab.describe() while n1 is stopped: it would wait for n1's answer)
        Poll.until(WAIT, () -> lab.members("n2").equals(List.of("n2")) && "2".equals(lab.status("n2").get("total_votes")),
                () -> "n2: " + lab.status("n2") + "\n" + tail(lab.log("n2")));
        assertThat(lab.status("n2")).containsEntry("quorate", "1").containsEntry("witness_votes", "1");
        List<String> after = lab.history("n2");
        assertThat(after.subList(before, after.size())).as("n2 waited for the witness: no gap in quorum\n" + tail(lab.log("n2")))
                .noneMatch(l -> l.contains(" inquorate "));

        lab.signal("n1", "CONT");
        Poll.until(WAIT, () -> {
            List<String> h = lab.history("n1");
            return h.size() > n1Before && h.subList(n1Before, h.size()).stream().anyMatch(l -> l.contains(" inquorate "));
        }, lab::describe);
        assertThat(Files.readString(lab.log("n1"))).contains("stood still");
        // it merges back (nothing fenced it here) and the vote follows the whole cluster
        lab.awaitMembers(WAIT, List.of("n1", "n2"), List.of("n1", "n2"));
        Poll.until(WAIT, () -> lab.quorate("n1") && lab.quorate("n2") && "3".equals(lab.status("n1").get("total_votes")), lab::describe);
    }

    @Test
    void losingTheWitnessKeepsBothNodesAndALoneNodeWithoutItStops() throws Exception {
        int h1 = lab.history("n1").size();
        witness.close();
        Poll.until(WAIT, () -> "2".equals(lab.status("n1").get("total_votes")) && "2".equals(lab.status("n2").get("total_votes")),
                lab::describe);
        assertThat(lab.quorate("n1")).isTrue();
        assertThat(lab.quorate("n2")).isTrue();
        assertThat(lab.status("n1").get("witness")).startsWith("lost");
        List<String> h = lab.history("n1");
        assertThat(h.subList(h1, h.size())).noneMatch(l -> l.contains(" inquorate "));

        lab.processes.get("n2").destroyForcibly();
        lab.awaitMembers(WAIT, List.of("n1"), List.of("n1"));
        Poll.until(WAIT, () -> "0".equals(lab.status("n1").get("quorate")), lab::describe);
        assertThat(lab.status("n1").get("quorum_reason")).contains("inquorate: votes 1");

        startWitness(); // the witness returns: the lone node gets its vote
        Poll.until(WAIT, () -> lab.quorate("n1"), lab::describe);
        assertThat(lab.status("n1")).containsEntry("total_votes", "2").containsEntry("witness_votes", "1");
    }
}

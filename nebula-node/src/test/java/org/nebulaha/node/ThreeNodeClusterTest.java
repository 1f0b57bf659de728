package org.nebulaha.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nebulaha.node.cli.CmanTool;

/** Three real node daemons on loopback: forming, crash, hang, clean leave. */
class ThreeNodeClusterTest {
    static final List<String> ALL = List.of("n1", "n2", "n3");
    @TempDir
    Path dir;
    LabCluster lab;

    @AfterEach
    void stopAll() {
        if (lab != null) lab.close();
    }

    LabCluster cluster(int tokenMs) throws Exception {
        lab = new LabCluster(dir, 3, null);
        lab.writeConfAll(lab.conf(1, "", tokenMs));
        lab.startAll();
        lab.awaitMembers(Duration.ofSeconds(30), ALL, ALL);
        return lab;
    }

    @Test
    void threeNodesFormAClusterAndEveryMemberKnowsEveryOther() throws Exception {
        cluster(0);
        for (String n : ALL) {
            Map<String, String> s = lab.status(n);
            assertThat(s).containsEntry("quorate", "1").containsEntry("nodes", "3").containsEntry("expected_votes", "3")
                    .containsEntry("quorum", "2").containsEntry("node_name", n).containsEntry("token_ms", "1000");
            // nodeid, status, incarnation (first start), join time, name
            assertThat(lab.api(n).call("nodes").body()).extracting(l -> l.split("\t"))
                    .allSatisfy(c -> {
                        assertThat(c[1]).isEqualTo("M");
                        assertThat(c[2]).isEqualTo("1");
                        assertThat(Long.parseLong(c[3])).isPositive();
                    })
                    .extracting(c -> c[0] + ":" + c[4]).containsExactly("1:n1", "2:n2", "3:n3");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc = new CmanTool(lab.api("n2"), new PrintStream(out, true), System.err).run(List.of("status"));
        assertThat(rc).isZero();
        assertThat(out.toString()).contains("Cluster Name: lab\n", "Nodes: 3\n", "Expected votes: 3\n", "Total votes: 3\n",
                "Quorum: 2  \n", "Flags: Quorate \n", "Node name: n2\n", "Node ID: 2\n", "Membership state: Cluster-Member\n");
    }

    @Test
    void aProcessKilledWith9IsSeenAtOnceThroughItsClosedSockets() throws Exception {
        // formed at token 1000 ms, then raised live to 20 s: heartbeats now need 12 s to suspect, more
        // than the 10 s we wait, so only the closed socket (FD_SOCK2) can remove n3 in time. No timed
        // assertion: DetectionBenchmark prints the figures.
        cluster(1000);
        lab.writeConfAll(lab.conf(2, "", 20_000));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertThat(new CmanTool(lab.api("n1"), new PrintStream(new ByteArrayOutputStream(), true), new PrintStream(err, true))
                .run(List.of("version", "-r"))).as(err.toString()).isZero();
        for (String n : ALL) assertThat(lab.api(n).call("totem").fields()).as(n).containsEntry("fd_all3.timeout", "12000");
        long t0 = System.currentTimeMillis();
        lab.processes.get("n3").destroyForcibly();
        lab.awaitMembers(Duration.ofSeconds(10), List.of("n1", "n2"), List.of("n1", "n2"));
        long ms = Math.max(lossTime("n1", "n3"), lossTime("n2", "n3")) - t0;
        System.out.println("kill -9 seen by n1 and n2 after " + ms + " ms (token 20000 ms)");
        assertThat(lab.history("n1")).anyMatch(l -> l.contains(" failed n3 3 1"));
        assertThat(lab.quorate("n1")).isTrue();
    }

    @Test
    void aStoppedProcessIsSeenWithinTheToken() throws Exception {
        cluster(1000);
        long t0 = System.currentTimeMillis();
        lab.signal("n3", "STOP");
        lab.awaitMembers(Duration.ofSeconds(10), List.of("n1", "n2"), List.of("n1", "n2"));
        // the survivors' own record of the loss, not our polling, gives the time
        long ms = Math.max(lossTime("n1", "n3"), lossTime("n2", "n3")) - t0;
        System.out.println("SIGSTOP seen by n1 and n2 after " + ms + " ms (token 1000 ms)");
        assertThat(lab.history("n2")).anyMatch(l -> l.contains(" failed n3 3 1"));
        // the figure against the design bound (0.9 x token) is DetectionBenchmark's job, not a timed assertion here
    }

    long lossTime(String observer, String lost) {
        return lab.history(observer).stream().map(l -> l.split(" ")).filter(w -> w[1].equals("failed") && w[2].equals(lost))
                .mapToLong(w -> Long.parseLong(w[0])).max().orElseThrow(() -> new AssertionError(observer + " did not record " + lost + " as failed"));
    }

    @Test
    void aCleanLeaveAndSigtermAreReportedAsLeavesNotFailures() throws Exception {
        cluster(0);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = new CmanTool(lab.api("n3"), System.out, new PrintStream(err, true)).run(List.of("leave"));
        assertThat(rc).as(err.toString()).isZero();
        assertThat(lab.processes.get("n3").waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(lab.processes.get("n3").exitValue()).isZero();
        lab.awaitMembers(Duration.ofSeconds(10), List.of("n1", "n2"), List.of("n1", "n2"));

        lab.processes.get("n2").destroy(); // SIGTERM
        assertThat(lab.processes.get("n2").waitFor(10, TimeUnit.SECONDS)).isTrue();
        lab.awaitMembers(Duration.ofSeconds(10), List.of("n1"), List.of("n1"));

        assertThat(lab.history("n1")).anyMatch(l -> l.contains(" left n3 3 1")).anyMatch(l -> l.contains(" left n2 2 1"))
                .noneMatch(l -> l.contains(" failed "));
        assertThat(lab.quorate("n1")).as("one of three votes").isFalse();
        assertThat(lab.root("n2").resolve("var/run/cluster/nebula.sock")).doesNotExist();
    }

    @Test
    void aRestartedNodeComesBackWithTheNextIncarnation() throws Exception {
        cluster(0);
        lab.processes.get("n2").destroy();
        lab.processes.get("n2").waitFor(10, TimeUnit.SECONDS);
        lab.awaitMembers(Duration.ofSeconds(10), List.of("n1"), List.of("n1", "n3"));
        lab.start("n2");
        lab.awaitMembers(Duration.ofSeconds(20), ALL, ALL);
        assertThat(lab.api("n1").call("nodes").body()).anyMatch(l -> l.startsWith("2\tM\t2\t"));
    }
}

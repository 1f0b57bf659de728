package org.nebulaha.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nebulaha.node.api.ApiResponse;
import org.nebulaha.node.cli.CmanTool;

/** cman_tool version -r: a new cluster.conf activated on all members, token changed live. */
class ConfigReloadTest {
    @TempDir
    Path dir;
    LabCluster lab;

    @AfterEach
    void stopAll() {
        if (lab != null) lab.close();
    }

    int cmanTool(String node, ByteArrayOutputStream err, String... args) {
        return new CmanTool(lab.api(node), new PrintStream(new ByteArrayOutputStream(), true), new PrintStream(err, true)).run(List.of(args));
    }

    @Test
    void reloadChangesTheTokenLiveOnEveryMember() throws Exception {
        lab = new LabCluster(dir, 2, null);
        lab.writeConfAll(lab.conf(1, "", 1000));
        lab.startAll();
        lab.awaitMembers(Duration.ofSeconds(20), List.of("n1", "n2"), List.of("n1", "n2"));
        assertThat(lab.api("n2").call("totem").fields()).containsEntry("fd_all3.timeout", "600");

        // the new file exists on n1 only: version -r sends it along
        lab.writeConf("n1", lab.conf(2, "", 4000));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertThat(cmanTool("n1", err, "version", "-r")).as(err.toString()).isZero();

        for (String n : List.of("n1", "n2")) {
            ApiResponse totem = lab.api(n).call("totem");
            assertThat(totem.fields()).as(n).containsEntry("token_ms", "4000").containsEntry("fd_all3.timeout", "2400")
                    .containsEntry("fd_all3.interval", "400").containsEntry("verify_suspect2.timeout", "400");
            assertThat(lab.status(n)).containsEntry("config_version", "2");
        }
        assertThat(Files.readString(lab.root("n2").resolve("etc/cluster/cluster.conf"))).contains("config_version=\"2\"", "token=\"4000\"");

        // the running protocols use it: a hung n2 is not removed before the new heartbeat timeout
        // (2400 ms, less one 400 ms heartbeat period), where the old token would have removed it within 900 ms
        lab.signal("n2", "STOP");
        long t0 = System.nanoTime();
        lab.awaitMembers(Duration.ofSeconds(15), List.of("n1"), List.of("n1"));
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        System.out.println("after reload to token 4000 ms, SIGSTOP seen after " + ms + " ms");
        assertThat(ms).isGreaterThanOrEqualTo(2000);
    }

    @Test
    void reloadRefusesAFileThatIsNotNewerAndChangesNothing() throws Exception {
        lab = new LabCluster(dir, 2, null);
        lab.writeConfAll(lab.conf(5, "", 1000));
        lab.startAll();
        lab.awaitMembers(Duration.ofSeconds(20), List.of("n1", "n2"), List.of("n1", "n2"));
        lab.writeConf("n1", lab.conf(5, "", 3000));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertThat(cmanTool("n1", err, "version", "-r")).isEqualTo(1);
        assertThat(err.toString()).contains("config_version 5 is not newer than the running 5");

        lab.writeConf("n1", "<cluster name=\"lab\" config_version=\"6\"><clusternodes><clusternode name=\"n1\"/></clusternodes></cluster>");
        err.reset();
        assertThat(cmanTool("n1", err, "version", "-r")).isEqualTo(1);
        assertThat(err.toString()).contains("cluster.conf");
        assertThat(lab.api("n1").call("totem").fields()).containsEntry("token_ms", "1000");
        assertThat(lab.status("n2")).containsEntry("config_version", "5");
    }

    String fencedVersion(String node) {
        try {
            return lab.api(node).call("fence_status").message();
        } catch (Exception e) {
            return e.toString();
        }
    }

    /** fenced takes an activated version as membership does; a version any part would refuse is refused for all. */
    @Test
    void fencedWorksWithTheActivatedVersionAndABadValueChangesNothingAnywhere() throws Exception {
        lab = new LabCluster(dir, 2, null);
        lab.writeConfAll(lab.conf(1, "", 1000));
        lab.startAll();
        lab.awaitMembers(Duration.ofSeconds(20), List.of("n1", "n2"), List.of("n1", "n2"));
        for (String n : List.of("n1", "n2")) assertThat(lab.api(n).call("fence_status").message()).as(n).isEqualTo("config_version 1");

        lab.writeConf("n1", lab.conf(2, "", 1000).replace("<fence_daemon/>", "<fence_daemon post_fail_delay=\"3\"/>"));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertThat(cmanTool("n1", err, "version", "-r")).as(err.toString()).isZero();
        for (String n : List.of("n1", "n2")) {
            assertThat(lab.status(n)).as(n).containsEntry("config_version", "2");
            org.nebulaha.testkit.Poll.until(Duration.ofSeconds(5), () -> fencedVersion(n).equals("config_version 2"),
                    () -> n + ": " + fencedVersion(n));
        }

        // race_delay="-4" passed every check but fenced's before: now the file is refused with its location
        lab.writeConf("n1", lab.conf(3, "", 1000).replace("<fence_daemon/>", "<fence_daemon race_delay=\"-4\"/>"));
        err.reset();
        assertThat(cmanTool("n1", err, "version", "-r")).isEqualTo(1);
        assertThat(err.toString()).containsPattern("cluster.conf:3:\\d+: <fence_daemon>: race_delay must be at least 0, not -4");
        for (String n : List.of("n1", "n2")) {
            assertThat(lab.status(n)).as(n).containsEntry("config_version", "2");
            assertThat(lab.api(n).call("fence_status").message()).as(n).isEqualTo("config_version 2");
        }
    }
}

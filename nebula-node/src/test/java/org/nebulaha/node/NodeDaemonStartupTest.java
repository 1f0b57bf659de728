package org.nebulaha.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nebulaha.node.daemon.NodeDaemon;
import org.nebulaha.testkit.JavaProcess;

/** Bad input at start and on the wire: a clear refusal, and a running daemon is never taken down. */
class NodeDaemonStartupTest {
    @TempDir
    Path dir;
    LabCluster lab;

    @AfterEach
    void stopAll() {
        if (lab != null) lab.close();
    }

    JavaProcess.Result runDaemon(String node) throws Exception {
        return runDaemon(node, node);
    }

    /** Runs a daemon on {@code host}'s root calling itself {@code name}. */
    JavaProcess.Result runDaemon(String host, String name) throws Exception {
        return JavaProcess.run(NodeDaemon.class, List.of("-f", "-n", name), lab.env(host), null);
    }

    @Test
    void refusesToStartWithoutAUsableClusterConf() throws Exception {
        lab = new LabCluster(dir, 2, null);
        JavaProcess.Result missing = runDaemon("n1");
        assertThat(missing.exitCode()).as(missing.toString()).isEqualTo(1);
        assertThat(missing.stderr()).contains("cluster.conf").contains("cannot read");

        lab.writeConfAll(lab.conf(1, "", 0));
        JavaProcess.Result stranger = runDaemon("n1", "n9");
        assertThat(stranger.exitCode()).isEqualTo(1);
        assertThat(stranger.stderr()).contains("'n9' is not a <clusternode>");

        lab.writeConf("n1", lab.conf(1, "two_node=\"1\"", 0).replace("</clusternodes>",
                "<clusternode name=\"n3\" nodeid=\"3\"/></clusternodes>"));
        JavaProcess.Result twoNode = runDaemon("n1");
        assertThat(twoNode.exitCode()).isEqualTo(1);
        assertThat(twoNode.stderr()).contains("two_node");
        assertThat(lab.root("n1").resolve("var/lib/cluster/incarnation")).doesNotExist();
    }

    @Test
    void keygenWritesAKeyOnceAndRefusesToReplaceIt() throws Exception {
        Path key = dir.resolve("new.key");
        JavaProcess.Result first = JavaProcess.run(NodeDaemon.class, List.of("--keygen", key.toString()), java.util.Map.of(), null);
        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(Files.size(key)).isEqualTo(128);
        assertThat(Files.getPosixFilePermissions(key)).containsExactly(java.nio.file.attribute.PosixFilePermission.OWNER_READ);
        byte[] content = Files.readAllBytes(key);
        JavaProcess.Result second = JavaProcess.run(NodeDaemon.class, List.of("--keygen", key.toString()), java.util.Map.of(), null);
        assertThat(second.exitCode()).isEqualTo(1);
        assertThat(second.stderr()).contains("already exists");
        assertThat(Files.readAllBytes(key)).isEqualTo(content);
    }

    @Test
    void aSecondDaemonOnTheSameNodeIsRefused() throws Exception {
        lab = new LabCluster(dir, 2, null);
        lab.writeConfAll(lab.conf(1, "", 0));
        lab.start("n1");
        lab.awaitMembers(Duration.ofSeconds(20), List.of("n1"), List.of("n1"));
        JavaProcess.Result second = runDaemon("n1");
        assertThat(second.exitCode()).as(second.toString()).isEqualTo(3);
        assertThat(second.stderr()).contains("another node daemon already answers");
        assertThat(lab.members("n1")).containsExactly("n1");
    }

    @Test
    void garbageOnTheClusterPortsChangesNothing() throws Exception {
        lab = new LabCluster(dir, 2, null);
        lab.writeConfAll(lab.conf(1, "", 0));
        lab.startAll();
        lab.awaitMembers(Duration.ofSeconds(20), List.of("n1", "n2"), List.of("n1", "n2"));
        int port = Integer.parseInt(Files.readAllLines(dir.resolve("hosts")).stream().filter(l -> l.startsWith("n1 "))
                .findFirst().orElseThrow().replaceAll(".*cluster=", ""));
        SecureRandom rnd = new SecureRandom();
        for (int p : List.of(port, port + 1)) {
            for (int i = 0; i < 5; i++) {
                byte[] junk = new byte[1 + rnd.nextInt(4096)];
                rnd.nextBytes(junk);
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress("127.0.0.1", p), 2000);
                    OutputStream out = s.getOutputStream();
                    out.write(junk);
                    out.flush();
                } catch (java.io.IOException closedByPeer) {
                    // the daemon may drop the connection at once: that is fine
                }
            }
        }
        // still one cluster of two, nobody lost, the daemon answers
        lab.awaitMembers(Duration.ofSeconds(5), List.of("n1", "n2"), List.of("n1", "n2"));
        assertThat(lab.history("n2")).noneMatch(l -> l.contains(" failed ") || l.contains(" left "));
        assertThat(lab.processes.get("n1").isAlive()).isTrue();
    }
}

package org.nebulaha.rgmanager.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nebulaha.rgmanager.exec.Coordinator;
import org.nebulaha.rgmanager.model.ServiceRecord;
import org.nebulaha.rgmanager.model.ServiceState;
import org.nebulaha.testkit.Poll;
import org.nebulaha.testkit.Require;

/**
 * The guide's service (floating IP + two init scripts) on two node namespaces joined by a bridge,
 * watched from a client namespace: placement on the priority-1 node, clusvcadm -r, restart in place
 * after a kill, relocation when max_restarts is used up, loss of the owner (wait for fencing, then
 * take over), and a failed stop that blocks the service. Membership and fencing are driven by hand
 * through the ClusterView the node daemon would supply.
 */
class GuideServiceNamespaceTest {
    static final String VIP = TwoNodeLab.VIP;
    @TempDir Path dir;
    TwoNodeLab lab;

    @BeforeEach
    void setUp() throws Exception {
        String why = Netns.unusableBecause();
        Require.that(why == null, why);
        // status every 10 minutes: kills are seen through the pid watch
        lab = new TwoNodeLab(dir, "resource_status_interval=\"600\"", "max_restarts=\"1\" restart_expire_time=\"300\"", "sleep 100000");
    }

    @AfterEach
    void tearDown() {
        if (lab != null) lab.close();
    }

    ServiceRecord svc() {
        return lab.svc();
    }

    String clustat() {
        return lab.clustat();
    }

    String clusvcadm(int expectedExit, String... args) {
        Object[] r = lab.clusvcadm(args);
        assertThat((int) r[0]).as((String) r[1]).isEqualTo(expectedExit);
        return (String) r[1];
    }

    @Test
    void theGuidesServiceThroughPlacementRelocationRestartsNodeLossAndAFailedStop() throws Exception {
        Coordinator coord = lab.coord;
        String n1 = lab.n1, n2 = lab.n2, sw = lab.sw;
        // quorum forms: the service starts on the priority-1 node and the client reaches the address
        coord.viewChanged(TwoNodeLab.view("online", "online"));
        assertThat(svc().owner()).as(clustat()).contains("one-server1");
        assertThat(lab.holdsVip(n1)).isTrue();
        assertThat(lab.clientReachesVip()).isTrue();
        assertThat(clustat()).contains(" service:opennebula             one-server1                    started");

        // clusvcadm -r moves it
        assertThat(clusvcadm(0, "-r", "opennebula", "-m", "one-server2"))
                .isEqualTo("Trying to relocate service:opennebula to one-server2...Success\nservice:opennebula is now running on one-server2\n");
        assertThat(lab.holdsVip(n1)).isFalse();
        assertThat(lab.holdsVip(n2)).isTrue();
        assertThat(lab.clientReachesVip()).isTrue();

        // killing the script's process restarts it in place (max_restarts=1)
        long first = lab.pidOf("one-server2");
        ProcessHandle.of(first).orElseThrow().destroyForcibly();
        Poll.until(Duration.ofSeconds(15), () -> svc().state() == ServiceState.STARTED && svc().restarts().size() == 1
                && lab.pidOf("one-server2") != first && lab.pidOf("one-server2") > 0, this::clustat);
        assertThat(svc().owner()).contains("one-server2");

        // a second kill within restart_expire_time uses up max_restarts: it relocates to one-server1
        long second = lab.pidOf("one-server2");
        ProcessHandle.of(second).orElseThrow().destroyForcibly();
        Poll.until(Duration.ofSeconds(15), () -> svc().state() == ServiceState.STARTED && svc().owner().equals(Optional.of("one-server1")), this::clustat);
        assertThat(lab.holdsVip(n2)).isFalse();
        assertThat(lab.clientReachesVip()).isTrue();

        // one-server1 is lost: nothing moves until it is fenced
        lab.nodes.remove("one-server1");
        Netns.sh("ip", "-n", sw, "link", "set", "p1", "down");
        coord.viewChanged(TwoNodeLab.view("lost", "online"));
        assertThat(svc().owner()).contains("one-server1");
        assertThat(lab.holdsVip(n2)).isFalse();
        // "fencing": power off one-server1 (every process in it dies, its address goes with it)
        lab.m1.close();
        for (String pid : Netns.out("ip", "netns", "pids", n1).split("\\s+"))
            if (!pid.isBlank()) ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
        Netns.sh("ip", "-n", n1, "addr", "flush", "dev", "eth0");
        coord.viewChanged(TwoNodeLab.view("fenced", "online"));
        assertThat(svc().owner()).as(clustat()).contains("one-server2");
        assertThat(svc().state()).isEqualTo(ServiceState.STARTED);
        assertThat(lab.clientReachesVip()).isTrue();

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

package org.nebulaha.fence.virtd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.MulticastSocket;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nebulaha.fence.TestLab;
import org.nebulaha.fence.cli.XvmRun;
import org.nebulaha.fence.xvm.ChallengeResponse;
import org.nebulaha.fence.xvm.FenceRequest;
import org.nebulaha.fence.xvm.HashType;
import org.nebulaha.fence.xvm.Operation;

/**
 * Our fence_xvm against our fence_virtd (lab backend) on loopback, in this JVM: the multicast
 * listener joins the group on lo, and the client sends from 127.0.0.1 only, so nothing leaves
 * the machine. Ports are free ones picked per run, so the test does not need 1229.
 */
class XvmLoopbackTest {
    @TempDir
    static Path dir;
    static TestLab lab;
    static Path key;
    static int port;
    static int tcpPort;
    static int guardedPort;
    static final List<VirtdDaemon> daemons = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        lab = TestLab.create(dir.resolve("lab"), Map.of("node1", true, "node2", true, "node3", false));
        key = Files.writeString(dir.resolve("fence_xvm.key"), "0123456789abcdef0123456789abcdef");
        port = freePort();
        tcpPort = freePort();
        System.setProperty("nebula.xvm.sources", "127.0.0.1");
        daemons.add(startDaemon("multicast", "interface = \"lo\"; address = \"225.0.0.12\";", port));
        daemons.add(startDaemon("tcp", "address = \"127.0.0.1\";", tcpPort));
        guardedPort = freePort();
        daemons.add(startDaemon("multicast", "interface = \"lo\";", guardedPort,
                "groups { group { name = \"only-node1\"; ip = \"127.0.0.1\"; uuid = \"node1\"; } }\n"));
    }

    static VirtdDaemon startDaemon(String listener, String extra, int p) throws Exception {
        return startDaemon(listener, extra, p, "");
    }

    static VirtdDaemon startDaemon(String listener, String extra, int p, String more) throws Exception {
        String conf = "fence_virtd { listener = \"" + listener + "\"; backend = \"lab\"; }\n"
                + "listeners { " + listener + " { key_file = \"" + key + "\"; port = \"" + p + "\"; " + extra + " } }\n"
                + "backends { lab { power_command = \"" + lab.command() + "\"; } }\n" + more;
        VirtdConfig c = VirtdConfig.from(ConfParser.parse(conf, "test.conf"), "test.conf");
        VirtdDaemon d = VirtdDaemon.start(c, null, Clock.systemUTC());
        Thread t = new Thread(d::serve, "fence_virtd-" + listener);
        t.setDaemon(true);
        t.start();
        return d;
    }

    @AfterAll
    static void stop() {
        daemons.forEach(VirtdDaemon::close);
        System.clearProperty("nebula.xvm.sources");
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static XvmRun xvm(String... args) {
        List<String> a = new ArrayList<>(List.of("-k", key.toString(), "-p", String.valueOf(port), "-t", "2", "-r", "5"));
        a.addAll(List.of(args));
        return XvmRun.xvm("", a.toArray(String[]::new));
    }

    @Test
    void listsTheLabHostsInFenceXvmFormat() {
        XvmRun r = xvm("-o", "list");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out().lines().toList()).hasSize(3).anySatisfy(l -> assertThat(l).matches("node3 {28}\\S+ off"))
                .anySatisfy(l -> assertThat(l).startsWith("node1                            ").endsWith(" on"));
    }

    @Test
    void powersOffAndReportsStatus() throws Exception {
        XvmRun off = xvm("-o", "off", "-H", "node2");
        assertThat(off.exit()).as(off.toString()).isZero();
        assertThat(lab.state("node2")).isEqualTo("off");
        XvmRun status = xvm("-o", "status", "-H", "node2");
        assertThat(status).as(status.toString()).isEqualTo(new XvmRun(2, "Status: OFF\n", ""));
        assertThat(xvm("-o", "on", "-H", "node2").exit()).isZero();
        assertThat(xvm("-o", "status", "-H", "node2")).isEqualTo(new XvmRun(0, "Status: ON\n", ""));
    }

    @Test
    void rebootsThroughTheStdinInterfaceFencedUses() throws Exception {
        String stdin = "agent=fence_xvm\nport=node1\nnodename=node1\nkey_file=" + key + "\nmulticast_address=225.0.0.12\nipport=" + port
                + "\ntimeout=2\nretrans=5\n";
        XvmRun r = XvmRun.xvm(stdin);
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(lab.calls()).contains("reboot node1");
    }

    @Test
    void failsForAnUnknownHost() {
        assertThat(xvm("-o", "off", "-H", "nosuch")).isEqualTo(new XvmRun(1, "Operation failed\n", ""));
    }

    @Test
    void aWrongKeyIsDroppedAndTheClientTimesOut() throws Exception {
        Path wrong = Files.writeString(dir.resolve("wrong.key"), "not the key");
        int before = lab.calls().size();
        XvmRun r = XvmRun.xvm("", "-k", wrong.toString(), "-p", String.valueOf(port), "-t", "1", "-r", "5", "-o", "off", "-H", "node3");
        assertThat(r).isEqualTo(new XvmRun(1, "Timed out waiting for response\nOperation failed\n", ""));
        assertThat(lab.calls()).hasSize(before);
    }

    @Test
    void aClientWithADifferentAuthHashGetsNothingDone() throws Exception {
        int before = lab.calls().size();
        XvmRun r = xvm("-C", "sha512", "-o", "off", "-H", "node3");
        assertThat(r).isEqualTo(new XvmRun(1, "Invalid response to challenge\nOperation failed\n", ""));
        assertThat(lab.calls()).hasSize(before);
    }

    /**
     * Garbage, truncated and weakly signed datagrams are dropped; a replayed copy of a handled
     * request is dropped; the daemon keeps serving. The listener handles packets in arrival order,
     * so had the replay been served, its callback would come before the next request's.
     */
    @Test
    void dropsGarbageAndReplaysAndKeepsServing() throws Exception {
        byte[] k = Files.readAllBytes(key);
        try (ServerSocket callbacks = new ServerSocket(0, 10, InetAddress.getByName("127.0.0.1"));
             MulticastSocket udp = new MulticastSocket()) {
            udp.setNetworkInterface(NetworkInterface.getByName("lo"));
            callbacks.setSoTimeout(10_000);
            byte[] status1 = FenceRequest.of(Operation.STATUS, HashType.SHA256, "node1", false, InetAddress.getByName("127.0.0.1"),
                    callbacks.getLocalPort(), 777).signed(k, new byte[] {1, 1, 1, 1, 1, 1}).encode();
            byte[] status3 = FenceRequest.of(Operation.STATUS, HashType.SHA256, "node3", false, InetAddress.getByName("127.0.0.1"),
                    callbacks.getLocalPort(), 778).signed(k, new byte[] {2, 2, 2, 2, 2, 2}).encode();
            byte[] weak = FenceRequest.of(Operation.OFF, HashType.SHA1, "node1", false, InetAddress.getByName("127.0.0.1"),
                    callbacks.getLocalPort(), 779).signed(k, new byte[6]).encode();
            send(udp, "garbage that is not a request".getBytes());
            send(udp, java.util.Arrays.copyOf(status1, 90));
            send(udp, weak);
            send(udp, status1);
            assertThat(answer(callbacks, k)).isEqualTo(0);
            send(udp, status1); // replay within 10 s
            send(udp, status3);
            assertThat(answer(callbacks, k)).as("the next callback answers node3 (off), not the replay").isEqualTo(2);
        }
        assertThat(lab.calls().stream().filter(c -> c.equals("status node1")).count()).isEqualTo(1);
        assertThat(lab.calls()).doesNotContain("off node1");
    }

    private static void send(MulticastSocket udp, byte[] data) throws IOException {
        udp.send(new DatagramPacket(data, data.length, new InetSocketAddress("225.0.0.12", port)));
    }

    private static int answer(ServerSocket callbacks, byte[] k) throws IOException {
        try (Socket s = callbacks.accept()) {
            s.setSoTimeout(10_000);
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            assertThat(ChallengeResponse.challenge(HashType.SHA256, k, in, out)).isTrue();
            ChallengeResponse.respond(HashType.SHA256, k, in, out);
            return in.read();
        }
    }

    @Test
    void thePermissionMapLimitsWhatACallerMayFenceAndSee() throws Exception {
        String p = String.valueOf(guardedPort);
        XvmRun denied = XvmRun.xvm("", "-k", key.toString(), "-p", p, "-t", "2", "-r", "5", "-o", "off", "-H", "node2");
        assertThat(denied).isEqualTo(new XvmRun(3, "Permission denied\n", ""));
        assertThat(lab.calls()).doesNotContain("off node2");
        XvmRun list = XvmRun.xvm("", "-k", key.toString(), "-p", p, "-t", "2", "-r", "5", "-o", "list");
        assertThat(list.out().lines().map(l -> l.split(" ")[0]).toList()).containsExactly("node1");
        assertThat(XvmRun.xvm("", "-k", key.toString(), "-p", p, "-t", "2", "-r", "5", "-o", "status", "-H", "node1").exit()).isZero();
    }

    @Test
    void fenceVirtTalksToTheTcpListener() throws Exception {
        XvmRun list = XvmRun.virt("-T", "127.0.0.1", "-p", String.valueOf(tcpPort), "-k", key.toString(), "-o", "list", "-t", "5");
        assertThat(list.exit()).as(list.toString()).isZero();
        assertThat(list.out().lines()).hasSize(3);
        XvmRun status = XvmRun.virt("-T", "127.0.0.1", "-p", String.valueOf(tcpPort), "-k", key.toString(), "-o", "status", "-H", "node1",
                "-t", "5");
        assertThat(status).isEqualTo(new XvmRun(0, "Status: ON\n", ""));
    }
}

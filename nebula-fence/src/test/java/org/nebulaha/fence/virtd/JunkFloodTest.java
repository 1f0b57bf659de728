package org.nebulaha.fence.virtd;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.MulticastSocket;
import java.net.NetworkInterface;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nebulaha.fence.TestLab;
import org.nebulaha.fence.cli.FenceVirtdCommand;
import org.nebulaha.fence.cli.XvmRun;
import org.nebulaha.fence.xvm.FenceRequest;
import org.nebulaha.fence.xvm.HashType;
import org.nebulaha.fence.xvm.Operation;
import org.nebulaha.testkit.JavaProcess;
import org.nebulaha.testkit.Poll;

/**
 * fence_virtd as a process under 100,000 junk datagrams (random bytes, truncated and garbled
 * signed requests, some of them replays whose call-back fails) on loopback multicast: its log grows by a few lines, not one per datagram, and
 * it still carries out a correct fence_xvm request afterwards.
 */
class JunkFloodTest {
    @TempDir Path dir;

    @Test
    void aFloodOfJunkCostsAFewLogLinesAndTheDaemonStillAnswers() throws Exception {
        TestLab lab = TestLab.create(dir.resolve("lab"), Map.of("node1", true));
        Path key = Files.writeString(dir.resolve("fence_xvm.key"), "0123456789abcdef0123456789abcdef");
        int port = udpAndTcpFreePort();
        Path conf = Files.writeString(dir.resolve("fence_virt.conf"), "fence_virtd { listener = \"multicast\"; backend = \"lab\"; }\n"
                + "listeners { multicast { key_file = \"" + key + "\"; port = \"" + port + "\"; interface = \"lo\"; address = \"225.0.0.12\"; } }\n"
                + "backends { lab { power_command = \"" + lab.command() + "\"; } }\n");
        Path log = dir.resolve("fence_virtd.log");
        ProcessBuilder pb = JavaProcess.builder(FenceVirtdCommand.class, List.of("-F", "-f", conf.toString(), "-p", dir.resolve("p.pid").toString()),
                Map.of("NEBULA_ROOT", dir.toString()));
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        Process daemon = pb.start();
        System.setProperty("nebula.xvm.sources", "127.0.0.1");
        try {
            Poll.until(Duration.ofSeconds(30), () -> read(log).contains("listening for multicast requests"), () -> read(log));
            long before = read(log).lines().count();
            byte[] k = Files.readAllBytes(key);
            byte[] real = FenceRequest.of(Operation.OFF, HashType.SHA256, "node1", false, InetAddress.getByName("127.0.0.1"), 9, 1)
                    .signed(k, new byte[6]).encode();
            Random random = new Random(42);
            try (MulticastSocket udp = new MulticastSocket()) {
                udp.setNetworkInterface(NetworkInterface.getByName("lo"));
                InetSocketAddress to = new InetSocketAddress("225.0.0.12", port);
                for (int i = 0; i < 100_000; i++) {
                    byte[] junk;
                    if (i % 3 == 0) {
                        junk = new byte[1 + random.nextInt(400)];
                        random.nextBytes(junk);
                    } else if (i % 3 == 1) {
                        junk = java.util.Arrays.copyOf(real, random.nextInt(real.length)); // truncated
                    } else {
                        // Garbled; where the flip misses what the signature covers, a replay of a signed
                        // request whose call-back address (port 9) refuses.
                        junk = real.clone();
                        junk[10 + random.nextInt(junk.length - 10)] ^= 0x5a;
                    }
                    udp.send(new DatagramPacket(junk, junk.length, to));
                }
            }
            XvmRun status = XvmRun.xvm("", "-k", key.toString(), "-p", String.valueOf(port), "-t", "5", "-r", "5", "-o", "status", "-H", "node1");
            assertThat(status).as(read(log)).isEqualTo(new XvmRun(0, "Status: ON\n", ""));
            assertThat(daemon.isAlive()).isTrue();
            List<String> added = read(log).lines().skip(before).toList();
            assertThat(added).as(String.join("\n", added)).hasSizeLessThanOrEqualTo(40)
                    .anySatisfy(l -> assertThat(l).contains("dropped request from 127.0.0.1"));
            assertThat(lab.calls()).doesNotContain("off node1");
        } finally {
            System.clearProperty("nebula.xvm.sources");
            daemon.destroy();
            daemon.waitFor();
        }
    }

    /** A port free for UDP (fence_virtd's listener) and for TCP too: fence_xvm takes its replies on the same number. */
    static int udpAndTcpFreePort() throws java.io.IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            try (var udp = new java.net.DatagramSocket(0); var tcp = new java.net.ServerSocket(udp.getLocalPort())) {
                return udp.getLocalPort();
            } catch (java.net.BindException taken) {
                // in use for TCP (an ephemeral connection's port, say): another one
            }
        }
        throw new java.io.IOException("no port free for both UDP and TCP after 50 tries");
    }

    static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            return "(" + e + ")";
        }
    }
}

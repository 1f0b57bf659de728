package org.nebulaha.membership.witness;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nebulaha.conf.ricci.Certificates;
import org.nebulaha.membership.jgroups.ClusterKey;
import org.nebulaha.membership.quorum.WitnessInput.Status;
import org.nebulaha.testkit.Poll;

/** The witness daemon and the node's client over real TLS connections on loopback. */
class WitnessServerTest {
    static final Duration TIMEOUT = Duration.ofMillis(600);
    static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    static Path shared;
    static Path cert;
    static ClusterKey key;
    static ClusterKey otherKey;

    WitnessServer server;
    final List<WitnessClient> clients = new ArrayList<>();

    @BeforeAll
    static void keysAndCertificate() throws Exception {
        cert = shared.resolve("cert.p12");
        Certificates.ensure(cert, "nebula-witness");
        key = ClusterKey.generate(shared.resolve("cluster.key"));
        otherKey = ClusterKey.generate(shared.resolve("other.key"));
    }

    @BeforeEach
    void startWitness() throws Exception {
        server = new WitnessServer(Certificates.context(cert), "127.0.0.1", 0, key.witnessKey());
    }

    @AfterEach
    void stop() {
        clients.forEach(WitnessClient::close);
        server.close();
    }

    WitnessClient client(ClusterKey k, int nodeid, AtomicReference<Set<Integer>> members) {
        WitnessSettings s = new WitnessSettings("witness", "127.0.0.1", server.port(), 1, TIMEOUT);
        WitnessClient c = new WitnessClient(s, k.witnessKey(), "lab", nodeid, members::get, () -> { }).start();
        clients.add(c);
        return c;
    }

    static void until(WitnessClient c, AtomicReference<Set<Integer>> m, Status expected) {
        Poll.until(WAIT, () -> c.input(m.get()).status() == expected, () -> "status " + c.input(m.get()));
    }

    @Test
    void bothNodesGetTheVoteAndASplitGoesToTheLowestNodeid() {
        var m1 = new AtomicReference<Set<Integer>>(Set.of(1, 2));
        var m2 = new AtomicReference<Set<Integer>>(Set.of(1, 2));
        WitnessClient c1 = client(key, 1, m1);
        WitnessClient c2 = client(key, 2, m2);
        until(c1, m1, Status.VOTE);
        until(c2, m2, Status.VOTE);
        m1.set(Set.of(1));
        m2.set(Set.of(2));
        c1.membersChanged();
        c2.membersChanged();
        until(c1, m1, Status.VOTE);
        until(c2, m2, Status.NO_VOTE);
        assertThat(c2.input(m2.get()).votedFor()).contains(Set.of(1));
        assertThat(c1.answered(Set.of(1))).isTrue();
    }

    @Test
    void aSilentNodeIsDroppedAfterItsTimeoutAndTheOtherSideThenGetsTheVote() throws Exception {
        var m2 = new AtomicReference<Set<Integer>>(Set.of(1, 2));
        WitnessClient c2 = client(key, 2, m2);
        try (SSLSocket paused = handRolledNode(key, 1)) {
            WitnessProtocol.writeLine(paused.getOutputStream(), "REPORT 1 1,2");
            until(c2, m2, Status.VOTE);
            // node 1 hangs (sends nothing more); node 2 sees it gone
            m2.set(Set.of(2));
            c2.membersChanged();
            Poll.until(WAIT, () -> c2.input(m2.get()).status() == Status.VOTE, () -> "status " + c2.input(m2.get())
                    + ", witness " + server.decision("lab").map(d -> d.reason()).orElse("-"));
            assertThat(server.decision("lab").orElseThrow().votedFor()).contains(Set.of(2));
        }
    }

    @Test
    void aWrongKeyIsRefusedAndTheWitnessServesTheNextNode() {
        var m = new AtomicReference<Set<Integer>>(Set.of(1));
        WitnessClient bad = client(otherKey, 1, m);
        Poll.until(WAIT, () -> server.refusedCount() > 0);
        assertThat(bad.input(m.get()).status()).isEqualTo(Status.LOST);
        assertThat(server.decision("lab").map(d -> d.votedFor().isPresent()).orElse(false)).isFalse();
        WitnessClient good = client(key, 2, new AtomicReference<>(Set.of(2)));
        until(good, new AtomicReference<>(Set.of(2)), Status.VOTE);
    }

    @Test
    void aWitnessWithAnotherKeyIsNotBelievedByTheNode() throws Exception {
        server.close();
        server = new WitnessServer(Certificates.context(cert), "127.0.0.1", 0, otherKey.witnessKey());
        var m = new AtomicReference<Set<Integer>>(Set.of(1));
        WitnessClient c = client(key, 1, m);
        Poll.until(WAIT, () -> server.refusedCount() > 0);
        assertThat(c.input(m.get()).status()).isEqualTo(Status.LOST);
    }

    @Test
    void garbageAndHalfOpenConnectionsAreRefusedWithoutHarm() throws Exception {
        try (Socket plain = new Socket("127.0.0.1", server.port())) {
            plain.getOutputStream().write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            plain.getOutputStream().flush();
            Poll.until(WAIT, () -> server.refusedCount() >= 1);
        }
        try (SSLSocket tls = tlsSocket()) {
            InputStream in = tls.getInputStream();
            WitnessProtocol.readLine(in);
            OutputStream out = tls.getOutputStream();
            out.write(new byte[4096]); // a line longer than any allowed
            out.flush();
            Poll.until(WAIT, () -> server.refusedCount() >= 2);
        }
        var m = new AtomicReference<Set<Integer>>(Set.of(1));
        until(client(key, 1, m), m, Status.VOTE);
    }

    @Test
    void aVoteGoesStaleWhenTheWitnessIsLost() {
        var m = new AtomicReference<Set<Integer>>(Set.of(1, 2));
        WitnessClient c = client(key, 1, m);
        until(c, m, Status.VOTE);
        server.close();
        until(c, m, Status.LOST);
    }

    /** A node that speaks the protocol by hand up to WELCOME, so the test decides when it goes silent. */
    SSLSocket handRolledNode(ClusterKey k, int nodeid) throws Exception {
        SSLSocket s = tlsSocket();
        InputStream in = s.getInputStream();
        String[] banner = WitnessProtocol.readLine(in).split(" ");
        String fp = org.nebulaha.conf.ricci.Certificates.fingerprint(s.getSession().getPeerCertificates()[0]);
        String nonceC = WitnessProtocol.nonce();
        long t = TIMEOUT.toMillis();
        WitnessProtocol.writeLine(s.getOutputStream(), "HELLO lab " + nodeid + " " + t + " " + nonceC + " "
                + WitnessProtocol.mac(k.witnessKey(), "hello", "lab", nodeid, t, banner[2], nonceC, fp));
        assertThat(WitnessProtocol.readLine(in)).startsWith("WELCOME ");
        return s;
    }

    SSLSocket tlsSocket() throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLSv1.3");
        ctx.init(null, new TrustManager[] {new X509TrustManager() {
            public void checkClientTrusted(X509Certificate[] c, String a) { }
            public void checkServerTrusted(X509Certificate[] c, String a) { }
            public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
        }}, null);
        SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", server.port());
        s.setSoTimeout(5000);
        s.startHandshake();
        return s;
    }
}

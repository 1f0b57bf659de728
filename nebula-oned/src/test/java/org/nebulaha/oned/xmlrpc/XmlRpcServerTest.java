package org.nebulaha.oned.xmlrpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Whatever a client sends, the server answers and stays up. */
class XmlRpcServerTest {
    XmlRpcServer server;
    URI uri;

    @BeforeEach
    void start() throws Exception {
        server = new XmlRpcServer("127.0.0.1", 0, 2, (method, params, peer) -> {
            if (method.equals("boom")) throw new IllegalStateException("handler bug");
            return List.of(true, method + "/" + params.size(), 0);
        });
        server.start();
        uri = URI.create("http://127.0.0.1:" + server.port() + "/RPC2");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void answersGarbageWithAParseFaultAndKeepsServing() throws Exception {
        HttpResponse<String> r = post(new byte[] {0, 1, 2, (byte) 0xff, '<', '<'});
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("<fault>", "<i4>-32700</i4>", "malformed XML-RPC call");
        assertThat(new XmlRpcClient(uri, Duration.ofSeconds(5)).call("ping", "a", 1)).isEqualTo(List.of(true, "ping/2", 0));
    }

    @Test
    void aBodyOverTheLimitIs413WithAFault() throws Exception {
        HttpResponse<String> r = post(new byte[XmlRpcServer.MAX_BODY + 1]);
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(r.headers().firstValue("Content-Type")).contains("text/xml");
        assertThat(r.body()).contains("<fault>", "<i4>-32700</i4>", "request body larger than " + XmlRpcServer.MAX_BODY + " bytes");
        assertThat(new XmlRpcClient(uri, Duration.ofSeconds(5)).call("ping")).isEqualTo(List.of(true, "ping/0", 0));
    }

    @Test
    void handlerBugsBecomeInternalFaults() throws Exception {
        XmlRpcClient c = new XmlRpcClient(uri, Duration.ofSeconds(5));
        assertThatThrownBy(() -> c.call("boom")).isInstanceOfSatisfying(XmlRpcFault.class,
                f -> assertThat(f.code()).isEqualTo(XmlRpcFault.INTERNAL));
        assertThat(c.call("ping")).isEqualTo(List.of(true, "ping/0", 0));
    }

    @Test
    void onlyPostOnRpc2() throws Exception {
        HttpClient h = HttpClient.newHttpClient();
        assertThat(h.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(405);
        URI other = URI.create("http://127.0.0.1:" + server.port() + "/other");
        assertThat(h.send(HttpRequest.newBuilder(other).GET().build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
    }

    @Test
    void theClientGivesUpOnASilentServerAndSaysWhichCall() throws Exception {
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            XmlRpcClient c = new XmlRpcClient(URI.create("http://127.0.0.1:" + silent.getLocalPort() + "/RPC2"), Duration.ofMillis(300));
            assertThatThrownBy(() -> c.call("one.system.version", "oneadmin:x")).isInstanceOf(java.net.SocketTimeoutException.class)
                    .hasMessageContaining("one.system.version").hasMessageContaining("300 ms");
        }
    }

    @Test
    void theClientReportsAnHttpErrorWithTheMethod() {
        XmlRpcClient c = new XmlRpcClient(URI.create("http://127.0.0.1:" + server.port() + "/other"), Duration.ofSeconds(5));
        assertThatThrownBy(() -> c.call("ping")).isInstanceOf(java.io.IOException.class).hasMessageContaining("HTTP 404 for ping");
    }

    private HttpResponse<String> post(byte[] body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}

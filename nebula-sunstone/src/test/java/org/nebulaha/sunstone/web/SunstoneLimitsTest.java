package org.nebulaha.sunstone.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nebulaha.common.http.StalledClients;

/** Sunstone's server bounds: stalled clients do not block the login page, an oversized request is a 413 page. */
class SunstoneLimitsTest {
    @TempDir Path tmp;
    SunstoneServer server;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeEach
    void start() throws Exception {
        // The login page and the size check need no oned.
        server = new SunstoneServer(new SunstoneConf("127.0.0.1", 0, URI.create("http://127.0.0.1:1/RPC2"), tmp.resolve("sessions"),
                tmp.resolve("sunstone.key"), System.getenv("PATH"), Duration.ofHours(1))).start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    @Test
    void theLoginPageAnswersWithinOneSecondWhile600ClientsStall() throws Exception {
        try (StalledClients stalled = StalledClients.open(new InetSocketAddress("127.0.0.1", server.port()), "/login", 600)) {
            // The deadline is the request's timeout: an answer later than 1 s fails the test.
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri("/login")).timeout(Duration.ofSeconds(1)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains("<form", "password");
            assertThat(stalled.stillOpen()).isEqualTo(600);
        }
    }

    @Test
    void aRequestOverTheLimitIsA413PageAndTheServerGoesOn() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri("/login")).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[SunstoneServer.MAX_BODY + 1])).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(r.body()).contains("larger than " + SunstoneServer.MAX_BODY + " bytes");
        assertThat(http.send(HttpRequest.newBuilder(uri("/login")).build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    }
}

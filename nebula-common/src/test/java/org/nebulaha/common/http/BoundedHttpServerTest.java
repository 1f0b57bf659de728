package org.nebulaha.common.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nebulaha.common.http.BoundedHttpServer.Limits;
import org.nebulaha.common.http.BoundedHttpServer.Reply;

/** What a client can make the server do: stalled, oversized and failing requests cost it no service to the others. */
class BoundedHttpServerTest {
    static final Duration DEADLINE = Duration.ofSeconds(1);
    final HttpClient http = HttpClient.newBuilder().connectTimeout(DEADLINE).build();
    BoundedHttpServer server;

    @AfterEach
    void stop() {
        if (server != null) server.close();
    }

    BoundedHttpServer start(Limits limits, BoundedHttpServer.Handler h) throws Exception {
        server = new BoundedHttpServer("test", "127.0.0.1", 0, limits, h).start();
        return server;
    }

    static Reply echo(BoundedHttpServer.Call c) {
        if (c.path().equals("/boom")) throw new IllegalStateException("handler bug");
        return Reply.text(200, c.method() + " " + c.path() + " " + c.rawQuery() + " " + c.body().length + " " + c.header("x-test"));
    }

    HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return http.send(b.timeout(DEADLINE).build(), HttpResponse.BodyHandlers.ofString());
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    @Test
    void answersWithinOneSecondWhile600ClientsStallMidRequest() throws Exception {
        start(Limits.of(2, 1024), BoundedHttpServerTest::echo);
        try (StalledClients stalled = StalledClients.open(new InetSocketAddress("127.0.0.1", server.port()), "/x", 600)) {
            // The deadline is the request's timeout: an answer later than 1 s fails the test.
            HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/a?b=c")).header("X-Test", "yes"));
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("GET /a b=c 0 yes");
            assertThat(stalled.stillOpen()).isEqualTo(600);
        }
    }

    @Test
    void dropsARequestWhoseBodyStallsPastTheReadTimeout() throws Exception {
        start(new Limits(2, 16, 100, 16, Duration.ofSeconds(30), Duration.ofMillis(300), 1024, 4096), BoundedHttpServerTest::echo);
        try (StalledClients stalled = StalledClients.open(new InetSocketAddress("127.0.0.1", server.port()), "/x", 5)) {
            org.nebulaha.testkit.Poll.until(Duration.ofSeconds(10), () -> stalled.stillOpen() == 0);
        }
        assertThat(send(HttpRequest.newBuilder(uri("/after"))).body()).startsWith("GET /after");
    }

    @Test
    void refusesABodyOverTheLimitWith413AndTheHandlersAnswer() throws Exception {
        start(Limits.of(2, 1024), new BoundedHttpServer.Handler() {
            @Override
            public Reply handle(BoundedHttpServer.Call call) {
                return echo(call);
            }

            @Override
            public Reply tooLarge(BoundedHttpServer.Call call, int limit) {
                return Reply.text(413, "too large for " + call.path() + ": " + limit);
            }
        });
        HttpResponse<String> known = send(HttpRequest.newBuilder(uri("/big")).POST(HttpRequest.BodyPublishers.ofByteArray(new byte[1025])));
        assertThat(known.statusCode()).isEqualTo(413);
        assertThat(known.body()).isEqualTo("too large for /big: 1024");
        // Chunked, so the length is only known while reading.
        HttpResponse<String> chunked = send(HttpRequest.newBuilder(uri("/chunked")).POST(HttpRequest.BodyPublishers.ofInputStream(
                () -> new java.io.ByteArrayInputStream(new byte[5000]))));
        assertThat(chunked.statusCode()).isEqualTo(413);
        HttpResponse<String> fits = send(HttpRequest.newBuilder(uri("/ok")).POST(HttpRequest.BodyPublishers.ofByteArray(new byte[1024])));
        assertThat(fits.body()).isEqualTo("POST /ok null 1024 null");
    }

    @Test
    void bodiesBufferedAtOnceAreBoundedAcrossRequests() throws Exception {
        // Two stalled requests each sent 1000 of their announced 3000 bytes: 2000 of the 2500-byte budget.
        // workers to spare beside the two stalled requests: the probes below are about the budget, not the pool
        start(new Limits(6, 16, 100, 16, Duration.ofSeconds(60), Duration.ofSeconds(60), 4000, 2500), BoundedHttpServerTest::echo);
        java.util.List<java.net.Socket> partial = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                java.net.Socket s = new java.net.Socket("127.0.0.1", server.port());
                partial.add(s);
                s.getOutputStream().write(("POST /partial HTTP/1.1\r\nHost: x\r\nContent-Length: 3000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().write(new byte[1000]);
                s.getOutputStream().flush();
            }
            // A 1000-byte body would pass the budget; polled, as the partial bodies arrive asynchronously.
            org.nebulaha.testkit.Poll.until(Duration.ofSeconds(30), () -> {
                try {
                    return send(HttpRequest.newBuilder(uri("/big")).POST(HttpRequest.BodyPublishers.ofByteArray(new byte[1000]))).statusCode() == 503;
                } catch (Exception e) {
                    return false;
                }
            });
            assertThat(send(HttpRequest.newBuilder(uri("/small")).POST(HttpRequest.BodyPublishers.ofByteArray(new byte[100]))).body())
                    .isEqualTo("POST /small null 100 null");
        } finally {
            for (java.net.Socket s : partial) s.close();
        }
        // Closed: their bytes are given back.
        org.nebulaha.testkit.Poll.until(Duration.ofSeconds(10), () -> {
            try {
                return send(HttpRequest.newBuilder(uri("/big")).POST(HttpRequest.BodyPublishers.ofByteArray(new byte[2400]))).statusCode() == 200;
            } catch (Exception e) {
                return false;
            }
        });
    }

    @Test
    void aFailingHandlerIs500AndTheServerGoesOn() throws Exception {
        start(Limits.of(2, 1024), BoundedHttpServerTest::echo);
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/boom")));
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(r.body()).contains("handler bug");
        assertThat(send(HttpRequest.newBuilder(uri("/next"))).statusCode()).isEqualTo(200);
    }

    @Test
    void aFullQueueIs503() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch busy = new CountDownLatch(1);
        start(new Limits(1, 1, 100, 16, Duration.ofSeconds(30), Duration.ofSeconds(10), 1024, 4096), call -> {
            if (call.path().equals("/block")) {
                busy.countDown();
                release.await(20, TimeUnit.SECONDS);
            }
            return Reply.text(200, "done " + call.path());
        });
        var blocked = http.sendAsync(HttpRequest.newBuilder(uri("/block")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(busy.await(5, TimeUnit.SECONDS)).isTrue();
        // One worker, busy; one queue place: of five more requests one waits, the other four are refused at once.
        java.util.List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> more = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) more.add(http.sendAsync(HttpRequest.newBuilder(uri("/more" + i)).build(), HttpResponse.BodyHandlers.ofString()));
        org.nebulaha.testkit.Poll.until(Duration.ofSeconds(10), () -> more.stream().filter(f -> f.isDone() && f.join().statusCode() == 503).count() == 4);
        release.countDown();
        assertThat(blocked.get(5, TimeUnit.SECONDS).body()).isEqualTo("done /block");
        long done = 0;
        for (var f : more) if (f.get(5, TimeUnit.SECONDS).statusCode() == 200) done++;
        assertThat(done).isEqualTo(1);
        assertThat(send(HttpRequest.newBuilder(uri("/after"))).statusCode()).isEqualTo(200);
    }

    @Test
    void anExchangeHandlerSeesTheRequestAndItsAnswerIsSent() throws Exception {
        start(Limits.of(2, 1024), new ExchangeHandler(ex -> {
            byte[] in = ex.getRequestBody().readAllBytes();
            String body = ex.getRequestMethod() + " " + ex.getRequestURI().getPath() + " " + ex.getRequestURI().getRawQuery() + " "
                    + new String(in, StandardCharsets.UTF_8) + " " + ex.getRequestHeaders().getFirst("cookie") + " "
                    + ex.getRemoteAddress().getAddress().getHostAddress();
            if (ex.getRequestURI().getPath().equals("/redirect")) {
                ex.getResponseHeaders().set("Location", "/there");
                ex.sendResponseHeaders(303, -1);
                return;
            }
            ex.getResponseHeaders().set("Content-Type", "text/plain");
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(201, b.length);
            ex.getResponseBody().write(b);
        }));
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/p%20q?x=%41")).header("Cookie", "a=b").POST(HttpRequest.BodyPublishers.ofString("k=v")));
        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(r.body()).isEqualTo("POST /p q x=%41 k=v a=b 127.0.0.1");
        HttpResponse<String> redirect = send(HttpRequest.newBuilder(uri("/redirect")));
        assertThat(redirect.statusCode()).isEqualTo(303);
        assertThat(redirect.headers().firstValue("Location")).contains("/there");
        assertThat(redirect.body()).isEmpty();
    }
}

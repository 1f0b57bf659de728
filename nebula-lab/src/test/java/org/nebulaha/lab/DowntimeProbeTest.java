package org.nebulaha.lab;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nebulaha.lab.bench.DowntimeProbe;
import org.nebulaha.testkit.Poll;

/** The benchmark's client against real HTTP servers: a poll is ok only when every URL answers. */
class DowntimeProbeTest {
    @TempDir
    Path dir;
    HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) server.stop(0);
    }

    /** Sunstone's page (200 with a word) and oned's XML-RPC endpoint (405 to a GET, as oned answers). */
    int frontEnd() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.createContext("/", ex -> {
            byte[] b = "one-server1 answers".getBytes();
            ex.sendResponseHeaders(200, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        server.createContext("/RPC2", ex -> {
            ex.sendResponseHeaders(405, -1);
            ex.close();
        });
        server.start();
        return server.getAddress().getPort();
    }

    List<String> probe(String urls) throws Exception {
        Path log = dir.resolve("probe.log");
        Path stop = dir.resolve("stop");
        Files.deleteIfExists(log);
        Files.deleteIfExists(stop);
        Thread t = new Thread(() -> {
            try {
                DowntimeProbe.main(new String[] {urls, "20", log.toString(), stop.toString()});
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        t.start();
        Poll.until(Duration.ofSeconds(10), () -> lines(log).size() >= 3, () -> "probe log: " + lines(log));
        Files.writeString(stop, "");
        t.join(10_000);
        return Files.readAllLines(log);
    }

    static List<String> lines(Path p) {
        try {
            return Files.exists(p) ? Files.readAllLines(p) : List.of();
        } catch (IOException e) {
            return List.of();
        }
    }

    @Test
    void bothAnsweringIsOkAndNamesWhoAnsweredThePage() throws Exception {
        int port = frontEnd();
        List<String> lines = probe("http://127.0.0.1:" + port + "/,http://127.0.0.1:" + port + "/RPC2");
        assertThat(lines).isNotEmpty().allSatisfy(l -> assertThat(l).matches("\\d+ ok one-server1"));
    }

    @Test
    void oneSilentEndpointFailsThePollAndSaysWhich() throws Exception {
        int port = frontEnd();
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        List<String> lines = probe("http://127.0.0.1:" + port + "/,http://127.0.0.1:" + closed + "/RPC2");
        assertThat(lines).isNotEmpty().allSatisfy(l -> assertThat(l).contains(" fail ").endsWith("from :" + closed));
    }

    @Test
    void aPageAnsweringWithAnErrorStatusIsNotUp() throws Exception {
        int port = frontEnd();
        server.createContext("/broken", ex -> {
            ex.sendResponseHeaders(500, -1);
            ex.close();
        });
        List<String> lines = probe("http://127.0.0.1:" + port + "/broken");
        assertThat(lines).isNotEmpty().allSatisfy(l -> assertThat(l).contains("fail status 500"));
    }
}

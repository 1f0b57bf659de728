package org.nebulaha.lab;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A small HTTP service that stands in for oned or Sunstone in the lab until the real ones run:
 * it answers every request with the name of the host and service that serves it, so a client
 * on the floating IP sees which node answered.
 *
 * <p>Usage: {@code StandInService NAME PORT PIDFILE}
 */
public final class StandInService {
    private StandInService() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: StandInService NAME PORT PIDFILE");
            System.exit(2);
        }
        String name = args[0];
        int port = Integer.parseInt(args[1]);
        byte[] body = (InetAddress.getLocalHost().getHostName() + " " + name + "\n").getBytes(StandardCharsets.UTF_8);
        HttpServer server = HttpServer.create(new InetSocketAddress("0.0.0.0", port), 64);
        server.createContext("/", ex -> {
            ex.getResponseHeaders().add("Content-Type", "text/plain");
            ex.sendResponseHeaders(200, body.length);
            try (var out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        Files.writeString(Path.of(args[2]), ProcessHandle.current().pid() + "\n");
    }
}

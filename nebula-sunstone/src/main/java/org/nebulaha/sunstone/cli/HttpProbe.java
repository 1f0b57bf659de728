package org.nebulaha.sunstone.cli;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * {@code HttpProbe URL}: exit 0 when URL answers HTTP 2xx or 3xx within 5 s, 1 otherwise, 2 usage.
 * The init script's status check when curl is not installed.
 */
public final class HttpProbe {
    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: HttpProbe URL");
            System.exit(2);
        }
        try {
            HttpClient c = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            HttpResponse<Void> r = c.send(HttpRequest.newBuilder(URI.create(args[0])).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding());
            System.out.println(args[0] + ": HTTP " + r.statusCode());
            System.exit(r.statusCode() < 400 ? 0 : 1);
        } catch (Exception e) {
            System.err.println(args[0] + ": " + e.getMessage());
            System.exit(1);
        }
    }
}

package org.nebulaha.sunstone.cli;

import java.net.URI;

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
            // HttpURLConnection, not java.net.http: its selector thread would hold the JVM's exit up to 300 ms
            java.net.HttpURLConnection c = (java.net.HttpURLConnection) URI.create(args[0]).toURL().openConnection();
            c.setConnectTimeout(5000);
            c.setReadTimeout(5000);
            c.setInstanceFollowRedirects(false);
            int status = c.getResponseCode();
            System.out.println(args[0] + ": HTTP " + status);
            System.exit(status < 400 ? 0 : 1);
        } catch (Exception e) {
            System.err.println(args[0] + ": " + e.getMessage());
            System.exit(1);
        }
    }
}

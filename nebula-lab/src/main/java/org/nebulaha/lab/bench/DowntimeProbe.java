package org.nebulaha.lab.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * The benchmark's client: polls one or more HTTP URLs every INTERVAL ms, each time on a new
 * connection (as a browser reaching a moved floating IP would), and writes one line per poll to OUT:
 * {@code MILLIS ok FIRST-WORD-OF-BODY} or {@code MILLIS fail REASON}. A poll is ok only when every
 * URL answered. A URL whose path ends in {@code /RPC2} is oned's XML-RPC endpoint: any HTTP answer
 * counts (a GET gets 405 from oned, quietly: no session, nothing logged), so "the front-end answers"
 * means Sunstone and oned both do. Runs until the file STOP exists. A poll
 * that takes longer than the interval counts as failed at its deadline.
 *
 * <p>Usage: {@code DowntimeProbe URL[,URL...] INTERVAL_MS OUT STOP}
 */
public final class DowntimeProbe {
    private DowntimeProbe() {}

    /** {@code anyStatus}: any HTTP answer counts (oned's XML-RPC endpoint answers a GET with 405). */
    record Target(String host, int port, byte[] request, boolean anyStatus) {}

    static Target target(String url) {
        URI uri = URI.create(url);
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        int port = uri.getPort() < 0 ? 80 : uri.getPort();
        String head = "GET " + path + " HTTP/1.0\r\nHost: " + uri.getHost() + "\r\nConnection: close\r\n\r\n";
        return new Target(uri.getHost(), port, head.getBytes(StandardCharsets.US_ASCII), path.endsWith("/RPC2"));
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 4) {
            System.err.println("usage: DowntimeProbe URL[,URL...] INTERVAL_MS OUT STOP");
            System.exit(2);
        }
        List<Target> targets = java.util.Arrays.stream(args[0].split(",")).map(DowntimeProbe::target).toList();
        int interval = Integer.parseInt(args[1]);
        Path stop = Path.of(args[3]);
        try (PrintStream out = new PrintStream(Files.newOutputStream(Path.of(args[2])), true, StandardCharsets.UTF_8)) {
            long next = System.currentTimeMillis();
            while (!Files.exists(stop)) {
                long t = System.currentTimeMillis();
                String result = null;
                for (Target target : targets) {
                    String r = poll(target, Math.max(interval * 5, 100));
                    if (result == null || r.startsWith("fail")) result = r;
                    if (r.startsWith("fail")) break;
                }
                out.println(t + " " + result);
                next += interval;
                long wait = next - System.currentTimeMillis();
                if (wait > 0) LockSupport.parkNanos(wait * 1_000_000L);
                else next = System.currentTimeMillis();
            }
        }
    }

    private static String poll(Target target, int timeoutMs) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(target.host(), target.port()), timeoutMs);
            s.setSoTimeout(timeoutMs);
            s.getOutputStream().write(target.request());
            InputStream in = s.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            // 2xx, or a 3xx such as Sunstone's redirect to its login page: the service answered
            if (!response.startsWith("HTTP/1.") || response.length() < 12
                    || (!target.anyStatus() && response.charAt(9) != '2' && response.charAt(9) != '3'))
                return "fail status " + (response.length() >= 12 ? response.substring(9, 12) : "none") + " from :" + target.port();
            int body = response.indexOf("\r\n\r\n");
            String first = body < 0 ? "" : response.substring(body + 4).strip().split("\\s+")[0];
            // the lab's stand-in answers with the node's name; a web page tells nothing
            return "ok " + (first.isEmpty() || first.startsWith("<") ? "-" : first);
        } catch (IOException e) {
            return "fail " + e.getClass().getSimpleName() + " from :" + target.port();
        }
    }
}

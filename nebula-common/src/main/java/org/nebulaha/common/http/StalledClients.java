package org.nebulaha.common.http;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The slow-client attack, for tests and benchmarks against a local server: {@code n}
 * connections that each send a complete request header announcing a body, then nothing. A
 * server that gives each such request a thread (the JDK's HTTP server did) stops answering
 * everyone else. Loopback targets only.
 */
public final class StalledClients implements AutoCloseable {
    private final List<Socket> sockets = new ArrayList<>();

    private StalledClients() {}

    /** Opens them; each has sent its header when this returns. */
    public static StalledClients open(InetSocketAddress target, String path, int n) throws IOException {
        if (!target.getAddress().isLoopbackAddress()) throw new IllegalArgumentException("stalled clients go to loopback only, not " + target);
        StalledClients c = new StalledClients();
        byte[] header = ("POST " + path + " HTTP/1.1\r\nHost: " + target.getHostString() + ":" + target.getPort()
                + "\r\nContent-Type: text/xml\r\nContent-Length: 1000\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        try {
            for (int i = 0; i < n; i++) {
                Socket s = new Socket();
                c.sockets.add(s);
                s.connect(target, 5_000);
                s.getOutputStream().write(header);
                s.getOutputStream().flush();
            }
        } catch (IOException e) {
            c.close();
            throw new IOException("stalled client " + (c.sockets.size()) + " of " + n + " to " + target + ": " + e.getMessage(), e);
        }
        return c;
    }

    /** How many of them the server has not closed yet (a closed one reads end-of-stream or fails). */
    public int stillOpen() {
        int open = 0;
        byte[] buf = new byte[4096];
        for (Socket s : sockets) {
            try {
                s.setSoTimeout(1);
                int n;
                do n = s.getInputStream().read(buf); while (n > 0); // an error answer the server sent before closing
                if (n == -1) continue;
                open++;
            } catch (java.net.SocketTimeoutException e) {
                open++;
            } catch (IOException e) {
                // reset: closed by the server
            }
        }
        return open;
    }

    @Override
    public void close() {
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
        sockets.clear();
    }
}

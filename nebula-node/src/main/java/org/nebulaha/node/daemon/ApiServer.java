package org.nebulaha.node.daemon;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.nebulaha.node.api.ApiClient;
import org.nebulaha.node.api.ApiResponse;

/**
 * Serves the local API on a Unix domain socket (mode 0600: root only). One request per connection;
 * see {@link ApiClient} for the protocol. A bad request gets {@code ERR 2 ...} and changes nothing;
 * a failing command gets {@code ERR 1 ...}; neither affects the daemon.
 */
public final class ApiServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("local-api");
    private final Path path;
    private final CommandRegistry registry;
    private final ServerSocketChannel server;
    private final ExecutorService workers = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "local-api");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean closed;

    /** Binds the socket; refuses when another daemon answers on it, removes a stale one. */
    public ApiServer(Path path, CommandRegistry registry) throws IOException {
        this.path = path;
        this.registry = registry;
        Files.createDirectories(path.getParent());
        if (Files.exists(path)) {
            try {
                new ApiClient(path).call("ping");
                throw new IOException("another node daemon already answers on " + path + "; stop it first (cman_tool leave)");
            } catch (org.nebulaha.node.api.DaemonNotRunningException stale) {
                Files.deleteIfExists(path);
            }
        }
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(path));
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        Thread t = new Thread(this::acceptLoop, "local-api-accept");
        t.setDaemon(true);
        t.start();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                SocketChannel c = server.accept();
                workers.execute(() -> serve(c));
            } catch (IOException e) {
                if (!closed) LOG.log(System.Logger.Level.WARNING, "accept failed: " + e.getMessage());
            }
        }
    }

    private void serve(SocketChannel c) {
        try (c) {
            BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(c), StandardCharsets.UTF_8));
            String request = readLine(in);
            ApiResponse r = handle(request);
            StringBuilder sb = new StringBuilder(r.statusLine()).append('\n');
            for (String l : r.body()) sb.append(l).append('\n');
            OutputStream out = Channels.newOutputStream(c);
            out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            // read what an oversized request still has in flight (bounded), so closing does not reset
            // the connection before the client has read our answer
            if (request == null) in.skip(1 << 20);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "client went away: " + e.getMessage());
        }
    }

    private static String readLine(BufferedReader in) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int ch; (ch = in.read()) != -1; ) {
            if (ch == '\n') return sb.toString();
            if (sb.length() >= ApiClient.MAX_REQUEST) return null;
            sb.append((char) ch);
        }
        return sb.length() == 0 ? "" : sb.toString();
    }

    ApiResponse handle(String line) {
        if (line == null) return ApiResponse.error(2, "request longer than " + ApiClient.MAX_REQUEST + " bytes");
        line = line.strip();
        if (line.isEmpty()) return ApiResponse.error(2, "empty request; send 'VERB [ARG ...]' (try 'help')");
        List<String> words = Arrays.asList(line.split(" +"));
        String verb = words.get(0);
        CommandRegistry.Command cmd = registry.find(verb);
        if (cmd == null) return ApiResponse.error(2, "unknown verb '" + abbreviate(verb) + "'; 'help' lists the verbs");
        try {
            return cmd.handle(words.subList(1, words.size()));
        } catch (IllegalArgumentException e) {
            return ApiResponse.error(2, verb + ": " + e.getMessage());
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "'" + verb + "' failed: " + e);
            return ApiResponse.error(1, verb + ": " + (e.getMessage() == null ? e.toString() : e.getMessage()));
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        workers.shutdownNow();
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot remove " + path + ": " + e.getMessage());
        }
    }
}

package org.nebulaha.node.api;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.nebulaha.common.NebulaRoot;

/**
 * Client of the node daemon's local API.
 *
 * <p>Protocol (one request per connection, UTF-8 text):
 * <pre>
 *   client: VERB [ARG ...]\n            words separated by single spaces; no newline inside
 *   daemon: OK [message]\n  or  ERR CODE message\n
 *           body lines...\n             (e.g. key=value lines for "status")
 *           then closes the connection
 * </pre>
 * CODE is the exit code the command-line tool should return. {@code help} lists the verbs.
 */
public final class ApiClient {
    public static final String SOCKET = "/var/run/cluster/nebula.sock";
    public static final int MAX_REQUEST = 64 * 1024;

    private final Path socket;

    public ApiClient(Path socket) {
        this.socket = socket;
    }

    /** The client for this process's NebulaRoot. */
    public static ApiClient local() {
        return new ApiClient(socketPath());
    }

    public static Path socketPath() {
        return NebulaRoot.resolve(SOCKET);
    }

    public Path socket() {
        return socket;
    }

    public ApiResponse call(String verb, String... args) throws IOException {
        StringBuilder req = new StringBuilder(verb);
        for (String a : args) {
            if (a.isEmpty() || a.chars().anyMatch(Character::isWhitespace))
                throw new IllegalArgumentException("API argument '" + a + "' must be a non-empty word without spaces");
            req.append(' ').append(a);
        }
        if (!Files.exists(socket)) throw new DaemonNotRunningException(socket, "no socket file");
        SocketChannel ch;
        try {
            ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            ch.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            throw new DaemonNotRunningException(socket, e.getMessage() == null ? e.toString() : e.getMessage());
        }
        try (ch) {
            OutputStream out = Channels.newOutputStream(ch);
            out.write((req + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(ch), StandardCharsets.UTF_8));
            String status = in.readLine();
            if (status == null) throw new IOException("the node daemon closed the connection without an answer to '" + verb + "'");
            List<String> body = new ArrayList<>();
            for (String l; (l = in.readLine()) != null; ) body.add(l);
            if (status.equals("OK") || status.startsWith("OK ")) return ApiResponse.ok(status.length() > 3 ? status.substring(3) : "", body);
            if (status.startsWith("ERR ")) {
                String rest = status.substring(4);
                int sp = rest.indexOf(' ');
                try {
                    int code = Integer.parseInt(sp < 0 ? rest : rest.substring(0, sp));
                    return new ApiResponse(false, code, sp < 0 ? "" : rest.substring(sp + 1), body);
                } catch (NumberFormatException e) {
                    return new ApiResponse(false, 1, rest, body);
                }
            }
            throw new IOException("the node daemon answered '" + status + "', which is not OK/ERR");
        }
    }
}

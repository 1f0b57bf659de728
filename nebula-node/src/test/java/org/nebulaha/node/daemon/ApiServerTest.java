package org.nebulaha.node.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nebulaha.node.api.ApiClient;
import org.nebulaha.node.api.ApiResponse;

/** The local API refuses bad requests with a clear answer and keeps serving. */
class ApiServerTest {
    @TempDir
    Path dir;
    ApiServer server;
    Path socket;

    @BeforeEach
    void start() throws Exception {
        CommandRegistry r = new CommandRegistry();
        r.register("echo", "echo the arguments", args -> ApiResponse.ok(args));
        r.register("boom", "always fails", args -> {
            throw new IllegalStateException("disk on fire");
        });
        socket = dir.resolve("run/nebula.sock");
        server = new ApiServer(socket, r);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    String raw(byte[] request) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            OutputStream out = Channels.newOutputStream(ch);
            out.write(request);
            out.flush();
            ch.shutdownOutput();
            return new String(Channels.newInputStream(ch).readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void answersAKnownVerb() throws Exception {
        ApiResponse r = new ApiClient(socket).call("echo", "a", "b");
        assertThat(r.ok()).isTrue();
        assertThat(r.body()).containsExactly("a", "b");
    }

    @Test
    void refusesUnknownEmptyAndOversizedRequestsAndKeepsServing() throws Exception {
        assertThat(raw("nonsense\n".getBytes())).startsWith("ERR 2 unknown verb 'nonsense'");
        assertThat(raw("\n".getBytes())).startsWith("ERR 2 empty request");
        assertThat(raw(new byte[200_000])).startsWith("ERR 2 request longer than");
        assertThat(raw(new byte[] {(byte) 0xff, (byte) 0xfe, 0, '\n'})).startsWith("ERR 2");
        assertThat(new ApiClient(socket).call("echo", "still-here").body()).containsExactly("still-here");
    }

    @Test
    void aFailingCommandIsAnErrorAnswerNotACrash() throws Exception {
        ApiResponse r = new ApiClient(socket).call("boom");
        assertThat(r.ok()).isFalse();
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.message()).isEqualTo("boom: disk on fire");
        assertThat(new ApiClient(socket).call("echo", "ok").ok()).isTrue();
    }

    @Test
    void theSocketIsForRootOnlyAndGoneAfterClose() throws Exception {
        assertThat(Files.getPosixFilePermissions(socket)).containsExactlyInAnyOrder(
                java.nio.file.attribute.PosixFilePermission.OWNER_READ, java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
        server.close();
        assertThat(socket).doesNotExist();
    }

    @Test
    void aSecondServerOnTheSameSocketIsRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ApiServer(socket, new CommandRegistry()))
                .hasMessageContaining("another node daemon already answers on " + socket);
    }

    @Test
    void verbsRegisterOnce() {
        CommandRegistry r = new CommandRegistry();
        r.register("fence_node", "x", a -> ApiResponse.ok(List.of()));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> r.register("fence_node", "y", a -> ApiResponse.ok(List.of())))
                .hasMessageContaining("already registered");
    }
}

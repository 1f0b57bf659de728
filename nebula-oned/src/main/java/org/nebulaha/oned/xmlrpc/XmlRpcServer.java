package org.nebulaha.oned.xmlrpc;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Serves XML-RPC as {@code POST /RPC2} on the JDK's HTTP server. Every request gets an answer:
 * a method response, or a fault when the body is not a usable call; nothing a client sends
 * can stop the server.
 */
public final class XmlRpcServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("oned.xmlrpc");
    /** Larger bodies are refused: no OpenNebula call comes near this. */
    static final int MAX_BODY = 16 * 1024 * 1024;

    /** Handles one decoded call; returns the value to send back. */
    public interface Handler {
        Object handle(String method, List<Object> params, String peer) throws XmlRpcFault;
    }

    private final HttpServer http;
    private final ExecutorService pool;

    static {
        // The JDK server writes headers and body separately; without TCP_NODELAY every reply
        // waits for the client's delayed ACK (~40 ms). Read once, when the server class loads.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    public XmlRpcServer(String host, int port, int threads, Handler handler) throws IOException {
        http = HttpServer.create(new InetSocketAddress(host, port), 64);
        pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "xmlrpc");
            t.setDaemon(true);
            return t;
        });
        http.setExecutor(pool);
        http.createContext("/RPC2", ex -> serve(ex, handler));
        http.createContext("/", ex -> {
            ex.sendResponseHeaders(404, -1);
            ex.close();
        });
    }

    public void start() {
        http.start();
    }

    public int port() {
        return http.getAddress().getPort();
    }

    private static void serve(HttpExchange ex, Handler handler) throws IOException {
        try (ex) {
            if (!ex.getRequestMethod().equals("POST")) {
                ex.getResponseHeaders().add("Allow", "POST");
                ex.sendResponseHeaders(405, -1);
                return;
            }
            String peer = String.valueOf(ex.getRemoteAddress());
            byte[] reply;
            byte[] body = readLimited(ex.getRequestBody());
            if (body == null) {
                reply = XmlRpcCodec.writeFault(XmlRpcFault.PARSE_ERROR, "request body larger than " + MAX_BODY + " bytes");
            } else {
                try {
                    MethodCall call = XmlRpcCodec.parseCall(body);
                    reply = XmlRpcCodec.writeResponse(handler.handle(call.method(), call.params(), peer));
                } catch (XmlRpcFault f) {
                    LOG.log(System.Logger.Level.INFO, "fault " + f.code() + " to " + peer + ": " + f.getMessage());
                    reply = XmlRpcCodec.writeFault(f.code(), f.getMessage());
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.ERROR, "internal error answering " + peer, e);
                    reply = XmlRpcCodec.writeFault(XmlRpcFault.INTERNAL, "internal error: " + e);
                }
            }
            ex.getResponseHeaders().add("Content-Type", "text/xml");
            ex.sendResponseHeaders(200, reply.length);
            ex.getResponseBody().write(reply);
        }
    }

    private static byte[] readLimited(InputStream in) throws IOException {
        byte[] b = in.readNBytes(MAX_BODY + 1);
        return b.length > MAX_BODY ? null : b;
    }

    @Override
    public void close() {
        http.stop(0);
        pool.shutdownNow();
    }
}

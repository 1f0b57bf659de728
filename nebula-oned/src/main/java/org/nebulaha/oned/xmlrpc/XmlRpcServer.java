package org.nebulaha.oned.xmlrpc;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.nebulaha.common.RateLimitedLog;
import org.nebulaha.common.http.BoundedHttpServer;
import org.nebulaha.common.http.BoundedHttpServer.Call;
import org.nebulaha.common.http.BoundedHttpServer.Reply;

/**
 * Serves XML-RPC as {@code POST /RPC2} on a {@link BoundedHttpServer} (Jetty, with timeouts and
 * bounded threads and connections: a client that stalls cannot take the port from the others,
 * among them the cluster's status check). Every request gets an answer: a method response, or a
 * fault when the body is not a usable call (413 with a fault when it is over {@link #MAX_BODY});
 * nothing a client sends can stop the server. Faults are logged rate-limited: a client sending
 * garbage in a loop costs a few log lines, not one per request.
 */
public final class XmlRpcServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("oned.xmlrpc");
    /** Larger bodies are refused: no OpenNebula call comes near this. */
    static final int MAX_BODY = 16 * 1024 * 1024;

    /** Handles one decoded call; returns the value to send back. */
    public interface Handler {
        Object handle(String method, List<Object> params, String peer) throws XmlRpcFault;
    }

    private final BoundedHttpServer http;
    private final RateLimitedLog faults = new RateLimitedLog(LOG, System.Logger.Level.INFO, "XML-RPC faults");

    /** {@code threads} answer calls; see {@link BoundedHttpServer.Limits#of} for the other bounds. */
    public XmlRpcServer(String host, int port, int threads, Handler handler) {
        this(host, port, BoundedHttpServer.Limits.of(threads, MAX_BODY), handler);
    }

    public XmlRpcServer(String host, int port, BoundedHttpServer.Limits limits, Handler handler) {
        http = new BoundedHttpServer("oned", host, port, limits, new BoundedHttpServer.Handler() {
            @Override
            public Reply handle(Call call) {
                return serve(call, handler);
            }

            @Override
            public Reply tooLarge(Call call, int limit) {
                return xml(413, XmlRpcCodec.writeFault(XmlRpcFault.PARSE_ERROR, "request body larger than " + limit + " bytes"));
            }
        });
    }

    public void start() throws IOException {
        http.start();
    }

    public int port() {
        return http.port();
    }

    private Reply serve(Call call, Handler handler) {
        if (!call.path().startsWith("/RPC2")) return Reply.text(404, "");
        if (!call.method().equals("POST")) {
            Reply r = Reply.text(405, "");
            r.headers().put("Allow", List.of("POST"));
            return r;
        }
        String peer = String.valueOf(call.peer());
        byte[] reply;
        try {
            MethodCall c = XmlRpcCodec.parseCall(call.body());
            reply = XmlRpcCodec.writeResponse(handler.handle(c.method(), c.params(), peer));
        } catch (XmlRpcFault f) {
            faults.log("fault " + f.code() + " to " + peer + ": " + f.getMessage());
            reply = XmlRpcCodec.writeFault(f.code(), f.getMessage());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "internal error answering " + peer, e);
            reply = XmlRpcCodec.writeFault(XmlRpcFault.INTERNAL, "internal error: " + e);
        }
        return xml(200, reply);
    }

    private static Reply xml(int status, byte[] body) {
        Map<String, List<String>> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        h.put("Content-Type", List.of("text/xml"));
        return new Reply(status, h, body);
    }

    @Override
    public void close() {
        http.close();
    }
}

package org.nebulaha.common.http;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpPrincipal;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs a handler written for the JDK's {@code com.sun.net.httpserver} API on a
 * {@link BoundedHttpServer}: the exchange it sees holds the request already read and collects the
 * answer in memory. Sunstone's pages were written for that API; this keeps them unchanged.
 */
public class ExchangeHandler implements BoundedHttpServer.Handler {
    private final HttpHandler handler;

    public ExchangeHandler(HttpHandler handler) {
        this.handler = handler;
    }

    @Override
    public BoundedHttpServer.Reply handle(BoundedHttpServer.Call call) throws IOException {
        URI uri;
        try {
            uri = new URI(call.path() + (call.rawQuery() == null ? "" : "?" + call.rawQuery()));
        } catch (URISyntaxException e) {
            return BoundedHttpServer.Reply.text(400, "bad request target: " + e.getMessage() + "\n");
        }
        Exchange ex = new Exchange(call, uri);
        handler.handle(ex);
        if (ex.status == 0) return BoundedHttpServer.Reply.text(500, "no answer\n");
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.putAll(ex.responseHeaders);
        return new BoundedHttpServer.Reply(ex.status, headers, ex.noBody ? new byte[0] : ex.out.toByteArray());
    }

    private static final class Exchange extends HttpExchange {
        private final BoundedHttpServer.Call call;
        private final URI uri;
        private final Headers requestHeaders = new Headers();
        private final Headers responseHeaders = new Headers();
        private final Map<String, Object> attributes = new HashMap<>();
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private InputStream in;
        private int status;
        private boolean noBody;

        Exchange(BoundedHttpServer.Call call, URI uri) {
            this.call = call;
            this.uri = uri;
            call.headers().forEach(requestHeaders::put);
            this.in = new ByteArrayInputStream(call.body());
        }

        @Override
        public Headers getRequestHeaders() {
            return requestHeaders;
        }

        @Override
        public Headers getResponseHeaders() {
            return responseHeaders;
        }

        @Override
        public URI getRequestURI() {
            return uri;
        }

        @Override
        public String getRequestMethod() {
            return call.method();
        }

        @Override
        public HttpContext getHttpContext() {
            return null;
        }

        @Override
        public void close() {
            // the answer is sent once the handler returns
        }

        @Override
        public InputStream getRequestBody() {
            return in;
        }

        @Override
        public OutputStream getResponseBody() {
            return out;
        }

        /** As the JDK's: a length of -1 means no body. */
        @Override
        public void sendResponseHeaders(int code, long length) throws IOException {
            if (status != 0) throw new IOException("headers already sent");
            status = code;
            noBody = length == -1;
        }

        @Override
        public InetSocketAddress getRemoteAddress() {
            return call.peer();
        }

        @Override
        public int getResponseCode() {
            return status == 0 ? -1 : status;
        }

        @Override
        public InetSocketAddress getLocalAddress() {
            return call.local();
        }

        @Override
        public String getProtocol() {
            return "HTTP/1.1";
        }

        @Override
        public Object getAttribute(String name) {
            return attributes.get(name);
        }

        @Override
        public void setAttribute(String name, Object value) {
            attributes.put(name, value);
        }

        @Override
        public void setStreams(InputStream i, OutputStream o) {
            if (i != null) in = i;
        }

        @Override
        public HttpPrincipal getPrincipal() {
            return null;
        }
    }
}

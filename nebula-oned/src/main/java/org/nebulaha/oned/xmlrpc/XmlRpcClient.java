package org.nebulaha.oned.xmlrpc;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * A small XML-RPC client on {@link HttpURLConnection}. Not on java.net.http.HttpClient: on Java 17
 * its selector thread cannot be stopped and sits in native code, and the JVM waits up to 300 ms at
 * exit for such threads. Every CLI command and every daemon stop (Sunstone, mm_sched) paid that.
 */
public final class XmlRpcClient {
    private final URI endpoint;
    private final Duration timeout;

    public XmlRpcClient(URI endpoint, Duration timeout) {
        this.endpoint = endpoint;
        this.timeout = timeout;
    }

    public URI endpoint() {
        return endpoint;
    }

    /**
     * An OpenNebula API call: the session first, then {@code args}; returns the value of
     * {@code [true, value, ...]}. oned's refusal, a fault or an odd reply is a {@link OneRefusal};
     * an unreachable oned an {@link IOException}.
     */
    public Object callOne(String session, String method, Object... args) throws IOException, OneRefusal {
        Object[] params = new Object[args.length + 1];
        params[0] = session;
        System.arraycopy(args, 0, params, 1, args.length);
        try {
            return OneRefusal.valueOf(method, call(method, params));
        } catch (XmlRpcFault f) {
            throw new OneRefusal(method + ": XML-RPC fault " + f.code() + ": " + f.getMessage(), f.code(), true);
        }
    }

    /** Calls {@code method}; a fault comes back as an {@link XmlRpcFault}. */
    public Object call(String method, Object... params) throws IOException, XmlRpcFault {
        byte[] body = XmlRpcCodec.writeCall(method, List.of(params));
        HttpURLConnection c;
        try {
            c = (HttpURLConnection) endpoint.toURL().openConnection();
        } catch (IllegalArgumentException e) {
            throw new IOException(endpoint + " is not an http URL: " + e.getMessage(), e);
        }
        int ms = (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis()));
        c.setConnectTimeout(ms);
        c.setReadTimeout(ms);
        c.setDoOutput(true);
        c.setRequestMethod("POST");
        c.setRequestProperty("Content-Type", "text/xml");
        c.setFixedLengthStreamingMode(body.length);
        try {
            try (OutputStream out = c.getOutputStream()) {
                out.write(body);
            }
            int status = c.getResponseCode();
            if (status != 200) {
                InputStream err = c.getErrorStream();
                if (err != null) err.close();
                throw new IOException(endpoint + ": HTTP " + status + " for " + method);
            }
            byte[] reply;
            try (InputStream in = c.getInputStream()) {
                reply = in.readAllBytes();
            }
            MethodResponse r = XmlRpcCodec.parseResponse(reply);
            if (r.isFault()) throw r.fault();
            return r.value();
        } catch (java.net.SocketTimeoutException e) {
            throw new java.net.SocketTimeoutException(endpoint + ": no answer to " + method + " within " + timeout.toMillis() + " ms");
        }
    }
}

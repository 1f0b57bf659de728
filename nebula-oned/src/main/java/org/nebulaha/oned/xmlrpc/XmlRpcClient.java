package org.nebulaha.oned.xmlrpc;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/** A small XML-RPC client on the JDK's HTTP client. */
public final class XmlRpcClient {
    private final URI endpoint;
    private final HttpClient http;
    private final Duration timeout;

    public XmlRpcClient(URI endpoint, Duration timeout) {
        this.endpoint = endpoint;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
    }

    public URI endpoint() {
        return endpoint;
    }

    /** Calls {@code method}; a fault comes back as an {@link XmlRpcFault}. */
    public Object call(String method, Object... params) throws IOException, XmlRpcFault {
        HttpRequest req = HttpRequest.newBuilder(endpoint).timeout(timeout)
                .header("Content-Type", "text/xml")
                .POST(HttpRequest.BodyPublishers.ofByteArray(XmlRpcCodec.writeCall(method, List.of(params))))
                .build();
        HttpResponse<byte[]> resp;
        try {
            resp = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while calling " + endpoint, e);
        }
        if (resp.statusCode() != 200)
            throw new IOException(endpoint + ": HTTP " + resp.statusCode() + " for " + method);
        MethodResponse r = XmlRpcCodec.parseResponse(resp.body());
        if (r.isFault()) throw r.fault();
        return r.value();
    }
}

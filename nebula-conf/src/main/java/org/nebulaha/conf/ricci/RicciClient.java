package org.nebulaha.conf.ricci;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.nebulaha.common.HostResolver;
import org.nebulaha.conf.ConfException;
import org.nebulaha.conf.ricci.RicciMessages.Var;
import org.nebulaha.conf.xml.XmlElement;

/**
 * ccs's side of the ricci protocol: one TLS connection per message, the client certificate from
 * {@code ~/.ccs/}, the server's certificate pinned in {@code ~/.ccs/known_hosts}.
 * A host may be given as {@code name} or {@code name:port}; names are looked up through
 * {@link HostResolver} (key {@code ricci} for the port), default port 11111.
 */
public final class RicciClient {
    public static final int DEFAULT_PORT = 11111;

    private final Path ccsDir;
    private final HostResolver resolver;
    private SSLContext context;

    public RicciClient(Path ccsDir, HostResolver resolver) {
        this.ccsDir = ccsDir;
        this.resolver = resolver;
    }

    /** The reply to one call, and whether ricci counted us as authenticated. */
    public record Reply(boolean authenticated, int code, String errorDescription, List<Var> vars) {
        public boolean success() {
            return vars.stream().filter(v -> v.name().equals("success")).findFirst().map(v -> v.value().equals("true")).orElse(false);
        }

        public Optional<Var> var(String name) {
            return vars.stream().filter(v -> name.equals(v.name())).findFirst();
        }

        public String error() {
            return var("error_description").map(Var::value).orElse(errorDescription == null ? "" : errorDescription);
        }
    }

    public Reply authenticate(String host, String password) throws IOException {
        return send(host, RicciMessages.authenticate(password));
    }

    public Reply call(String host, String function, List<Var> vars) throws IOException {
        return send(host, RicciMessages.call("cluster", function, vars));
    }

    private Reply send(String host, String message) throws IOException {
        String name = host;
        int port = DEFAULT_PORT;
        int colon = host.lastIndexOf(':');
        if (colon > 0 && host.indexOf(':') == colon && host.substring(colon + 1).matches("\\d{1,5}")) {
            name = host.substring(0, colon);
            port = Integer.parseInt(host.substring(colon + 1));
        } else {
            port = resolver.port(host, "ricci", DEFAULT_PORT);
        }
        String address = resolver.address(name);
        try (SSLSocket s = (SSLSocket) context().getSocketFactory().createSocket()) {
            try {
                s.connect(new InetSocketAddress(address, port), 5_000);
            } catch (UnknownHostException e) {
                throw new IOException("Unable to resolve " + name + ", does that host exist?");
            } catch (ConnectException e) {
                throw new IOException("Unable to connect to " + host + ", make sure the ricci server is started.");
            }
            s.setSoTimeout(150_000); // start_node may take a while on the far side
            s.startHandshake();
            String fp = Certificates.fingerprint(Arrays.asList(s.getSession().getPeerCertificates()));
            new KnownHosts(ccsDir.resolve("known_hosts")).check(name + ":" + port, fp);
            RicciServer.readDocument(s.getInputStream()); // the greeting
            s.getOutputStream().write(message.getBytes(StandardCharsets.UTF_8));
            s.getOutputStream().flush();
            XmlElement reply = RicciServer.readDocument(s.getInputStream());
            int code = parseCode(reply.attr("success"));
            return new Reply("true".equals(reply.attr("authenticated")), code, reply.attr("error_description"),
                    RicciMessages.responseVars(reply));
        } catch (ConfException e) {
            throw new IOException("ricci on " + host + " sent a reply that is not XML: " + e.getMessage(), e);
        }
    }

    private static int parseCode(String s) {
        try {
            return s == null ? -1 : Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private synchronized SSLContext context() throws IOException {
        if (context == null) {
            Path store = ccsDir.resolve("client.p12");
            Certificates.ensure(store, "ccs");
            context = Certificates.context(store);
        }
        return context;
    }
}

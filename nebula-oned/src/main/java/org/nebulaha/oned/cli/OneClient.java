package org.nebulaha.oned.cli;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.nebulaha.oned.xmlrpc.OneRefusal;
import org.nebulaha.oned.xmlrpc.XmlRpcClient;

/**
 * How onevm and onehost reach oned, like OpenNebula's tools: endpoint from {@code ONE_XMLRPC}
 * (default {@code http://localhost:2633/RPC2}), session from the file named by
 * {@code ONE_AUTH}, else {@code ~/.one/one_auth}, else {@code $ONE_LOCATION/var/.one/one_auth}.
 */
public final class OneClient {
    private final XmlRpcClient rpc;
    private final String session;

    /** A call that failed; the message is what to print, {@code exitCode} what to exit with. */
    public static final class CallException extends Exception {
        public final int exitCode;

        public CallException(String message, int exitCode) {
            super(message);
            this.exitCode = exitCode;
        }
    }

    public OneClient(URI endpoint, String session) {
        this.rpc = new XmlRpcClient(endpoint, Duration.ofSeconds(60));
        this.session = session;
    }

    public static OneClient fromEnvironment() throws CallException {
        String url = System.getenv("ONE_XMLRPC");
        URI endpoint = URI.create(url == null || url.isBlank() ? "http://localhost:2633/RPC2" : url);
        return new OneClient(endpoint, readAuth());
    }

    static String readAuth() throws CallException {
        String env = System.getenv("ONE_AUTH");
        Path file;
        if (env != null && !env.isBlank()) {
            file = Path.of(env);
        } else {
            file = Path.of(System.getProperty("user.home"), ".one", "one_auth");
            String loc = System.getenv("ONE_LOCATION");
            if (!Files.exists(file) && loc != null && !loc.isBlank()) file = Path.of(loc, "var", ".one", "one_auth");
        }
        try {
            String s = Files.readString(file).strip();
            if (!s.contains(":")) throw new CallException(file + ": expected 'user:password'", 1);
            return s;
        } catch (IOException e) {
            throw new CallException("cannot read the session file " + file + " (" + e.getMessage()
                    + "); set ONE_AUTH to a file holding 'user:password'", 1);
        }
    }

    /**
     * Runs a one* command line: picocli over {@code command}; an error is printed as
     * {@code TOOL: message} on stderr and exits with the call's exit code (1 for anything else).
     */
    public static int run(String tool, Object command, String... args) {
        return run(tool, new picocli.CommandLine(command), args);
    }

    /** As {@link #run(String, Object, String...)} for a command line already set up (extra subcommands). */
    public static int run(String tool, picocli.CommandLine cl, String... args) {
        cl.setExecutionExceptionHandler((e, c, p) -> {
            System.err.println(tool + ": " + e.getMessage());
            return e instanceof CallException ce ? ce.exitCode : 1;
        });
        return cl.execute(args);
    }

    /** One call of {@link #forEach} on one item. */
    @FunctionalInterface
    public interface ItemCall<T> {
        void call(T item) throws CallException;
    }

    /**
     * Calls {@code call} on every item, as OpenNebula's tools do with several ids: a refusal is
     * printed as {@code TOOL: WHAT ITEM: message} on stderr and the other items still go.
     * Returns 0 when every call succeeded, else 1.
     */
    public static <T> int forEach(String tool, String what, List<T> items, ItemCall<T> call) {
        int rc = 0;
        for (T item : items) {
            try {
                call.call(item);
            } catch (CallException e) {
                System.err.println(tool + ": " + what + " " + item + ": " + e.getMessage());
                rc = 1;
            }
        }
        return rc;
    }

    /**
     * The id of a pool element given by id or name, as OpenNebula's tools accept both:
     * {@code idOf("one.userpool.info", "USER", "alice", "oneuser list")}.
     */
    public int idOf(String poolMethod, String element, String idOrName, String listCommand, Object... poolArgs) throws CallException {
        if (idOrName.matches("\\d+")) return Integer.parseInt(idOrName);
        org.w3c.dom.Element pool = Xml.parse((String) call(poolMethod, poolArgs));
        for (org.w3c.dom.Element e : Xml.children(pool, element))
            if (Xml.text(e, "NAME").equals(idOrName)) return Xml.num(e, "ID");
        throw new CallException("no " + element.toLowerCase() + " named '" + idOrName + "' (see " + listCommand + ")", 1);
    }

    /** Calls {@code method} with the session first; returns the value of a successful reply. */
    public Object call(String method, Object... args) throws CallException {
        try {
            return rpc.callOne(session, method, args);
        } catch (IOException e) {
            throw new CallException("cannot reach oned at " + rpc.endpoint() + ": " + (e.getMessage() == null ? e : e.getMessage())
                    + "; is oned running? (ONE_XMLRPC)", 1);
        } catch (OneRefusal r) {
            throw new CallException(r.isFault() ? "oned refused the call " + r.getMessage() : r.getMessage(), 1);
        }
    }
}

package org.nebulaha.conf.ricci;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.nebulaha.common.AtomicFiles;
import org.nebulaha.common.CommandRunner;
import org.nebulaha.common.RateLimitedLog;
import org.nebulaha.conf.ClusterConfParser;
import org.nebulaha.conf.ConfException;
import org.nebulaha.conf.model.ClusterConf;
import org.nebulaha.conf.ricci.RicciMessages.Call;
import org.nebulaha.conf.ricci.RicciMessages.Var;
import org.nebulaha.conf.xml.XmlElement;

/**
 * The per-node agent through which {@code ccs -h NODE} reads and writes that node's cluster.conf
 * and starts or stops its cluster daemons: TLS on port 11111 with a self-signed certificate, one
 * XML request per connection (see {@link RicciMessages}).
 *
 * <p>Every call needs an authenticated client. A client authenticates by sending the password set
 * with {@code ricci passwd}; ricci then remembers its certificate, as the original did, so later
 * calls from the same ccs need no password. A wrong password is refused, logged with the peer's
 * address, and changes nothing. Bad requests (not XML, unknown function, a broken cluster.conf)
 * get an error reply; the daemon stays up.
 */
public final class RicciServer implements Closeable {
    private static final System.Logger LOG = System.getLogger("ricci");
    /**
     * A whole cluster.conf of 16 nodes and dozens of services is tens of KiB; the bound keeps 16
     * connections' buffers (bytes plus the parsed text) well inside ricci's 64 MiB heap.
     */
    static final int MAX_REQUEST_BYTES = 512 * 1024;
    private static final int MAX_CONNECTIONS = 16;

    /** Where ricci listens, what it keeps, and the commands it runs for start, stop and activation. */
    public record Settings(String bindAddress, int port, Path stateDir, Path clusterConf, String hostname,
                           List<String> startCommand, List<String> stopCommand, List<String> activateCommand,
                           Path nodeDaemonSocket) {
        public Path keyStore() { return stateDir.resolve("certs/cacert.p12"); }
        public Path passwordFile() { return stateDir.resolve("passwd"); }
        public Path authorizedClients() { return stateDir.resolve("authorized_clients"); }
    }

    /** What any peer can cause at will (junk connections, bad requests, password guessing) is logged rate-limited. */
    private final RateLimitedLog dropped = new RateLimitedLog(LOG, Level.WARNING, "connections dropped (too many)");
    private final RateLimitedLog bad = new RateLimitedLog(LOG, Level.INFO, "failed or refused requests");
    private final RateLimitedLog refusedAuth = new RateLimitedLog(LOG, Level.WARNING, "refused authentications");
    private final Settings settings;
    private final PasswordFile password;
    private final ConfigStore store;
    private final Set<String> authorized = new HashSet<>();
    private final ExecutorService workers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "ricci-conn");
        t.setDaemon(true);
        return t;
    });
    private final Semaphore slots = new Semaphore(MAX_CONNECTIONS);
    private String greetingName = "";
    private long greetingNameModified = Long.MIN_VALUE;
    private SSLServerSocket server;
    private Thread acceptor;

    public RicciServer(Settings settings) {
        this.settings = settings;
        this.password = new PasswordFile(settings.passwordFile());
        this.store = new ConfigStore(settings.clusterConf());
    }

    public void start() throws IOException {
        Certificates.ensure(settings.keyStore(), settings.hostname());
        loadAuthorized();
        server = (SSLServerSocket) Certificates.context(settings.keyStore()).getServerSocketFactory().createServerSocket();
        server.setReuseAddress(true);
        server.setNeedClientAuth(true);
        server.bind(new InetSocketAddress(settings.bindAddress(), settings.port()), 50);
        if (!password.isSet())
            LOG.log(Level.WARNING, "no password is set; every call will be refused until you run: ricci passwd");
        LOG.log(Level.INFO, "listening on {0}:{1} (TLS), cluster.conf {2}", settings.bindAddress(), String.valueOf(port()),
                settings.clusterConf());
        acceptor = new Thread(this::acceptLoop, "ricci-accept");
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    public void await() throws InterruptedException {
        acceptor.join();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                if (!slots.tryAcquire()) {
                    dropped.log("too many connections; dropping " + s.getRemoteSocketAddress());
                    s.close();
                    continue;
                }
                workers.execute(() -> {
                    try (s) {
                        handle((SSLSocket) s);
                    } catch (IOException | RuntimeException e) {
                        bad.log("connection from " + s.getRemoteSocketAddress() + " ended: " + e);
                    } finally {
                        slots.release();
                    }
                });
            } catch (SocketException e) {
                if (!server.isClosed()) LOG.log(Level.WARNING, "accept failed: {0}", e.getMessage());
            } catch (IOException e) {
                LOG.log(Level.WARNING, "accept failed: {0}", e.getMessage());
            }
        }
    }

    private void handle(SSLSocket s) throws IOException {
        s.setSoTimeout(10_000);
        s.startHandshake();
        String peer = s.getInetAddress().getHostAddress();
        String client = Certificates.fingerprint(Arrays.asList(s.getSession().getPeerCertificates()));
        boolean known = isAuthorized(client);
        var out = s.getOutputStream();
        out.write(RicciMessages.greeting(known, clusterName(), settings.hostname()).getBytes(StandardCharsets.UTF_8));
        out.flush();
        XmlElement request;
        try {
            request = readDocument(s.getInputStream());
        } catch (ConfException e) {
            bad.log("bad request from " + peer + ": " + e.getMessage());
            reply(s, RicciMessages.refusal(known, 2, "the request is not a ricci XML message: " + e.getMessage()));
            return;
        }
        if (!request.name().equals("ricci")) {
            reply(s, RicciMessages.refusal(known, 2, "expected a <ricci> message, got <" + request.name() + ">"));
            return;
        }
        String function = Optional.ofNullable(request.attr("function")).orElse("");
        if (function.equals("authenticate")) {
            reply(s, authenticate(peer, client, known, Optional.ofNullable(request.attr("password")).orElse("")));
            return;
        }
        if (!known) {
            bad.log("refused " + function + " from " + peer + ": client not authenticated");
            reply(s, RicciMessages.refusal(false, 11, "not authenticated; give the ricci password (ccs -p)"));
            return;
        }
        if (!function.equals("process_batch")) {
            reply(s, RicciMessages.refusal(true, 2, "unknown ricci function '" + function + "'"));
            return;
        }
        Optional<Call> call = RicciMessages.callOf(request);
        if (call.isEmpty()) {
            reply(s, RicciMessages.refusal(true, 2, "process_batch without a function_call"));
            return;
        }
        reply(s, RicciMessages.response(true, call.get().module(), call.get().function(), dispatch(peer, call.get())));
    }

    private String authenticate(String peer, String client, boolean known, String given) throws IOException {
        if (password.matches(given.toCharArray())) {
            if (!known) remember(client);
            LOG.log(Level.INFO, "authenticated client {0} from {1}", shortPrint(client), peer);
            return RicciMessages.authReply(true, 0);
        }
        refusedAuth.log("refused authentication from " + peer + ": "
                + (password.isSet() ? "wrong password" : "no password is set on this node (run ricci passwd)"));
        // As ricci did: a known client that sends a bad password stays authenticated but is told so.
        return RicciMessages.refusal(known, 10, password.isSet() ? "wrong password" : "no ricci password is set on " + settings.hostname());
    }

    private List<Var> dispatch(String peer, Call call) {
        if (!call.module().equals("cluster")) return failure("unknown module '" + call.module() + "'");
        return switch (call.function()) {
            case "get_cluster.conf" -> getConf();
            case "set_cluster.conf" -> setConf(peer, call);
            case "start_node" -> runHook(peer, "start", settings.startCommand());
            case "stop_node" -> runHook(peer, "stop", settings.stopCommand());
            default -> failure("unknown function '" + call.function() + "' in module cluster");
        };
    }

    private List<Var> getConf() {
        try {
            Optional<String> text = store.read();
            List<Var> r = new ArrayList<>();
            if (text.isPresent()) r.add(Var.xml("cluster.conf", RicciMessages.parse(text.get(), settings.clusterConf().toString())));
            r.add(Var.bool("success", true));
            return r;
        } catch (IOException | ConfException e) {
            return failure("cannot read " + settings.clusterConf() + ": " + e.getMessage());
        }
    }

    private List<Var> setConf(String peer, Call call) {
        Optional<Var> v = call.var("cluster.conf");
        if (v.isEmpty() || v.get().xml() == null) return failure("set_cluster.conf without a cluster.conf variable");
        ClusterConf conf;
        try {
            conf = ClusterConfParser.fromTree(v.get().xml(), "cluster.conf from " + peer);
        } catch (ConfException e) {
            LOG.log(Level.WARNING, "refused cluster.conf from {0}: {1}", peer, e.getMessage());
            return failure(e.getMessage());
        }
        boolean activate = call.flag("propagate", false);
        if (activate) {
            List<String> blockers = ClusterConfParser.activationProblems(conf);
            if (!blockers.isEmpty()) return failure("cannot activate: " + String.join("; ", blockers));
        }
        try {
            ConfigStore.Outcome outcome = store.replace(conf);
            LOG.log(Level.INFO, "cluster.conf version {0} from {1}: {2}", String.valueOf(conf.configVersion()), peer,
                    outcome == ConfigStore.Outcome.WRITTEN ? "written" : "already held");
        } catch (ConfigStore.RefusedException e) {
            LOG.log(Level.WARNING, "refused cluster.conf from {0}: {1}", peer, e.getMessage());
            return failure(e.getMessage());
        } catch (IOException e) {
            return failure("cannot write " + settings.clusterConf() + ": " + e.getMessage());
        }
        if (activate) return activate(conf);
        return List.of(Var.bool("success", true));
    }

    private List<Var> activate(ClusterConf conf) {
        if (!Files.exists(settings.nodeDaemonSocket())) {
            LOG.log(Level.INFO, "version {0} activated: the cluster daemons are not running here, they load it when they start",
                    String.valueOf(conf.configVersion()));
            return List.of(Var.bool("success", true));
        }
        return runHook("local", "activate", settings.activateCommand());
    }

    private List<Var> runHook(String peer, String what, List<String> command) {
        if (command.isEmpty() || !Files.isExecutable(Path.of(command.get(0))))
            return failure("cannot " + what + " the cluster daemons: " + (command.isEmpty() ? "no command configured" : command.get(0) + " is not installed"));
        LOG.log(Level.INFO, "{0} requested by {1}: running {2}", what, peer, String.join(" ", command));
        try {
            CommandRunner.Result r = CommandRunner.run(CommandRunner.Spec.of(command, Duration.ofSeconds(120)));
            if (r.timedOut()) return failure(what + " timed out after 120 s: " + String.join(" ", command));
            String output = r.stdout().strip();
            if (r.exitCode() != 0) {
                LOG.log(Level.WARNING, "{0} failed (exit {1}): {2}", what, String.valueOf(r.exitCode()), output);
                return failure(what + " failed (exit " + r.exitCode() + "): " + output);
            }
            return List.of(Var.bool("success", true));
        } catch (IOException e) {
            return failure(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failure("interrupted");
        }
    }

    private static List<Var> failure(String why) {
        return List.of(Var.bool("success", false), Var.string("error_description", why));
    }

    /** The name for the greeting; the file is parsed again only when it changed (every connection greets). */
    private synchronized String clusterName() {
        long modified;
        try {
            modified = Files.exists(settings.clusterConf()) ? Files.getLastModifiedTime(settings.clusterConf()).toMillis() : -1;
        } catch (IOException e) {
            modified = -1;
        }
        if (modified != greetingNameModified) {
            greetingName = store.current().map(ClusterConf::name).orElse("");
            greetingNameModified = modified;
        }
        return greetingName;
    }

    /** Reads bytes until they form one XML document, as ccs does; bounded in size and time. */
    static XmlElement readDocument(InputStream in) throws IOException, ConfException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        byte[] chunk = new byte[64 * 1024];
        ConfException last = null;
        boolean closesTag = false;
        while (true) {
            int n;
            try {
                n = in.read(chunk);
            } catch (SocketTimeoutException e) {
                throw last != null ? last : new ConfException("request", 0, 0, null, "nothing received within the timeout");
            }
            if (n < 0) {
                if (last != null) throw last;
                throw new ConfException("request", 0, 0, null, "connection closed before a message arrived");
            }
            buf.write(chunk, 0, n);
            if (buf.size() > MAX_REQUEST_BYTES)
                throw new ConfException("request", 0, 0, null, "message larger than " + MAX_REQUEST_BYTES / 1024 + " KiB");
            // A document is complete only when its last non-blank byte closes a tag: parsing before
            // that would parse the whole buffer again for every chunk of a long message.
            closesTag = lastNonBlankCloses(chunk, n, closesTag);
            if (!closesTag) {
                last = new ConfException("request", 0, 0, null, "incomplete message (" + buf.size() + " bytes, no closing tag yet)");
                continue;
            }
            try {
                return RicciMessages.parse(buf.toString(StandardCharsets.UTF_8), "request");
            } catch (ConfException e) {
                last = e; // incomplete so far: read more
            }
        }
    }

    /** Whether the message read so far ends with '>' (blanks aside), given this chunk and the answer before it. */
    private static boolean lastNonBlankCloses(byte[] chunk, int n, boolean before) {
        for (int i = n - 1; i >= 0; i--) {
            if (!Character.isWhitespace(chunk[i])) return chunk[i] == '>';
        }
        return before;
    }

    private static void reply(Socket s, String xml) throws IOException {
        s.getOutputStream().write(xml.getBytes(StandardCharsets.UTF_8));
        s.getOutputStream().flush();
    }

    private synchronized boolean isAuthorized(String fingerprint) {
        return fingerprint != null && authorized.contains(fingerprint);
    }

    private synchronized void remember(String fingerprint) throws IOException {
        if (fingerprint == null || !authorized.add(fingerprint)) return;
        AtomicFiles.write(settings.authorizedClients(), String.join("\n", authorized) + "\n");
    }

    private synchronized void loadAuthorized() throws IOException {
        if (Files.isRegularFile(settings.authorizedClients()))
            for (String line : Files.readAllLines(settings.authorizedClients()))
                if (!line.isBlank()) authorized.add(line.strip());
    }

    private static String shortPrint(String fp) {
        return fp == null ? "(none)" : fp.substring(0, Math.min(23, fp.length()));
    }

    @Override
    public void close() throws IOException {
        if (server != null) server.close();
        workers.shutdownNow();
    }
}

package org.nebulaha.sunstone.cli;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import org.nebulaha.common.HotStandby;
import org.nebulaha.common.Logs;
import org.nebulaha.oned.daemon.OneLocation;
import org.nebulaha.sunstone.web.SunstoneConf;
import org.nebulaha.sunstone.web.SunstoneServer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sunstone-server}: the web interface. Exit codes: 0 stopped, 1 cannot start (port taken, bad key file), 2 usage. */
@Command(name = "sunstone-server", mixinStandardHelpOptions = true,
        description = "Sunstone, the OpenNebula web interface: dashboard, VMs, hosts, recover, and the cluster panel.")
public final class SunstoneServerCommand implements Callable<Integer> {
    @Option(names = "--host", description = "address to listen on (default ${DEFAULT-VALUE})", defaultValue = "127.0.0.1")
    String host;

    @Option(names = "--port", description = "port (default ${DEFAULT-VALUE})", defaultValue = "9869")
    int port;

    @Option(names = "--oned", description = "oned's XML-RPC endpoint (default $ONE_XMLRPC, else http://localhost:2633/RPC2)")
    String oned;

    @Option(names = "--sessions", description = "session store file (default $ONE_LOCATION/var/sunstone/sessions)")
    Path sessions;

    @Option(names = "--key", description = "cookie key file (default beside the session store: sunstone.key)")
    Path key;

    @Option(names = "--session-hours", description = "how long a login lasts (default ${DEFAULT-VALUE})", defaultValue = "10")
    int sessionHours;

    @Option(names = "--standby", paramLabel = "STATE_FILE", description = "Run as a hot standby: warm, nothing bound, until "
            + "SIGUSR1 takes over (SIGUSR2 gives up); the state goes to STATE_FILE (docs/sunstone.md, \"Hot standby\").")
    Path standbyState;

    @Option(names = "--tools-path", description = "where to look for clustat, cman_tool, fence_node (default $PATH)")
    String toolsPath;

    public static void main(String[] args) {
        System.exit(new CommandLine(new SunstoneServerCommand()).setExitCodeExceptionMapper(e -> 2).execute(args));
    }

    @Override
    public Integer call() {
        org.nebulaha.common.http.BoundedHttpServer.preload(); // overlaps reading the sessions and key
        Logs.setup(System.out, Level.INFO);
        OneLocation loc = OneLocation.fromEnvironment();
        String url = oned != null ? oned : System.getenv("ONE_XMLRPC") != null && !System.getenv("ONE_XMLRPC").isBlank()
                ? System.getenv("ONE_XMLRPC") : "http://localhost:2633/RPC2";
        Path store = sessions != null ? sessions : loc.var().resolve("sunstone").resolve("sessions");
        Path keyFile = key != null ? key : store.toAbsolutePath().getParent().resolve("sunstone.key");
        SunstoneConf conf;
        try {
            conf = new SunstoneConf(host, port, URI.create(url), store, keyFile, toolsPath != null ? toolsPath : System.getenv("PATH"),
                    Duration.ofHours(sessionHours));
        } catch (IllegalArgumentException e) {
            System.err.println("sunstone-server: " + e.getMessage());
            return 2;
        }
        if (standbyState != null) return standby(conf);
        SunstoneServer server;
        try {
            server = new SunstoneServer(conf).start();
        } catch (IOException e) {
            System.err.println("sunstone-server: cannot start on " + host + ":" + port + ": " + e.getMessage()
                    + "; is another Sunstone running, or is the address not on this node?");
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /**
     * A throwaway Sunstone on a free loopback port with its session store and key in a temporary
     * folder, asked for its login page once, then closed: the takeover's server start and first
     * page are then loaded and compiled. Nothing of the real session store is touched.
     */
    private static void rehearse(SunstoneConf conf) throws IOException {
        Path dir = java.nio.file.Files.createTempDirectory("sunstone-standby-rehearsal");
        try {
            SunstoneConf tmp = new SunstoneConf("127.0.0.1", 0, conf.oned(), dir.resolve("sessions"), dir.resolve("sunstone.key"),
                    conf.toolsPath(), conf.sessionLifetime());
            SunstoneServer s = new SunstoneServer(tmp).start();
            try {
                java.net.HttpURLConnection c = (java.net.HttpURLConnection) URI.create("http://127.0.0.1:" + s.port() + "/login").toURL()
                        .openConnection();
                c.setConnectTimeout(5000);
                c.setReadTimeout(5000);
                c.getInputStream().readAllBytes();
                c.disconnect();
            } finally {
                s.close();
            }
        } finally {
            try (var files = java.nio.file.Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    /** Sunstone as a hot standby: the port is bound only at the takeover, the session store read then too. */
    private int standby(SunstoneConf conf) {
        HotStandby.Service service = new HotStandby.Service() {
            private SunstoneServer server;
            private boolean rehearsed;

            @Override
            public void warm() throws IOException {
                if (rehearsed) return;
                rehearsed = true;
                rehearse(conf);
            }

            @Override
            public void activate() throws IOException {
                try {
                    server = new SunstoneServer(conf).start();
                } catch (IOException e) {
                    throw new IOException("cannot start on " + host + ":" + port + ": " + e.getMessage(), e);
                }
            }

            @Override
            public void deactivate() {
                if (server != null) server.close();
                server = null;
            }
        };
        try {
            return new HotStandby("sunstone", standbyState, service, 0).run();
        } catch (IOException e) {
            System.err.println("sunstone-server: " + standbyState + ": " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }
}

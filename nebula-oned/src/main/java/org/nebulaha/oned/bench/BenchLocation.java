package org.nebulaha.oned.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.logging.Level;
import org.nebulaha.common.Logs;
import org.nebulaha.oned.cli.OneClient;
import org.nebulaha.oned.daemon.OneLocation;
import org.nebulaha.oned.daemon.OnedConf;

/**
 * A benchmark's own oned home: a temporary ONE_LOCATION whose oned.conf listens on a free loopback
 * port, the default files made, oned's logs quiet (only the figures go to stdout); removed on close.
 */
final class BenchLocation implements AutoCloseable {
    final Path dir;
    final OneLocation loc;
    final int port;

    private BenchLocation(Path dir, OneLocation loc, int port) {
        this.dir = dir;
        this.loc = loc;
        this.port = port;
    }

    static BenchLocation create(String prefix) throws IOException {
        java.io.PrintStream realErr = System.err;
        System.setErr(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        Logs.setup(System.err, Level.WARNING); // quiet: only figures on stdout
        System.setErr(realErr);
        Path dir = Files.createTempDirectory(prefix);
        OneLocation loc = new OneLocation(dir.resolve("etc"), dir.resolve("var"));
        int port;
        try (var s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Files.createDirectories(loc.etc());
        Files.writeString(loc.onedConf(), OnedConf.DEFAULT.replace("PORT = 2633", "PORT = " + port)
                .replace("LISTEN_ADDRESS = \"0.0.0.0\"", "LISTEN_ADDRESS = \"127.0.0.1\""));
        loc.createDefaults();
        return new BenchLocation(dir, loc, port);
    }

    /** oneadmin's client of this oned. */
    OneClient client() throws IOException {
        return new OneClient(URI.create("http://127.0.0.1:" + port + "/RPC2"), Files.readString(loc.oneAuth()).strip());
    }

    /** A benchmark argument: {@code args[i]} as a number of at least {@code min}, or {@code dflt} when absent. */
    static int arg(String[] args, int i, String name, int dflt, int min) {
        if (args.length <= i) return dflt;
        try {
            int v = Integer.parseInt(args[i]);
            if (v >= min) return v;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + " must be a whole number of at least " + min + " (got '" + args[i] + "')");
    }

    @Override
    public void close() throws IOException {
        try (var w = Files.walk(dir)) {
            for (Path p : w.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}

package org.nebulaha.membership.witness;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import org.nebulaha.common.AtomicFiles;
import org.nebulaha.common.Logs;
import org.nebulaha.common.NebulaRoot;
import org.nebulaha.conf.ricci.Certificates;
import org.nebulaha.membership.jgroups.ClusterKey;

/**
 * {@code nebula-witness}: the quorum witness daemon, run on a third machine (in the guide's layout,
 * the physical host that runs fence_virtd), as corosync-qnetd is for corosync-qdevice; our own
 * protocol ({@link WitnessProtocol}) with qnetd's ffsplit vote. It needs the cluster key (copy
 * /etc/cluster/cluster.key from a node) and makes its own self-signed TLS certificate on first start.
 *
 * <p>Usage: {@code nebula-witness [-a ADDRESS] [-p PORT] [-k KEYFILE] [-c CERTFILE] [--pid FILE]};
 * foreground, logs to stdout. Exit codes: 1 unusable key, certificate or port; 2 usage.
 */
public final class WitnessDaemon {
    public static final String DEFAULT_CERT = "/var/lib/nebula-witness/cert.p12";
    private static final String USAGE = "usage: nebula-witness [-a ADDRESS] [-p PORT] [-k KEYFILE] [-c CERTFILE] [--pid FILE]";

    private WitnessDaemon() {}

    public static void main(String[] args) {
        String address = null;
        int port = WitnessSettings.DEFAULT_PORT;
        Path keyFile = NebulaRoot.resolve("/etc/cluster/cluster.key");
        Path certFile = NebulaRoot.resolve(DEFAULT_CERT);
        Path pidFile = null;
        try {
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "-h", "--help" -> {
                        System.out.println(USAGE);
                        System.exit(0);
                    }
                    case "-f", "--foreground" -> { }
                    case "-a" -> address = value(args, ++i, a);
                    case "-p" -> port = Integer.parseInt(value(args, ++i, a));
                    case "-k" -> keyFile = Path.of(value(args, ++i, a));
                    case "-c" -> certFile = Path.of(value(args, ++i, a));
                    case "--pid" -> pidFile = Path.of(value(args, ++i, a));
                    default -> throw new IllegalArgumentException("unknown option '" + a + "'");
                }
            }
            if (port < 1 || port > 65535) throw new IllegalArgumentException("port " + port + " must be between 1 and 65535");
        } catch (IllegalArgumentException e) {
            System.err.println("nebula-witness: " + e.getMessage() + "\n" + USAGE);
            System.exit(2);
        }
        Logs.setup(System.out, Level.INFO);
        WitnessServer server;
        try {
            if (!java.nio.file.Files.isRegularFile(keyFile))
                throw new IOException("no cluster key at " + keyFile + "; copy /etc/cluster/cluster.key from a node (mode 0400)");
            ClusterKey key = ClusterKey.load(keyFile);
            Certificates.ensure(certFile, "nebula-witness");
            server = new WitnessServer(Certificates.context(certFile), address, port, key.witnessKey());
            if (pidFile != null) AtomicFiles.write(pidFile, ProcessHandle.current().pid() + "\n");
        } catch (IOException e) {
            System.err.println("nebula-witness: " + e.getMessage());
            System.exit(1);
            return;
        }
        System.getLogger("nebula-witness").log(System.Logger.Level.INFO, "serving on " + (address == null ? "*" : address) + ":"
                + server.port() + " (TLS; key " + keyFile + ")");
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stop.countDown();
        }, "shutdown"));
        try {
            stop.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) throw new IllegalArgumentException(option + " needs a value");
        return args[i];
    }
}

package org.nebulaha.conf.ricci;

import java.io.BufferedReader;
import java.io.Console;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import org.nebulaha.common.Logs;
import org.nebulaha.common.NebulaRoot;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ricci}: the per-node configuration agent (runs in the foreground; the {@code ricci} init
 * script puts it in the background), and {@code ricci passwd}, which sets its password.
 */
@Command(name = "ricci", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT, version = "ricci (nebula-ha) 0.1",
        description = "Per-node agent through which ccs -h reads and writes cluster.conf and starts the cluster daemons.",
        subcommands = RicciCommand.Passwd.class)
public final class RicciCommand implements Callable<Integer> {
    @Option(names = "-p", paramLabel = "PORT", description = "TCP port (default ${DEFAULT-VALUE})", defaultValue = "11111")
    int port;

    @Option(names = "-a", paramLabel = "ADDRESS", description = "address to listen on (default all)", defaultValue = "0.0.0.0")
    String address;

    @Option(names = "-n", paramLabel = "NAME", description = "this node's name (default: the host name)")
    String name;

    @Option(names = "-f", description = "stay in the foreground (always true; accepted for compatibility)")
    boolean foreground;

    @Option(names = "-d", description = "debug logging")
    boolean debug;

    public static void main(String[] args) {
        System.exit(new CommandLine(new RicciCommand()).execute(args));
    }

    static Path stateDir() {
        return NebulaRoot.resolve("/var/lib/ricci");
    }

    @Override
    public Integer call() throws Exception {
        Logs.setup(System.err, debug ? Level.FINE : Level.INFO);
        String home = System.getProperty("nebula.home", "/usr/share/nebula-ha");
        String nodeName = name != null ? name : InetAddress.getLocalHost().getHostName();
        RicciServer.Settings s = new RicciServer.Settings(address, port, stateDir(), NebulaRoot.clusterConf(), nodeName,
                List.of(home + "/etc/init.d/cman", "start"), List.of(home + "/etc/init.d/cman", "stop"),
                List.of(home + "/bin/cman_tool", "version", "-r"), NebulaRoot.resolve("/var/run/cluster/nebula.sock"));
        RicciServer server = new RicciServer(s);
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (Exception ignored) {
                // shutting down anyway
            }
        }));
        server.await();
        return 0;
    }

    /** {@code ricci passwd}: the guide's {@code passwd ricci}. */
    @Command(name = "passwd", mixinStandardHelpOptions = true,
            description = "Set the password ccs must give to this node's ricci (stored salted and hashed).")
    static final class Passwd implements Callable<Integer> {
        @Option(names = "--stdin", description = "read the new password from standard input (one line), like passwd --stdin")
        boolean stdin;

        @Override
        public Integer call() throws Exception {
            char[] pw;
            if (stdin) {
                String line = new BufferedReader(new InputStreamReader(System.in)).readLine();
                pw = line == null ? new char[0] : line.toCharArray();
            } else {
                Console c = System.console();
                if (c == null) {
                    System.err.println("ricci passwd: no terminal to ask on; use --stdin");
                    return 1;
                }
                pw = c.readPassword("New password: ");
                char[] again = c.readPassword("Retype new password: ");
                if (pw == null || again == null || !java.util.Arrays.equals(pw, again)) {
                    System.err.println("ricci passwd: the passwords do not match; nothing changed");
                    return 1;
                }
            }
            if (pw.length == 0) {
                System.err.println("ricci passwd: the password must not be empty; nothing changed");
                return 1;
            }
            PasswordFile f = new PasswordFile(stateDir().resolve("passwd"));
            f.set(pw);
            System.out.println("passwd: password for ricci updated successfully (" + f.path() + ")");
            return 0;
        }
    }
}

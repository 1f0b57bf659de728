package org.nebulaha.node.daemon;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.nebulaha.common.AtomicFiles;
import org.nebulaha.common.HostResolver;
import org.nebulaha.common.Logs;
import org.nebulaha.common.NebulaRoot;
import org.nebulaha.conf.ClusterConfParser;
import org.nebulaha.conf.ConfException;
import org.nebulaha.conf.model.ClusterConf;
import org.nebulaha.conf.model.ClusterNode;
import org.nebulaha.membership.conf.ClusterSettings;
import org.nebulaha.membership.jgroups.ClusterKey;
import org.nebulaha.membership.jgroups.Membership;
import org.nebulaha.membership.model.MemberInfo;
import org.nebulaha.node.api.ApiClient;
import org.nebulaha.node.api.ApiResponse;

/**
 * The node daemon ({@code nebula-node}): what cman (with corosync) is on each node of the guide's
 * cluster. It reads /etc/cluster/cluster.conf, bumps its incarnation, serves the local API, loads
 * the hosted {@link NodeModule}s, joins the cluster and then keeps membership and quorum current,
 * publishing {@link ClusterEvents}. SIGTERM or {@code cman_tool leave} stops the modules and leaves
 * the cluster cleanly (peers see a clean leave, not a failure).
 *
 * <p>Usage: {@code nebula-node [-f] [-n NODENAME]}. It always runs in the foreground; {@code -f} is
 * accepted for cman's sake and the init script puts it in the background. Exit codes: 0 after
 * {@code cman_tool leave}, 143 after SIGTERM (the JVM's code; the leave was clean all the same),
 * 1 configuration or key problem, 2 usage, 3 another daemon already runs on this root.
 */
public final class NodeDaemon {
    private static final System.Logger LOG = System.getLogger("nebula-node");
    public static final String PID_FILE = "/var/run/cluster/nebula-node.pid";

    private final EventDispatcher events = new EventDispatcher();
    private final CommandRegistry commands = new CommandRegistry();
    private final Map<String, Integer> subsystems = new LinkedHashMap<>();
    private final List<NodeModule> modules = new ArrayList<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private ClusterState state;
    private Membership membership;
    private ConfigReload reload;
    private ClusterMessaging messaging;
    private ApiServer api;
    private WitnessLink witness;
    private volatile boolean stopping;

    public EventDispatcher events() {
        return events;
    }

    public CommandRegistry commands() {
        return commands;
    }

    public ClusterState state() {
        return state;
    }

    public Membership membership() {
        return membership;
    }

    /** Messages to the same modules on the other nodes. */
    public ClusterMessaging messaging() {
        return messaging;
    }

    synchronized Map<String, Integer> subsystems() {
        return new LinkedHashMap<>(subsystems);
    }

    public static void main(String[] args) {
        String name = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "-f", "--foreground" -> { }
                case "-n", "--name" -> {
                    if (++i >= args.length) usage("-n needs a node name");
                    name = args[i];
                }
                case "-h", "--help" -> {
                    System.out.println("usage: nebula-node [-f] [-n NODENAME] | nebula-node --keygen [FILE]");
                    System.exit(0);
                }
                case "--keygen" -> System.exit(keygen(i + 1 < args.length ? args[i + 1] : null));
                default -> usage("unknown option '" + args[i] + "'");
            }
        }
        // Logs.setup's ConsoleHandler first opens System.err and closes it when it switches to
        // System.out (closing file descriptor 2): hand it a throw-away stream for that moment
        java.io.PrintStream stderr = System.err;
        System.setErr(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        Logs.setup(System.out, Level.INFO);
        System.setErr(stderr);
        Logger.getLogger("org.jgroups").setLevel(Level.WARNING);
        NodeDaemon d = new NodeDaemon();
        int rc = d.run(name);
        System.exit(rc);
    }

    /**
     * {@code nebula-node --keygen [FILE]} (corosync-keygen): writes a new cluster key (default
     * /etc/cluster/cluster.key under NebulaRoot), mode 0400; refuses to replace an existing one.
     */
    static int keygen(String file) {
        Path target = file != null ? Path.of(file) : NebulaRoot.resolve(ClusterSettings.DEFAULT_KEY_FILE);
        if (Files.exists(target)) {
            System.err.println("nebula-node: " + target + " already exists; every node needs the same key, so copy it"
                    + " to the others, or delete it first to make a new one");
            return 1;
        }
        try {
            ClusterKey.loadOrCreate(target);
        } catch (IOException e) {
            System.err.println("nebula-node: cannot write " + target + ": " + e.getMessage());
            return 1;
        }
        System.out.println("Wrote " + target + " (mode 0400); copy it to /etc/cluster/cluster.key on every node.");
        return 0;
    }

    private static void usage(String why) {
        System.err.println("nebula-node: " + why + "\nusage: nebula-node [-f] [-n NODENAME] | nebula-node --keygen [FILE]");
        System.exit(2);
    }

    int run(String nameOption) {
        ClusterSettings settings;
        Path confFile = NebulaRoot.clusterConf();
        try {
            ClusterConf conf = ClusterConfParser.parse(confFile);
            String name = nodeName(nameOption, conf);
            settings = ClusterSettings.from(conf, name, HostResolver.system());
        } catch (ConfException | IllegalArgumentException | IllegalStateException e) {
            System.err.println("nebula-node: " + e.getMessage());
            return 1;
        }
        ClusterKey key;
        long incarnation;
        try {
            key = ClusterKey.loadOrCreate(settings.membership().keyFile());
            incarnation = Incarnation.next(NebulaRoot.resolve(Incarnation.FILE));
        } catch (IOException e) {
            System.err.println("nebula-node: " + e.getMessage());
            return 1;
        }
        var local = settings.membership().local();
        warnIfLoopbackOnly(settings);
        MemberInfo self = new MemberInfo(local.name(), local.nodeid(), incarnation, System.currentTimeMillis(),
                settings.configVersion(), false, local.address());
        state = new ClusterState(settings, self, events, Clock.systemUTC());
        membership = new Membership(settings.membership(), key, state);
        state.attach(membership);
        witness = new WitnessLink(state, key);
        witness.configure(settings);
        state.onApply(witness::configure);
        reload = new ConfigReload(state, membership, events);
        messaging = new ClusterMessaging(membership);
        state.onOtherMessages(messaging);
        NodeCommands nc = new NodeCommands(this);
        commands.register("ping", "check that the daemon answers", a -> ApiResponse.ok("pong", List.of()));
        commands.register("help", "list the verbs", a -> ApiResponse.ok(commands.help()));
        commands.register("status", "cluster, quorum and node facts as key=value lines (cman_tool status)", nc::status);
        commands.register("nodes", "one tab-separated line per node (cman_tool nodes)", nc::nodes);
        commands.register("history", "recent membership and quorum events, oldest first", a -> ApiResponse.ok(state.history()));
        commands.register("totem", "the token and failure-detection timeouts in force", nc::totem);
        commands.register("reload", "[-S] activate /etc/cluster/cluster.conf on all members (cman_tool version -r)", reload::request);
        commands.register("leave", "stop hosted modules, leave the cluster cleanly and exit (cman_tool leave)", a -> leaveAndExit());
        synchronized (this) {
            subsystems.put("membership", 0);
            subsystems.put("quorum", 0);
        }
        try {
            api = new ApiServer(ApiClient.socketPath(), commands);
        } catch (IOException e) {
            System.err.println("nebula-node: " + e.getMessage());
            return 3;
        }
        for (NodeModule m : ServiceLoader.load(NodeModule.class)) {
            try {
                m.start(this);
                modules.add(m);
                synchronized (this) {
                    subsystems.put(m.name(), m.port());
                }
                LOG.log(System.Logger.Level.INFO, "started module " + m.name());
            } catch (Exception e) {
                LOG.log(System.Logger.Level.ERROR, "module " + m.name() + " failed to start; running without it", e);
            }
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop();
            api.close();
        }, "shutdown"));
        try {
            membership.start(self);
            AtomicFiles.write(NebulaRoot.resolve(PID_FILE), ProcessHandle.current().pid() + "\n");
        } catch (Exception e) {
            System.err.println("nebula-node: cannot join cluster " + settings.clusterName() + " on " + local.address() + ":"
                    + local.port() + ": " + e.getMessage());
            api.close();
            return 1;
        }
        LOG.log(System.Logger.Level.INFO, local.name() + " (nodeid " + local.nodeid() + ", incarnation " + incarnation
                + ") running config_version " + settings.configVersion() + " of cluster " + settings.clusterName()
                + "; local API on " + ApiClient.socketPath());
        // runs until SIGTERM/SIGINT or 'leave' end the JVM through System.exit and the shutdown hook
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /** Debian maps the host name to 127.0.1.1: peers on other hosts could never reach us there. */
    private static void warnIfLoopbackOnly(ClusterSettings s) {
        try {
            var local = s.membership().local();
            boolean selfLoopback = InetAddress.getByName(local.address()).isLoopbackAddress();
            boolean peersRemote = s.membership().nodes().stream().filter(n -> !n.name().equals(local.name())).anyMatch(n -> {
                try {
                    return !InetAddress.getByName(n.address()).isLoopbackAddress();
                } catch (java.net.UnknownHostException e) {
                    return false;
                }
            });
            if (selfLoopback && peersRemote)
                LOG.log(System.Logger.Level.WARNING, local.name() + " resolves to the loopback address " + local.address()
                        + " while other nodes do not: they cannot reach this node; fix /etc/hosts or add it to the hosts file");
        } catch (java.net.UnknownHostException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot resolve this node's address: " + e.getMessage());
        }
    }

    private ApiResponse leaveAndExit() {
        stop();
        Thread exit = new Thread(() -> {
            // let the API worker write this answer first; System.exit runs the (now idle) shutdown hook
            java.util.concurrent.locks.LockSupport.parkNanos(200_000_000L);
            System.exit(0);
        }, "exit");
        exit.start();
        return ApiResponse.ok("left the cluster", List.of());
    }

    /** Stops modules, leaves the cluster cleanly, removes the pid file. Runs once. */
    void stop() {
        synchronized (this) {
            if (stopping) return;
            stopping = true;
        }
        LOG.log(System.Logger.Level.INFO, "shutting down: stopping modules, then leaving the cluster cleanly");
        for (int i = modules.size() - 1; i >= 0; i--) {
            try {
                modules.get(i).stop();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "module " + modules.get(i).name() + " failed to stop", e);
            }
        }
        if (membership != null) membership.leave();
        if (witness != null) witness.close();
        if (reload != null) reload.shutdown();
        if (messaging != null) messaging.shutdown();
        if (state != null) state.shutdown();
        events.shutdown();
        try {
            Files.deleteIfExists(NebulaRoot.resolve(PID_FILE));
        } catch (IOException ignored) {
            // best effort
        }
        // printed directly: on SIGTERM, java.util.logging's own shutdown hook may already have
        // closed the log handler, and this is the line an operator looks for
        System.out.println(java.time.LocalDateTime.now().format(java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS"))
                + " INFO  nebula-node: left the cluster");
        System.out.flush();
        // the API socket is closed by the shutdown hook, so 'cman_tool leave' still gets its answer
    }

    /**
     * The node name: {@code -n}, else {@code NEBULA_NODE_NAME} (environment) or {@code nebula.node}
     * (system property), else this host's name (full or short) if cluster.conf has it.
     */
    static String nodeName(String option, ClusterConf conf) {
        if (option != null) return option;
        String n = System.getProperty("nebula.node");
        if (n == null || n.isBlank()) n = System.getenv("NEBULA_NODE_NAME");
        if (n != null && !n.isBlank()) return n;
        try {
            String host = InetAddress.getLocalHost().getHostName();
            String shortName = host.contains(".") ? host.substring(0, host.indexOf('.')) : host;
            for (ClusterNode c : conf.nodes())
                if (c.name().equals(host) || c.name().equals(shortName)) return c.name();
            throw new IllegalArgumentException("this host (" + host + ") is not a <clusternode> of cluster.conf (nodes: "
                    + conf.nodes().stream().map(ClusterNode::name).toList() + "); start with -n NODENAME or set NEBULA_NODE_NAME");
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException("cannot find this host's name (" + e.getMessage() + "); start with -n NODENAME");
        }
    }
}

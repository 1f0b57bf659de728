package org.nebulaha.lab;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.nebulaha.common.AtomicFiles;

/**
 * The guide's world on one machine: nodes one-server1..N, the physical host that runs
 * fence_virtd, and a client, on the lab network 10.10.11.0/24 where the guide's floating IP
 * 10.10.11.12 lives. Every fixed path of the guide is real inside each host (see {@link LabHost}).
 *
 * <p>Each command reads what {@code lab up} recorded in {@code DIR/lab.properties}.
 */
public final class Lab {
    public static final String SUBNET = "10.10.11";
    public static final String FLOATING_IP = SUBNET + ".12";
    public static final int SUNSTONE_PORT = 9869;
    public static final int ONED_PORT = 2633;
    /** The guide's value. */
    private int ipSleeptime = 10;
    private boolean standbyAtBoot = true;
    private boolean parallelStart;
    /** null: the mode's default (pgsql in the namespace lab, sqlite-shared in the loopback lab). */
    private LabDatabase db;
    private boolean witness;
    static final Duration T = Duration.ofSeconds(30);

    private final Path dir;
    private final Path home;
    private final PrintStream out;
    private final boolean loopbackRequested;

    /**
     * @param dir  where the lab keeps its hosts' layers, logs and state
     * @param home the nebula-ha distribution folder (bin/, lib/, etc/)
     */
    public Lab(Path dir, Path home, PrintStream out) {
        this(dir, home, out, false);
    }

    /** @param loopback {@link #up} builds the loopback lab (no namespaces, no root; see {@link LoopbackLab}) */
    public Lab(Path dir, Path home, PrintStream out, boolean loopback) {
        this.dir = dir;
        this.home = home;
        this.out = out;
        this.loopbackRequested = loopback;
    }

    /** True for the loopback lab: as recorded by the lab that is up, else as asked for. */
    public boolean loopback() {
        return LabState.load(dir).map(s -> "loopback".equals(s.get("mode"))).orElse(loopbackRequested);
    }

    private String subnet() {
        return loopback() ? LoopbackLab.SUBNET : SUBNET;
    }

    /** The guide's floating IP in this lab: 10.10.11.12, or 127.10.11.12 in the loopback lab. */
    public String floatingIp() {
        return subnet() + ".12";
    }

    /** Where the client reaches Sunstone through the floating IP. */
    public String sunstoneUrl() {
        return "http://" + floatingIp() + ":" + SUNSTONE_PORT + "/";
    }

    /** oned's XML-RPC endpoint as the client reaches it: on the floating IP (the loopback lab's oned listens on 127.0.0.1). */
    public String onedUrl() {
        return "http://" + (loopback() ? "127.0.0.1" : floatingIp()) + ":" + ONED_PORT + "/RPC2";
    }

    /**
     * The floating IP's {@code sleeptime} written by {@code lab up}: the guide's 10 s by default.
     * rgmanager waits that long after removing the address before a planned move completes.
     */
    public Lab withIpSleeptime(int seconds) {
        if (seconds < 0) throw new LabException("--sleeptime must be 0 or more seconds");
        this.ipSleeptime = seconds;
        return this;
    }

    /** Whether {@code lab up} makes the nodes start hot standbys at boot ({@link LabStandbys}); yes by default. */
    public Lab withStandby(boolean on) {
        this.standbyAtBoot = on;
        return this;
    }

    /** {@code lab up --witness}: the quorum witness on the physical host ({@link LabWitness}). */
    public Lab withWitness(boolean on) {
        this.witness = on;
        return this;
    }

    /** Whether {@code lab up} adds our {@code parallel_start="1"} to the service (the scripts start together; docs/rgmanager.md). */
    public Lab withParallelStart(boolean on) {
        this.parallelStart = on;
        return this;
    }

    /** oned's database layout for {@code lab up} (see {@link LabDatabase}). */
    public Lab withDatabase(String layout) {
        this.db = layout == null ? null : LabDatabase.parse(layout);
        return this;
    }

    private LabDatabase database() {
        if (loopback()) return LabDatabase.SQLITE_SHARED;
        String saved = LabState.load(dir).map(st -> st.get("db")).orElse(null);
        return saved != null ? LabDatabase.parse(saved) : db != null ? db : LabDatabase.PGSQL;
    }

    /** Whether this process runs as root (the namespace lab needs it). */
    public static boolean isRoot() {
        return Sh.run(List.of("id", "-u"), T).output().strip().equals("0");
    }

    // --- the hosts --------------------------------------------------------------------------------

    public static String nodeName(int i) {
        return "one-server" + i;
    }

    /** The guide's fence_xvm domain for a node: one-server1 is domain one1. */
    public static String domainOf(String node) {
        return node.replace("one-server", "one");
    }

    List<LabHost> hosts(int nodes) {
        List<LabHost> r = new ArrayList<>();
        String subnet = subnet();
        for (int i = 1; i <= nodes; i++) r.add(new LabHost(nodeName(i), subnet + "." + (100 + i), dir.resolve("hosts/" + nodeName(i)), LabHost.Kind.NODE));
        r.add(new LabHost("physical", subnet + ".250", dir.resolve("hosts/physical"), LabHost.Kind.PHYSICAL));
        r.add(new LabHost("client", subnet + ".200", dir.resolve("hosts/client"), LabHost.Kind.CLIENT));
        return r;
    }

    LabState state() {
        return LabState.load(dir).orElseThrow(() -> new LabException("no lab is up in " + dir + "; start one with: lab up"));
    }

    LabHost host(String name) {
        return hosts(state().nodes()).stream().filter(h -> h.name().equals(name) || domainOf(h.name()).equals(name)).findFirst()
                .orElseThrow(() -> new LabException("no host " + name + " in the lab; hosts: "
                        + hosts(state().nodes()).stream().map(LabHost::name).toList()));
    }

    long pid(LabHost h) {
        long pid = state().pid(h.name()).orElseThrow(() -> new LabException(h.name() + " is powered off; lab power-on " + h.name()));
        if (!LabNetwork.isAlive(pid)) throw new LabException(h.name() + " is powered off; lab power-on " + h.name());
        return pid;
    }

    Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("PATH", home.resolve("bin") + ":/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        env.put("NEBULA_HOME", home.toString());
        env.put("HOME", "/root");
        return env;
    }

    /** The environment of commands run in a host: in the loopback lab, its root, name and home. */
    Map<String, String> env(LabHost h) {
        Map<String, String> env = env();
        if (loopback()) env.putAll(LoopbackLab.env(h));
        // A node's ONE_LOCATION, as its init scripts read it: onevm, onehost and oneuser run in the
        // node then find oned's session file as an administrator's login shell on the front-end would.
        if (h.kind() == LabHost.Kind.NODE) oneLocation(file(h, "/etc/default/nebula-ha")).ifPresent(l -> env.put("ONE_LOCATION", l));
        return env;
    }

    /** The ONE_LOCATION= line of a defaults file, if it has one. */
    static Optional<String> oneLocation(Path defaults) {
        try {
            return Files.readAllLines(defaults).stream().map(String::strip).filter(l -> l.matches("(export\\s+)?ONE_LOCATION=.+"))
                    .map(l -> l.substring(l.indexOf('=') + 1).replaceAll("^[\"']|[\"']$", "")).reduce((first, last) -> last);
        } catch (IOException e) {
            return Optional.empty(); // not written yet (lab up in progress) or unreadable: no ONE_LOCATION
        }
    }

    /** A fixed path of the original layout as seen inside a host, from outside: its overlay layer or its root folder. */
    Path file(LabHost h, String absolute) {
        return loopback() ? LoopbackLab.file(h, absolute) : h.layer(absolute);
    }

    /** {@link #file} of node {@code node} (for the benchmarks: its logs). */
    public Path nodeFile(String node, String absolute) {
        return file(node(node), absolute);
    }

    /** The pid of a running node's init (its processes are its descendants); empty when it is off. */
    public Optional<Long> nodeInit(String node) {
        return state().pid(node(node).name());
    }

    /** Whether the nodes start hot standbys at boot (lab up without --no-standby). */
    public boolean standbys() {
        return !"no".equals(state().get("standby"));
    }

        /** An init script of the distribution as the host runs it: /etc/init.d/NAME, or from the distribution in the loopback lab. */
    String initScript(String name) {
        return loopback() ? home.resolve("etc/init.d/" + name).toString() : "/etc/init.d/" + name;
    }

    /**
     * The command line that runs {@code command} in a host: nodes are entered through their init
     * (all namespaces); the physical host and the client are network namespaces only, so that
     * fence_virtd's lab backend can still reach the machine's processes and namespaces.
     */
    List<String> inHost(LabHost h, List<String> command) {
        if (loopback()) {
            if (h.kind() == LabHost.Kind.NODE) pid(h); // fails when the node is off
            return LoopbackLab.onPath(command, env(h).get("PATH")); // run with env(h): the host's root, name and home
        }
        if (h.kind() == LabHost.Kind.NODE) return LabNetwork.inHost(pid(h), command);
        List<String> c = new ArrayList<>(List.of("ip", "netns", "exec", h.name()));
        c.addAll(command);
        return c;
    }

    /** Runs a command inside a host and returns what it printed; fails unless it exits 0. */
    public String exec(String host, List<String> command) {
        Sh.Result r = Sh.run(inHost(host(host), command), T, env(host(host)), null);
        if (!r.ok()) throw new LabException(host + ": " + String.join(" ", command) + " failed (exit " + r.exitCode() + "): " + r.output().strip());
        return r.output();
    }

    /** Starts a command inside a host in the background (its output goes to the host's log folder). */
    public Process startInHost(String host, List<String> command) throws IOException {
        LabHost h = host(host);
        Files.createDirectories(h.dir().resolve("log"));
        List<String> c = new ArrayList<>(command);
        if (c.get(0).equals("nebula-java")) c.set(0, home.resolve("libexec/nebula-java").toString());
        ProcessBuilder pb = new ProcessBuilder(inHost(h, c)).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(h.dir().resolve("log/background.log").toFile()));
        pb.environment().putAll(env(h));
        return pb.start();
    }

    /** Runs a command inside a host with the terminal attached; returns its exit code. */
    public int execInteractive(String host, List<String> command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(inHost(host(host), command)).inheritIO();
        pb.environment().putAll(env(host(host)));
        return pb.start().waitFor();
    }

    // --- lab up -----------------------------------------------------------------------------------

    /** Builds the lab and applies the guide's configuration with ccs. */
    public void up(int nodes, String password) throws IOException {
        if (LabState.load(dir).isPresent()) throw new LabException("a lab is already up in " + dir + " (lab status; lab down)");
        if (nodes < 2) throw new LabException("--nodes must be at least 2");
        if (loopbackRequested) {
            if (db == LabDatabase.PGSQL)
                throw new LabException("--db pgsql needs the namespace lab (one PostgreSQL per host on port 5432); the loopback lab"
                        + " keeps the shared SQLite (--db sqlite-shared)");
            upLoopback(nodes, password);
            return;
        }
        LabDatabase layout = db != null ? db : LabDatabase.PGSQL;
        preflight(layout);
        List<LabHost> hosts = hosts(nodes);
        if (layout == LabDatabase.PGSQL && !Files.isExecutable(Path.of(PG_INITDB)))
            throw new LabException("--db pgsql (the default) needs PostgreSQL 15 (Debian: apt-get install postgresql); or lab up --db sqlite-shared");
        LabState state = freshFolder(hosts, nodes, password);
        state.set("db", layout.word()).save();
        if (layout == LabDatabase.PGSQL) {
            state.set("dbpassword", Long.toHexString(new java.security.SecureRandom().nextLong() & Long.MAX_VALUE)).save();
            Path distConf = home.resolve("etc/one/oned.conf");
            write(dir.resolve("shared/one/etc/oned.conf"), LabDatabase.onedConf(Files.exists(distConf) ? Files.readString(distConf) : "",
                    state.get("dbpassword")), "rw-------");
            step("database: replicated PostgreSQL (each node its own copy; oned uses the owner's on 127.0.0.1:5432)");
        }
        step("network: bridge and " + hosts.size() + " hosts on " + SUBNET + ".0/24");
        LabNetwork.createBridge();
        String key = fenceKey();
        byte[] clusterKey = clusterKey();
        for (LabHost h : hosts) {
            prepare(h, hosts, key);
            if (h.kind() == LabHost.Kind.NODE) write(h.layer("/etc/cluster/cluster.key"), clusterKey, "r--------");
            LabNetwork.wire(h);
            if (h.kind() == LabHost.Kind.NODE) state.setPid(h.name(), LabNetwork.boot(h)).save();
        }
        for (LabHost h : hosts) if (h.kind() == LabHost.Kind.NODE) {
            exec(h.name(), List.of("ricci", "passwd", "--stdin"), password);
            exec(h.name(), List.of("/etc/init.d/ricci", "start"));
        }
        step("ricci started on " + nodes + " nodes");
        startFenceVirtd();
        if (witness) startWitness(clusterKey);
        for (LabHost h : hosts) if (h.kind() == LabHost.Kind.NODE) waitForPort(h.name(), h.address(), 11111);
        applyGuideConfiguration(password);
        waitForService("opennebula", nodeName(1), Duration.ofSeconds(120));
        state().set("standby", standbyAtBoot ? "yes" : "no").save();
        if (standbyAtBoot) for (LabHost h : hosts) if (h.kind() == LabHost.Kind.NODE) LabStandbys.start(this, h.name(), out);
    }

    /**
     * The loopback lab's up, without root: every host on its own 127.10.11.x address on lo, each node a
     * process tree with its own root folder ({@link LoopbackLab}); then, as in the namespace lab, ricci,
     * fence_virtd and the guide's ccs commands. Returns once clustat shows the service started.
     */
    private void upLoopback(int nodes, String password) throws IOException {
        preflightLoopback();
        List<LabHost> hosts = hosts(nodes);
        List<String> needed = new ArrayList<>();
        for (LabHost h : hosts) if (h.kind() == LabHost.Kind.NODE) needed.add(h.address() + ":11111");
        needed.add(floatingIp() + ":" + SUNSTONE_PORT);
        needed.add("127.0.0.1:2633");
        LoopbackLab.checkFree(needed);
        Path socket = LoopbackLab.file(hosts.get(nodes - 1), LoopbackLab.API_SOCKET);
        if (socket.toString().length() > LoopbackLab.MAX_SOCKET_PATH)
            throw new LabException("the lab folder " + dir + " is too deep: a node's API socket " + socket + " would be longer than "
                    + LoopbackLab.MAX_SOCKET_PATH + " bytes (Unix socket limit); use a shorter --dir");
        LabState state = freshFolder(hosts, nodes, password);
        step("loopback lab: " + hosts.size() + " hosts on " + LoopbackLab.SUBNET + ".x (lo, no namespaces), as "
                + System.getProperty("user.name") + ", in " + dir);
        step("database: shared SQLite in " + dir.resolve("shared/one") + " (the loopback lab's nodes share one network stack, so they"
                + " cannot each run PostgreSQL on 5432; the replicated layout, lab up's default, needs the namespace lab)");

        LabHost physical = hosts.stream().filter(h -> h.kind() == LabHost.Kind.PHYSICAL).findFirst().orElseThrow();
        write(physical.dir().resolve("lab-power"), LoopbackLab.powerScript(dir, home), "rwx------");
        String key = fenceKey();
        write(physical.dir().resolve("fence_xvm.key"), key, "rw-------");
        write(physical.dir().resolve("fence_virt.conf"),
                LoopbackLab.fenceVirtConf(physical.dir().resolve("fence_xvm.key"), physical.dir().resolve("lab-power")), "rw-------");
        Path distConf = home.resolve("etc/one/oned.conf");
        write(dir.resolve("shared/one/etc/oned.conf"), LoopbackLab.onedConf(Files.exists(distConf) ? Files.readString(distConf) : ""),
                "rw-r--r--");
        write(dir.resolve("shared/init.d/opennebula"), serviceScript("opennebula", 2633), "rwxr-xr-x");
        write(dir.resolve("shared/init.d/opennebula-sunstone"), serviceScript("opennebula-sunstone", SUNSTONE_PORT), "rwxr-xr-x");
        byte[] clusterKey = clusterKey();
        for (LabHost h : hosts) {
            Files.createDirectories(LoopbackLab.file(h, "/root"));
            Files.createDirectories(h.dir().resolve("log"));
            if (h.kind() != LabHost.Kind.NODE) continue;
            write(LoopbackLab.file(h, "/etc/cluster/hosts"), LoopbackLab.hostsFile(h, hosts), "rw-r--r--");
            write(LoopbackLab.file(h, "/etc/default/nebula-ha"), LoopbackLab.defaults(h, home, dir, floatingIp(), SUNSTONE_PORT), "rw-r--r--");
            write(LoopbackLab.file(h, "/etc/cluster/fence_xvm.key"), key, "r--------");
            write(LoopbackLab.file(h, "/etc/cluster/cluster.key"), clusterKey, "r--------");
            state.setPid(h.name(), LoopbackLab.boot(h, env(h))).save();
        }
        for (LabHost h : hosts) if (h.kind() == LabHost.Kind.NODE) {
            exec(h.name(), List.of("ricci", "passwd", "--stdin"), password);
            exec(h.name(), List.of(initScript("ricci"), "start"));
        }
        step("ricci started on " + nodes + " nodes (each on its own address, port 11111)");
        if (LoopbackLab.multicastOnLo()) {
            startFenceVirtd();
        } else {
            state.set("fence", "fence_lab").save();
            String forced = System.getenv("NEBULA_LAB_LOOPBACK_FENCE");
            step((forced != null && !forced.isBlank() ? "NEBULA_LAB_LOOPBACK_FENCE=" + forced.strip()
                    : "multicast on lo does not work here for " + System.getProperty("user.name")) + ": no fence_virtd; the fence device is"
                    + " the lab's fence_lab agent on the lab power command " + physical.dir().resolve("lab-power") + " (docs/fencing.md)");
        }
        if (witness) startWitness(clusterKey);
        for (LabHost h : hosts) if (h.kind() == LabHost.Kind.NODE) waitForPort(h.name(), h.address(), 11111);
        applyGuideConfiguration(password);
        waitForService("opennebula", nodeName(1), Duration.ofSeconds(120));
        state().set("standby", standbyAtBoot ? "yes" : "no").save();
        if (standbyAtBoot) for (LabHost h : hosts) if (h.kind() == LabHost.Kind.NODE) LabStandbys.start(this, h.name(), out);
    }

    /**
     * Both modes' start: the hosts' folders, the shared ONE_LOCATION and the journal of the last lab go;
     * the state (mode, nodes, password, home) and the name-to-address table are written. Returns the state.
     */
    private LabState freshFolder(List<LabHost> hosts, int nodes, String password) throws IOException {
        if (Files.exists(dir.resolve("hosts"))) Sh.check("rm", "-rf", dir.resolve("hosts").toString());
        if (Files.exists(dir.resolve("shared"))) Sh.check("rm", "-rf", dir.resolve("shared").toString());
        Files.createDirectories(dir.resolve("shared/one"));
        Files.deleteIfExists(journal());
        LabState state = LabState.create(dir);
        if (loopbackRequested) state.set("mode", "loopback");
        state.set("nodes", String.valueOf(nodes)).set("password", password).set("home", home.toString()).save();
        StringBuilder addresses = new StringBuilder();
        for (LabHost h : hosts) addresses.append(h.name()).append(' ').append(h.address()).append('\n');
        AtomicFiles.write(dir.resolve("addresses"), addresses.toString());
        return state;
    }

    /**
     * The cluster key authenticates and encrypts cluster traffic; like corosync's authkey it is made
     * once (nebula-node --keygen) and copied to every node before the daemons start.
     */
    private static byte[] clusterKey() {
        byte[] key = new byte[128];
        new java.security.SecureRandom().nextBytes(key);
        return key;
    }

    private void preflightLoopback() throws IOException {
        List<String> missing = new ArrayList<>();
        for (String tool : List.of("setsid", "grep", "sed", "bash", "curl"))
            if (!Sh.run(List.of("sh", "-c", "command -v " + tool), T).ok()) missing.add(tool);
        if (!missing.isEmpty())
            throw new LabException("the loopback lab needs " + missing + "; install them (Debian: apt-get install util-linux grep sed bash curl)");
        if (!Files.isDirectory(Path.of("/proc/self")))
            throw new LabException("the loopback lab needs Linux's /proc (it finds each host's processes there)");
        if (!Files.isExecutable(home.resolve("bin/ccs")))
            throw new LabException(home + " is not a nebula-ha distribution (no bin/ccs); build it with: mvn -q package -DskipTests");
        for (String s : List.of("ricci", "cman", "opennebula", "opennebula-sunstone"))
            if (!Files.isExecutable(home.resolve("etc/init.d/" + s)))
                throw new LabException("the loopback lab runs the distribution's init scripts, and " + home.resolve("etc/init.d/" + s)
                        + " is missing or not executable");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new LabException("cannot create the lab folder " + dir + " (" + e + "); choose another with --dir or NEBULA_LAB_DIR");
        }
        if (!Files.isWritable(dir)) throw new LabException("the lab folder " + dir + " is not writable by " + System.getProperty("user.name")
                + "; choose another with --dir or NEBULA_LAB_DIR");
    }

    /** Waits until clustat shows {@code service} started on {@code node}. */
    private void waitForService(String service, String node, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        Optional<ServiceStatus> last = Optional.empty();
        while (System.nanoTime() < deadline) {
            last = serviceStatus(service);
            if (last.map(s -> s.isStartedOn(node)).orElse(false)) return;
            java.util.concurrent.locks.LockSupport.parkNanos(200_000_000L);
        }
        throw new LabException("service:" + service + " did not start on " + node + " within " + within.toSeconds() + " s (clustat: "
                + last.map(Object::toString).orElse("no answer") + "); see " + dir.resolve("hosts/" + node + "/root/var/log/cluster"));
    }

    private void step(String what) {
        out.println("lab: " + what);
    }

    private static final String PG_INITDB = "/usr/lib/postgresql/15/bin/initdb";

    private void preflight(LabDatabase layout) {
        if (!isRoot())
            throw new LabException("""
                    lab up needs root for the namespace lab: it makes network namespaces, a bridge and mounts.
                    Run it as root (sudo lab up), or, without root, start the loopback lab:
                        lab up --loopback
                    every host on its own 127.10.11.x address on lo, each node a process tree with its own root
                    folder, no partitions (docs/lab.md, "Without root: loopback mode").""".strip());
        List<String> missing = new ArrayList<>();
        for (String tool : List.of("ip", "unshare", "nsenter", "tini", "nft", "curl", "arping", "ping"))
            if (!Sh.run(List.of("sh", "-c", "command -v " + tool), T).ok()) missing.add(tool);
        if (layout == LabDatabase.PGSQL && !Files.isExecutable(Path.of(PG_INITDB))) missing.add("PostgreSQL 15");
        if (!missing.isEmpty()) {
            // A fresh machine: install the lab's few Debian packages, as the README promises one command.
            step("installing the tools the lab needs (" + String.join(", ", missing) + ") with apt-get");
            List<String> pkgs = new ArrayList<>(List.of("iproute2", "util-linux", "tini", "nftables", "curl", "iputils-arping", "iputils-ping"));
            if (layout == LabDatabase.PGSQL) pkgs.add("postgresql");
            Sh.Result r = Sh.run(List.of("sh", "-c", "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "
                    + "--no-install-recommends " + String.join(" ", pkgs)), Duration.ofMinutes(10));
            if (!r.ok()) throw new LabException("the lab needs " + missing + "; installing them failed: " + r.output().strip()
                    + "\ninstall them with: apt-get install -y " + String.join(" ", pkgs));
        }
        if (!Files.isExecutable(home.resolve("bin/ccs")))
            throw new LabException(home + " is not a nebula-ha distribution (no bin/ccs); build it with: mvn -q package -DskipTests");
    }

    /** The guide's key: {@code date +%s | sha256sum | base64 | head -c 32}. */
    private static String fenceKey() {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest((System.currentTimeMillis() / 1000 + "\n").getBytes(StandardCharsets.US_ASCII));
            StringBuilder hex = new StringBuilder();
            for (byte b : d) hex.append(String.format("%02x", b));
            return Base64.getEncoder().encodeToString((hex + "  -\n").getBytes(StandardCharsets.US_ASCII)).substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes a host's own files into its overlay layers before it boots. */
    private void prepare(LabHost h, List<LabHost> all, String key) throws IOException {
        StringBuilder etcHosts = new StringBuilder(Files.readString(Path.of("/etc/hosts")));
        etcHosts.append("\n# nebula-ha lab\n");
        for (LabHost o : all) etcHosts.append(o.address()).append('\t').append(o.name()).append('\n');
        write(h.layer("/etc/hosts"), etcHosts.toString(), "rw-r--r--");
        write(h.layer("/etc/hostname"), h.name() + "\n", "rw-r--r--");
        // ONE_LOCATION is shared by the nodes, as the guide's HA database is: whichever node runs
        // oned finds the same state (oned's ownership lock keeps a second one out).
        // Sunstone listens on every address of the node, so the floating IP reaches it.
        write(h.layer("/etc/default/nebula-ha"), "NEBULA_HOME=" + home + "\nONE_LOCATION=" + dir.resolve("shared/one")
                + "\nSUNSTONE_OPTS=\"--host 0.0.0.0\"\n", "rw-r--r--");
        if (h.kind() == LabHost.Kind.CLIENT) return;
        if (h.kind() == LabHost.Kind.PHYSICAL) {
            // The physical host shares the machine's files: its own live in its folder.
            write(h.dir().resolve("fence_xvm.key"), key, "rw-------");
            write(h.dir().resolve("fence_virt.conf"), fenceVirtConf(h), "rw-------");
            write(h.dir().resolve("lab-power"), powerScript(), "rwx------");
            return;
        }
        write(h.layer("/etc/cluster/fence_xvm.key"), key, "r--------");
        String dbPassword = state().get("dbpassword");
        if (dbPassword != null) {
            // one password for replication and for oned: the lab's nodes trust each other alike
            write(h.layer(LabDatabase.REPL_PASSWORD_FILE), dbPassword + "\n", "rw-------");
            write(h.layer(LabDatabase.DB_PASSWORD_FILE), dbPassword + "\n", "rw-------");
        }
        Path initd = h.layer("/etc/init.d/x").getParent();
        Files.createDirectories(initd);
        for (String script : List.of("ricci", "cman")) {
            Path target = home.resolve("etc/init.d/" + script);
            Path link = initd.resolve(script);
            Files.deleteIfExists(link);
            Files.createSymbolicLink(link, target);
        }
        write(initd.resolve("opennebula"), serviceScript("opennebula", 2633), "rwxr-xr-x");
        write(initd.resolve("opennebula-sunstone"), serviceScript("opennebula-sunstone", SUNSTONE_PORT), "rwxr-xr-x");
    }

    /**
     * A service script that records every start and stop in the lab journal (outside the nodes,
     * so the invariant checker sees them even when a node dies) around the real init script, or
     * around a stand-in HTTP service until the real one ships.
     */
    private String serviceScript(String name, int port) {
        Path real = home.resolve("etc/init.d/" + name);
        String body;
        if (Files.isExecutable(real)) {
            body = "\"" + real + "\" \"$@\"";
        } else {
            body = """
                    pidfile=/run/NAME.pid
                    alive() { [ -r $pidfile ] && kill -0 "$(cat $pidfile)" 2>/dev/null; }
                    case "$1" in
                      start) alive && exit 0
                             nohup "$NEBULA_HOME/libexec/nebula-java" org.nebulaha.lab.StandInService NAME PORT $pidfile \\
                               >> /var/log/NAME.log 2>&1 < /dev/null &
                             n=0; until curl -s -o /dev/null -m 1 http://127.0.0.1:PORT/; do
                               n=$((n+1)); [ $n -gt 200 ] && exit 1; sleep 0.05; done ;;
                      stop)  alive && kill -9 "$(cat $pidfile)"; rm -f $pidfile; exit 0 ;;
                      status) alive && curl -s -o /dev/null -m 1 http://127.0.0.1:PORT/ || exit 3 ;;
                      restart) "$0" stop; "$0" start ;;
                      *) echo "usage: $0 {start|stop|status|restart}"; exit 2 ;;
                    esac
                    """.replace("NAME", name).replace("PORT", String.valueOf(port));
            body = "(\n" + body + ")";
        }
        return """
                #!/bin/sh
                # NAME for the nebula-ha lab: journals starts and stops, then runs the service.
                SOURCE; export NEBULA_HOME
                journal=JOURNAL
                now() { date +%s%3N; }
                [ "$1" = start ] && echo "$(now) WHO NAME start" >> $journal
                BODY
                rc=$?
                [ "$1" = start ] && [ $rc = 0 ] && echo "$(now) WHO NAME started" >> $journal
                [ "$1" = stop ] && [ $rc = 0 ] && echo "$(now) WHO NAME stopped" >> $journal
                exit $rc
                """.replace("NAME", name).replace("JOURNAL", journal().toString()).replace("BODY", body)
                // the loopback lab's scripts are shared by the nodes: the caller's NEBULA_ROOT says which one runs it
                .replace("SOURCE", loopback() ? ". \"$NEBULA_ROOT/etc/default/nebula-ha\"" : ". /etc/default/nebula-ha")
                .replace("WHO", loopback() ? "$NEBULA_NODE_NAME" : "$(hostname)");
    }

    public Path journal() {
        return dir.resolve("journal");
    }

    private String fenceVirtConf(LabHost physical) {
        return """
                # The guide's fence_virtd configuration, with the lab backend instead of libvirt:
                # domains one1..N are the lab's nodes one-server1..N, powered off and on by the lab.
                fence_virtd {
                	listener = "multicast";
                	backend = "lab";
                }
                listeners {
                	multicast {
                		interface = "eth0";
                		port = "1229";
                		family = "ipv4";
                		address = "225.0.0.12";
                		key_file = "KEY";
                	}
                }
                backends {
                	lab {
                		power_command = "POWER";
                	}
                }
                """.replace("HOME", home.toString()).replace("KEY", physical.dir().resolve("fence_xvm.key").toString())
                .replace("POWER", physical.dir().resolve("lab-power").toString());
    }

    /**
     * The power command of fence_virtd's lab backend ({@code CMD off|on|reboot|status|list [DOMAIN]}).
     * Power-off and status are the fencing path, so they are done here in a few shell lines
     * (link down, SIGKILL to the node's init) rather than by starting a JVM; the rest goes to
     * {@code lab power}.
     */
    private String powerScript() {
        return """
                #!/bin/sh
                # fence_virtd's lab backend: CMD off|on|reboot|status|list [DOMAIN] (DOMAIN one1 = one-server1)
                dir=DIR
                case "$2" in one[0-9]*) node="one-server${2#one}" ;; *) node="$2" ;; esac
                pid=$(sed -n "s/^pid\\.$node=//p" "$dir/lab.properties" 2>/dev/null)
                alive() { [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; }
                case "$1" in
                  status) [ -n "$node" ] || exit 1; alive && exit 0; exit 2 ;;
                  off) [ -n "$node" ] || exit 1
                       alive || exit 0
                       ip -n "$node" link set eth0 down
                       kill -9 "$pid"
                       n=0; while kill -0 "$pid" 2>/dev/null && [ $n -lt 500 ]; do sleep 0.01; n=$((n+1)); done
                       # the floating IP it held goes with the power
                       ip -n "$node" addr flush dev eth0; ip -n "$node" addr add "$(sed -n "s/^$node[[:space:]]//p" "$dir/addresses")/24" dev eth0
                       echo "$(date +%s%3N) $node - poweroff" >> "$dir/journal"
                       exit 0 ;;
                  on|reboot)
                       [ -n "$node" ] || exit 1
                       [ "$1" = reboot ] && { "$0" off "$2" || exit 1; }
                       # Like a hypervisor starting a domain: the power comes on now, the boot runs on
                       # its own; the fence agent does not wait for the node's daemons.
                       setsid nohup "HOME/bin/lab" --dir "$dir" power on "$2" > "$dir/power-on-$node.log" 2>&1 < /dev/null &
                       exit 0 ;;
                  *) exec "HOME/bin/lab" --dir "$dir" power "$@" ;;
                esac
                """.replace("DIR", dir.toString()).replace("HOME", home.toString());
    }

    private void startFenceVirtd() {
        if (!Files.isExecutable(home.resolve("bin/fence_virtd"))) {
            step("fence_virtd is not in this distribution yet; fencing is not available");
            return;
        }
        LabHost physical = host("physical");
        try {
            Path log = physical.dir().resolve("fence_virtd.log");
            List<String> cmd = new ArrayList<>(loopback() ? List.of("setsid") : List.of("setsid", "ip", "netns", "exec", "physical"));
            cmd.addAll(List.of(home.resolve("bin/fence_virtd").toString(),
                    "-F", "-f", physical.dir().resolve("fence_virt.conf").toString(), "-p", physical.dir().resolve("fence_virtd.pid").toString()));
            ProcessBuilder pb = new ProcessBuilder(cmd)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            if (loopback()) pb.environment().putAll(env(physical));
            pb.environment().put("NEBULA_LAB_DIR", dir.toString());
            Process p = pb.start();
            state().setPid(physical.name(), p.pid()).save();
        } catch (IOException e) {
            throw new LabException("cannot start fence_virtd: " + e.getMessage());
        }
        step("fence_virtd started on the physical host (multicast 225.0.0.12:1229 on " + (loopback() ? "lo" : "eth0") + ", lab backend)");
    }

    private void startWitness(byte[] clusterKey) {
        LabHost physical = host("physical");
        LabWitness.start(physical, home, clusterKey, loopback(), loopback() ? env(physical) : Map.of());
        state().set("witness", "1").save();
        step("nebula-witness started on the physical host (" + physical.address() + ":" + LabWitness.PORT + ", TLS)");
    }

    /** The guide's Step 3, Step 4 and fencing commands, run with ccs on one-server1. */
    private void applyGuideConfiguration(String password) {
        List<List<String>> commands = List.of(
                List.of("-h", "one-server1", "--createcluster", "opennebula"),
                List.of("-h", "one-server1", "--setcman", "two_node=1", "expected_votes=1"));
        List<List<String>> all = new ArrayList<>(commands);
        int nodes = state().nodes();
        if (nodes > 2) all.set(1, List.of("-h", "one-server1", "--setcman"));
        for (int i = 1; i <= nodes; i++) all.add(List.of("-h", "one-server1", "--addnode", nodeName(i)));
        all.add(List.of("-h", "one-server1", "--startall"));
        all.add(List.of("-h", "one-server1", "--addfailoverdomain", "opennebula", "ordered"));
        for (int i = 1; i <= nodes; i++)
            all.add(List.of("-h", "one-server1", "--addfailoverdomainnode", "opennebula", nodeName(i), String.valueOf(i)));
        all.add(List.of("-h", "one-server1", "--sync", "--activate"));
        // The loopback lab: the floating IP is a 127.x address; the service scripts are the lab's shared
        // ones (rgmanager runs file= as a machine path, and /etc/init.d is root's).
        String floating = floatingIp();
        String scripts = loopback() ? dir.resolve("shared/init.d").toString() : "/etc/init.d";
        all.add(List.of("--addresource", "ip", "address=" + floating, "sleeptime=" + ipSleeptime, "monitor_link=1"));
        all.add(List.of("--addresource", "script", "name=opennebula", "file=" + scripts + "/opennebula"));
        all.add(List.of("--addresource", "script", "name=sunstone", "file=" + scripts + "/opennebula-sunstone"));
        boolean pgsql = database() == LabDatabase.PGSQL;
        if (pgsql) all.add(LabDatabase.addResource());
        List<String> addService = new ArrayList<>(List.of("--addservice", "opennebula", "domain=opennebula", "recovery=restart", "autostart=1"));
        if (parallelStart) addService.add("parallel_start=1");
        all.add(addService);
        all.add(List.of("--addsubservice", "opennebula", "ip", "ref=" + floating));
        if (pgsql) all.add(LabDatabase.addSubservice());
        all.add(List.of("--addsubservice", "opennebula", "script", "ref=opennebula"));
        all.add(List.of("--addsubservice", "opennebula", "script", "ref=sunstone"));
        all.add(List.of("-h", "one-server1", "--sync", "--activate"));
        // fence_xvm reads key_file= as a machine path; without it, it reads /etc/cluster/fence_xvm.key
        // under the node's root, which is what the loopback lab needs.
        if (loopback() && "fence_lab".equals(state().get("fence")))
            all.add(List.of("--addfencedev", "libvirt-kvm", "agent=fence_lab", "power_command=" + dir.resolve("hosts/physical/lab-power")));
        else if (loopback()) all.add(List.of("--addfencedev", "libvirt-kvm", "agent=fence_xvm", "multicast_address=225.0.0.12", "ipport=1229"));
        else all.add(List.of("--addfencedev", "libvirt-kvm", "agent=fence_xvm", "key_file=/etc/cluster/fence_xvm.key",
                "multicast_address=225.0.0.12", "ipport=1229"));
        for (int i = 1; i <= nodes; i++) all.add(List.of("--addmethod", "libvirt-kvm", nodeName(i)));
        for (int i = 1; i <= nodes; i++)
            all.add(List.of("--addfenceinst", "libvirt-kvm", nodeName(i), "libvirt-kvm", "port=" + domainOf(nodeName(i))));
        all.add(List.of("-h", "one-server1", "--sync", "--activate"));
        if ("1".equals(state().get("witness"))) all.addAll(LabWitness.ccsCommands(nodes));
        for (List<String> c : all) {
            List<String> cmd = new ArrayList<>(List.of("ccs", "-p", password));
            cmd.addAll(c);
            out.println("[root@one-server1 ~]# ccs " + String.join(" ", c));
            Sh.Result r = Sh.run(inHost(host("one-server1"), cmd), Duration.ofSeconds(150), env(host("one-server1")), null);
            if (!r.output().isBlank()) out.print(r.output().endsWith("\n") ? r.output() : r.output() + "\n");
            if (!r.ok()) throw new LabException("ccs " + String.join(" ", c) + " failed (exit " + r.exitCode() + ")");
        }
    }

    private String exec(String host, List<String> command, String stdin) {
        Sh.Result r = Sh.run(inHost(host(host), command), T, env(host(host)), stdin);
        if (!r.ok()) throw new LabException(host + ": " + String.join(" ", command) + " failed: " + r.output().strip());
        return r.output();
    }

    private void waitForPort(String host, String address, int port) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        List<String> probe = inHost(host(host), List.of("bash", "-c", "exec 3<>/dev/tcp/" + address + "/" + port));
        while (System.nanoTime() < deadline) {
            if (Sh.run(probe, T).ok()) return;
            java.util.concurrent.locks.LockSupport.parkNanos(100_000_000L);
        }
        throw new LabException(host + ": nothing listens on " + address + ":" + port + " after 30 s; see " + host(host).dir().resolve("var-log-up"));
    }

    private static void write(Path p, String content, String mode) throws IOException {
        write(p, content.getBytes(StandardCharsets.UTF_8), mode);
    }

    /** Writes atomically with {@code mode} (AtomicFiles sets a read-only mode after opening, so a non-root writer is not locked out). */
    private static void write(Path p, byte[] content, String mode) throws IOException {
        Files.createDirectories(p.getParent());
        AtomicFiles.write(p, content, PosixFilePermissions.fromString(mode));
    }

    // --- faults -----------------------------------------------------------------------------------

    /**
     * Runs a change of a node's power alone: fence_virtd's lab backend powers nodes on in a process of
     * its own ({@code lab power on}, in the background after a reboot), while a test or a user may do
     * the same; two boots of one node at once would fight over its mounts.
     */
    private <T> T withPowerLock(LabHost h, java.util.concurrent.Callable<T> change) throws IOException {
        // the file lock is per process: threads of this one queue on the node's monitor first
        synchronized (POWER_CHANGES.computeIfAbsent(h.name(), n -> new Object())) {
            Files.createDirectories(h.dir());
            try (java.nio.channels.FileChannel f = java.nio.channels.FileChannel.open(h.dir().resolve("power.lock"),
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
                 java.nio.channels.FileLock held = f.lock()) {
                return change.call();
            } catch (IOException | RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static final Map<String, Object> POWER_CHANGES = new java.util.concurrent.ConcurrentHashMap<>();

    /** Power loss: link down, then every process of the host killed at once. */
    public void crash(String name) {
        LabHost h = node(name);
        try {
            withPowerLock(h, () -> {
                crashNow(h);
                return null;
            });
        } catch (IOException e) {
            throw new LabException("could not power off " + h.name() + ": " + e.getMessage());
        }
    }

    private void crashNow(LabHost h) {
        long pid = pid(h);
        if (loopback()) {
            // every process of the node at once (stopped first, then killed); the script journals the poweroff
            Sh.Result r = LoopbackLab.power(dir, List.of("off", h.name()));
            if (!r.ok()) throw new LabException("could not power off " + h.name() + ": " + r.output().strip());
            state().setPid(h.name(), null).save();
            return;
        }
        LabNetwork.powerOff(h, pid);
        state().setPid(h.name(), null).save();
        journalEvent(h.name(), "poweroff");
    }

    /** Power on: the host boots with its disks (overlay layers) as they were; ricci and cman start as at boot. */
    public void powerOn(String name) throws IOException {
        LabHost h = node(name);
        withPowerLock(h, () -> {
            if (isOn(h.name())) throw new LabException(h.name() + " is already on");
            boot(h);
            return null;
        });
        startBootServices(h);
    }

    /**
     * Brings a node back to running whatever a fault left it in: powered on if off (waiting for a
     * power change in progress, such as a fence agent's reboot, to end first), resumed if paused.
     */
    public void ensureOn(String name) throws IOException {
        LabHost h = node(name);
        boolean wasOn = withPowerLock(h, () -> {
            if (isOn(h.name())) return true;
            boot(h);
            return false;
        });
        if (wasOn) resume(h.name());
        else startBootServices(h);
    }

    /** The power comes on: the host's init runs with its disks as they were (under the node's power lock). */
    private void boot(LabHost h) throws IOException {
        if (loopback()) {
            LoopbackLab.power(dir, List.of("kill", h.name())); // what the power-off left (nothing, normally) goes
            state().setPid(h.name(), LoopbackLab.boot(h, env(h))).save();
        } else {
            LabNetwork.resetAddresses(h); // also when fence_virtd's shell power command did the power-off
            state().setPid(h.name(), LabNetwork.boot(h)).save();
            LabNetwork.linkUp(h, true);
        }
        journalEvent(h.name(), "poweron");
    }

    /** What starts at boot: ricci, and cman once the node has a cluster.conf (outside the power lock: a fence may power it off meanwhile). */
    private void startBootServices(LabHost h) {
        exec(h.name(), List.of(initScript("ricci"), "start"));
        if (Files.exists(file(h, "/etc/cluster/cluster.conf"))) exec(h.name(), List.of(initScript("cman"), "start"));
        if (!"no".equals(state().get("standby"))) LabStandbys.start(this, h.name(), out);
    }

    LabHost node(String name) {
        LabHost h = host(name);
        if (h.kind() != LabHost.Kind.NODE) throw new LabException(h.name() + " is not a cluster node");
        return h;
    }

    /** How many cluster nodes the lab that is up has. */
    public int nodeCount() {
        return state().nodes();
    }

    /** The first node of the lab other than {@code name}: where to watch a fault on {@code name} from. */
    public String otherNode(String name) {
        String me = node(name).name();
        for (int i = 1; i <= state().nodes(); i++) if (!nodeName(i).equals(me)) return nodeName(i);
        throw new LabException("the lab has no node other than " + me);
    }

    public boolean isOn(String name) {
        return state().pid(host(name).name()).map(LabNetwork::isAlive).orElse(false);
    }

    /** Kills the main process of the node's opennebula service (kill -9), as a crash of oned would. */
    public void killService(String name) {
        String run = loopback() ? "$NEBULA_ROOT/var/run" : "/run";
        // both files name oned (the init script copies one to the other): one kill per pid, or the second
        // could find it already reaped and make a kill that worked look failed
        exec(node(name).name(), List.of("sh", "-c", "kill -9 $(cat " + run + "/oned.pid " + run + "/opennebula.pid 2>/dev/null | sort -u) 2>/dev/null || "
                + "{ echo 'no opennebula process runs on this node'; exit 1; }"));
    }

    public void partition(String a, String b) {
        notInLoopback("lab partition");
        LabNetwork.block(host(a), host(b));
    }

    public void heal() {
        notInLoopback("lab heal");
        for (LabHost h : hosts(state().nodes())) LabNetwork.unblockAll(h);
    }

    /** SIGSTOP to every process of the host but its init: a hung machine whose sockets stay open. */
    public void pause(String name) {
        if (loopback()) {
            signalLoopback(name, "stop");
            return;
        }
        // kill -1 signals every process but init and the caller; it fails only when there is none
        exec(node(name).name(), List.of("sh", "-c", "kill -STOP -1 2>/dev/null; exit 0"));
    }

    public void resume(String name) {
        if (loopback()) {
            signalLoopback(name, "cont");
            return;
        }
        exec(node(name).name(), List.of("sh", "-c", "kill -CONT -1 2>/dev/null; exit 0"));
    }

    private void signalLoopback(String name, String what) {
        LabHost h = node(name);
        pid(h);
        Sh.Result r = LoopbackLab.power(dir, List.of(what, h.name()));
        if (!r.ok()) throw new LabException("could not " + what + " the processes of " + h.name() + ": " + r.output().strip());
    }

    private void notInLoopback(String what) {
        if (loopback())
            throw new LabException(what + " needs the namespace lab (nftables in each host's own network namespace, as root); in the"
                    + " loopback lab every host shares the machine's lo. Use lab down, then lab up as root.");
    }

    private void journalEvent(String host, String event) {
        try {
            Files.writeString(journal(), System.currentTimeMillis() + " " + host + " - " + event + "\n", StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new LabException("cannot write the journal " + journal() + ": " + e.getMessage());
        }
    }

    /** A service as clustat shows it: owner (empty when none) and state word. */
    public record ServiceStatus(String owner, String state) {
        public boolean isStartedOn(String node) {
            return state.startsWith("started") && owner.equals(node);
        }
    }

    /**
     * The service's owner and state, from {@code clustat} on the first powered node that answers
     * (a service line reads {@code service:NAME  OWNER  STATE}, or {@code (LASTOWNER)} when not running).
     */
    public Optional<ServiceStatus> serviceStatus(String service) {
        for (LabHost h : hosts(state().nodes())) {
            if (h.kind() != LabHost.Kind.NODE || !isOn(h.name())) continue;
            Sh.Result r = Sh.run(inHost(h, List.of("clustat", "-s", service)), Duration.ofSeconds(5), env(h), null);
            for (String line : r.output().split("\n")) {
                String[] f = line.strip().split("\\s+");
                if (f.length >= 3 && f[0].equals("service:" + service)) {
                    String owner = f[1].startsWith("(") || f[1].equals("none") ? "" : f[1];
                    return Optional.of(new ServiceStatus(owner, String.join(" ", java.util.Arrays.copyOfRange(f, 2, f.length))));
                }
            }
        }
        return Optional.empty();
    }

    /** Fetches a URL from the client host (curl, 1 s timeout); empty when nothing answers. */
    public Optional<String> fetchFromClient(String url) {
        Sh.Result r = Sh.run(inHost(host("client"), List.of("curl", "-s", "-m", "1", url)), Duration.ofSeconds(5), env(host("client")), null);
        return r.ok() ? Optional.of(r.output()) : Optional.empty();
    }

    public List<String> journalLines() {
        try {
            return Files.exists(journal()) ? Files.readAllLines(journal()) : List.of();
        } catch (IOException e) {
            throw new LabException("cannot read the journal " + journal() + ": " + e.getMessage());
        }
    }

    public Path dir() {
        return dir;
    }

    /** Power events of the journal (fencing through fence_virtd's lab backend writes them too). */
    public List<String> fenceEvents() {
        return journalLines().stream().filter(l -> l.endsWith(" poweroff") || l.endsWith(" poweron")).toList();
    }

    // --- status and down ---------------------------------------------------------------------------

    public void status() {
        LabState s = state();
        out.printf("%-13s %-15s %s%n", "Host", "Address", "State");
        for (LabHost h : hosts(s.nodes())) {
            String st = switch (h.kind()) {
                case NODE -> isOn(h.name()) ? "on" : "off (lab power-on " + h.name() + ")";
                case PHYSICAL -> "fence_lab".equals(s.get("fence")) ? "on, no fence_virtd (fence device: fence_lab on the lab power command)"
                        : s.pid(h.name()).map(LabNetwork::isAlive).orElse(false)
                        ? "on, fence_virtd running" + (loopback() ? " (multicast 225.0.0.12:1229 on lo)" : "") : "on, fence_virtd not running";
                case CLIENT -> "on";
            };
            out.printf("%-13s %-15s %s%n", h.name(), h.address(), st);
        }
        out.println();
        for (LabHost h : hosts(s.nodes())) {
            if (h.kind() != LabHost.Kind.NODE || !isOn(h.name())) continue;
            Sh.Result r = Sh.run(inHost(h, List.of("clustat")), T, env(h), null);
            out.print(r.output());
            break;
        }
        out.println("Sunstone: " + sunstoneUrl() + "  (from the client: lab exec client -- curl -sL " + sunstoneUrl() + ")"
                + (loopback() ? "\nLoopback lab: every process runs as " + System.getProperty("user.name") + " under " + dir
                + "; partitions need the namespace lab" : ""));
    }

    /** Removes every namespace and process the lab made; the folder stays for a post-mortem until the next up. */
    public void down() {
        if (loopback() || LoopbackLab.isLoopbackFolder(dir)) {
            downLoopback();
            return;
        }
        Optional<LabState> s = LabState.load(dir);
        int nodes = s.map(LabState::nodes).orElse(2);
        for (LabHost h : hosts(Math.max(nodes, 2))) {
            s.flatMap(st -> st.pid(h.name())).filter(LabNetwork::isAlive).ifPresent(pid -> {
                if (h.kind() == LabHost.Kind.NODE) LabNetwork.powerOff(h, pid);
                else ProcessHandle.of(pid).ifPresent(ph -> { ph.descendants().forEach(ProcessHandle::destroyForcibly); ph.destroyForcibly(); });
            });
            LabNetwork.deleteNamespace(h.name());
        }
        LabNetwork.deleteNamespace(LabNetwork.BRIDGE_NS);
        s.ifPresent(LabState::delete);
        // A power-on that fence_virtd started in the background may have booted a host meanwhile:
        // end every process that still runs on this lab's folders (host inits, power commands).
        endLabCommands();
        step("down: namespaces and processes removed; logs and layers kept in " + dir.resolve("hosts"));
    }

    /** Ends every process whose command line names this lab's folders (host inits, background power commands). */
    private void endLabCommands() {
        String mark = dir.resolve("hosts").toString();
        long self = ProcessHandle.current().pid();
        ProcessHandle.allProcesses().filter(ph -> ph.pid() != self)
                .filter(ph -> ph.info().commandLine().map(c -> c.contains(mark) || c.contains("--dir " + dir + " power")).orElse(false))
                .forEach(ph -> {
                    ph.descendants().forEach(ProcessHandle::destroyForcibly);
                    ph.destroyForcibly();
                });
    }

    /** The loopback lab's down: the background power commands first (they could boot a host again), then every host's processes. */
    private void downLoopback() {
        Optional<LabState> s = LabState.load(dir);
        endLabCommands();
        List<String> left = new ArrayList<>();
        for (LabHost h : hosts(Math.max(s.map(LabState::nodes).orElse(2), 2))) {
            Sh.Result r = LoopbackLab.power(dir, List.of("kill", h.name()));
            if (!r.ok()) left.add(h.name() + " (" + r.output().strip() + ")");
        }
        endLabCommands();
        s.ifPresent(LabState::delete);
        if (!left.isEmpty()) throw new LabException("down: processes of " + left + " could not all be ended; see ps -u " + System.getProperty("user.name"));
        step("down: every process of the loopback lab ended; logs and host folders kept in " + dir.resolve("hosts"));
    }

    // --- power control for fence_virtd's lab backend -------------------------------------------------

    /**
     * {@code lab power off|on|reboot|status|list [DOMAIN]}: what fence_virtd's lab backend calls.
     * Exit codes: 0 done (status: on), 1 failed, 2 (status) off. list prints {@code DOMAIN on|off} lines.
     */
    public int power(String action, String domain) throws IOException {
        switch (action) {
            case "list" -> {
                for (LabHost h : hosts(state().nodes()))
                    if (h.kind() == LabHost.Kind.NODE) out.println(domainOf(h.name()) + " " + (isOn(h.name()) ? "on" : "off"));
                return 0;
            }
            case "status" -> {
                return isOn(node(domain).name()) ? 0 : 2;
            }
            case "off", "on", "reboot" -> {
                LabHost h = node(domain);
                boolean booted = withPowerLock(h, () -> {
                    if (!action.equals("on") && isOn(h.name())) crashNow(h);
                    if (action.equals("off") || isOn(h.name())) return false;
                    boot(h);
                    return true;
                });
                if (booted) startBootServices(h);
                return 0;
            }
            default -> throw new LabException("lab power: unknown action '" + action + "'; use off, on, reboot, status or list");
        }
    }
}

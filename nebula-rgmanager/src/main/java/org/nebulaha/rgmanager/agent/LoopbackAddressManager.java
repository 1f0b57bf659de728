package org.nebulaha.rgmanager.agent;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.nebulaha.common.AtomicFiles;
import org.nebulaha.rgmanager.exec.PidWatcher;

/**
 * {@link AddressManager} for a lab whose hosts are process trees on one machine's loopback (no root):
 * Linux routes all of 127.0.0.0/8 to {@code lo} and any of it can be bound by anyone, so a floating
 * address such as 127.10.11.12 needs no {@code ip addr add}. It is "held" by recording the holder in
 * a file shared by the nodes, one line per address ({@code ADDRESS/PREFIX NODE PID START_MILLIS}); the
 * holder's services then bind it. The holder is this node daemon's process: an entry whose process
 * is gone (a powered-off or crashed node) holds nothing, so the next node may take the address.
 *
 * <p>Selected by {@code NEBULA_LOOPBACK_IPS=FILE} in the node daemon's environment (the loopback lab
 * writes it in each node's {@code /etc/default/nebula-ha}). Only IPv4 127.0.0.0/8 addresses are
 * accepted. Changes are made under a lock file ({@code FILE.lock}) and written atomically.
 */
public final class LoopbackAddressManager implements AddressManager {
    private static final System.Logger LOG = System.getLogger("rgmanager.ip");
    public static final String ENV = "NEBULA_LOOPBACK_IPS";
    /** The interface every loopback address is on, with its own 127.0.0.1/8. */
    static final String LO = "lo";

    /** One held address. */
    public record Holder(InetAddress address, int prefix, String node, long pid, long startMillis) {
        String line() {
            return address.getHostAddress() + "/" + prefix + " " + node + " " + pid + " " + startMillis;
        }

        boolean sameProcess(Holder o) {
            return node.equals(o.node) && pid == o.pid && startMillis == o.startMillis;
        }
    }

    private final Path file;
    private final Holder self;
    private final Predicate<Holder> alive;

    /**
     * @param file  the table shared by every node of the lab
     * @param node  this node's name
     * @param pid   the process that holds (this node daemon), with its start time in milliseconds
     * @param alive whether a recorded holder's process still runs
     */
    public LoopbackAddressManager(Path file, String node, long pid, long startMillis, Predicate<Holder> alive) {
        this.file = file;
        this.self = new Holder(null, 0, node, pid, startMillis);
        this.alive = alive;
    }

    /** The manager the environment asks for ({@value #ENV}), held by this process, or empty. */
    public static Optional<LoopbackAddressManager> fromEnvironment(String node) {
        String f = System.getenv(ENV);
        if (f == null || f.isBlank()) return Optional.empty();
        ProcessHandle me = ProcessHandle.current();
        LOG.log(System.Logger.Level.INFO, "ip: " + ENV + "=" + f + ": floating addresses are 127.x loopback addresses held in that file"
                + " (loopback lab), not configured with ip addr");
        return Optional.of(new LoopbackAddressManager(Path.of(f), node, me.pid(), startMillis(me), LoopbackAddressManager::processRuns));
    }

    static long startMillis(ProcessHandle p) {
        return p.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
    }

    /**
     * True while the holder's process runs: same pid and start time (a reused pid does not count), and
     * not a zombie (a killed daemon stays one until its parent, often init, reaps it; {@link PidWatcher#startTime}).
     */
    static boolean processRuns(Holder h) {
        return ProcessHandle.of(h.pid()).filter(ProcessHandle::isAlive)
                .map(p -> h.startMillis() == 0 || Math.abs(startMillis(p) - h.startMillis()) < 1000).orElse(false)
                && PidWatcher.startTime(h.pid()) != null;
    }

    // --- the pure part: the table and what it means ---------------------------------------------

    /** Parses the table; a malformed line is an error that names the file and line. */
    public static List<Holder> parse(List<String> lines, String source) throws IOException {
        List<Holder> r = new ArrayList<>();
        int n = 0;
        for (String raw : lines) {
            n++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            String[] f = line.split("\\s+");
            int slash = f[0].indexOf('/');
            try {
                if (f.length != 4 || slash < 0) throw new IllegalArgumentException("wrong number of fields");
                r.add(new Holder(loopback(f[0].substring(0, slash)), Integer.parseInt(f[0].substring(slash + 1)), f[1],
                        Long.parseLong(f[2]), Long.parseLong(f[3])));
            } catch (IllegalArgumentException | IOException e) {
                throw new IOException(source + ":" + n + ": expected 'ADDRESS/PREFIX NODE PID START_MILLIS', got '" + line + "' ("
                        + e.getMessage() + "); remove the line or the file when no lab is up");
            }
        }
        return r;
    }

    static String format(List<Holder> table) {
        StringBuilder sb = new StringBuilder("# floating addresses of the loopback lab: ADDRESS/PREFIX NODE PID START_MILLIS\n");
        for (Holder h : table) sb.append(h.line()).append('\n');
        return sb.toString();
    }

    /** Who holds {@code address}: the entry whose process still runs, if any. */
    static Optional<Holder> holder(List<Holder> table, InetAddress address, Predicate<Holder> alive) {
        return table.stream().filter(h -> h.address().equals(address)).filter(alive).findFirst();
    }

    /** The table after {@code self} takes {@code address}: stale entries for it go; a live other holder refuses. */
    static List<Holder> claim(List<Holder> table, Holder self, Predicate<Holder> alive) throws IOException {
        Optional<Holder> other = holder(table, self.address(), alive).filter(h -> !h.sameProcess(self));
        if (other.isPresent())
            throw new IOException(self.address().getHostAddress() + " is held by " + other.get().node() + " (pid " + other.get().pid()
                    + "); it must stop its service or be fenced first");
        List<Holder> next = new ArrayList<>();
        for (Holder h : table) if (!h.address().equals(self.address())) next.add(h);
        next.add(self);
        return next;
    }

    static InetAddress loopback(String text) throws IOException {
        InetAddress a = InetAddress.getByName(text);
        if (!(a instanceof Inet4Address) || !a.isLoopbackAddress())
            throw new IOException(text + " is not an IPv4 loopback address (127.0.0.0/8); the loopback lab can hold only those");
        return a;
    }

    // --- AddressManager ---------------------------------------------------------------------------

    @Override
    public synchronized List<NetInterface> interfaces() throws IOException {
        List<IfAddress> addrs = new ArrayList<>();
        addrs.add(new IfAddress(InetAddress.getByName("127.0.0.1"), 8));
        for (Holder h : read()) if (h.sameProcess(self)) addrs.add(new IfAddress(h.address(), h.prefix()));
        return List.of(new NetInterface(LO, true, true, addrs));
    }

    @Override
    public synchronized void add(String iface, InetAddress address, int prefix) throws IOException {
        Holder me = new Holder(loopback(address.getHostAddress()), prefix, self.node(), self.pid(), self.startMillis());
        try (FileChannel lock = FileChannel.open(lockFile(), StandardOpenOption.CREATE, StandardOpenOption.WRITE); FileLock l = lock.lock()) {
            AtomicFiles.write(file, format(claim(read(), me, alive)));
        }
        LOG.log(System.Logger.Level.INFO, "ip: " + self.node() + " holds " + address.getHostAddress() + " (recorded in " + file + ")");
    }

    @Override
    public synchronized void delete(String iface, InetAddress address, int prefix) throws IOException {
        try (FileChannel lock = FileChannel.open(lockFile(), StandardOpenOption.CREATE, StandardOpenOption.WRITE); FileLock l = lock.lock()) {
            List<Holder> next = new ArrayList<>();
            for (Holder h : read()) if (!(h.address().equals(address) && h.sameProcess(self))) next.add(h);
            AtomicFiles.write(file, format(next));
        }
        LOG.log(System.Logger.Level.INFO, "ip: " + self.node() + " released " + address.getHostAddress());
    }

    @Override
    public boolean answers(String iface, InetAddress address) throws IOException {
        return holder(read(), address, alive).filter(h -> !h.sameProcess(self)).isPresent();
    }

    @Override
    public void announce(String iface, InetAddress address) {
        // Nothing to tell: every process of the machine reaches 127.x through the same lo.
    }

    private List<Holder> read() throws IOException {
        return Files.exists(file) ? parse(Files.readAllLines(file), file.toString()) : List.of();
    }

    private Path lockFile() throws IOException {
        Path lock = file.resolveSibling(file.getFileName() + ".lock");
        if (file.getParent() != null) Files.createDirectories(file.getParent());
        return lock;
    }
}

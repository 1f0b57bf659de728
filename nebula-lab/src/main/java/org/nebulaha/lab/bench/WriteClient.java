package org.nebulaha.lab.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.nebulaha.common.AtomicFiles;
import org.nebulaha.oned.xmlrpc.XmlRpcClient;
import org.nebulaha.oned.xmlrpc.XmlRpcFault;

/**
 * The write-loss checker's client, run on the lab's client host against oned on the floating IP,
 * as oneadmin (the session is read from a {@code one_auth} file).
 * <ul>
 * <li>{@code load URL AUTH ACKED STOP [RATE]}: allocates VMs (on hold, so that nothing schedules them)
 *     one after another without pause (or at most RATE a second, for long campaigns: oned keeps every
 *     VM) until the file STOP exists; every allocation oned
 *     acknowledged goes on its own line of ACKED at once, as {@code ID NAME}: the name is unique to
 *     this run and call ({@code write-RUN-N}), since an id alone would not show a lost write (a commit
 *     that is lost takes its id with it, and oned gives the same id to the next allocation). A call
 *     that fails or is not answered within 3 s is not acknowledged and is not counted (it may or may
 *     not have been done).</li>
 * <li>{@code check URL AUTH ACKED RESULT}: asks oned's VM pool whether every VM in ACKED exists, by id and name, and
 *     writes RESULT: {@code acknowledged N missing ID ID ...}. Exit 0 when none is missing, 1 when
 *     some are, 3 when oned did not answer (RESULT is then not written).</li>
 * </ul>
 */
public final class WriteClient {
    /** VMs asked for per one.vmpool.info call. */
    static final int RANGE = 500;
    private static final Pattern VM = Pattern.compile("<VM><ID>(\\d+)</ID>.*?<NAME>([^<]*)</NAME>", Pattern.DOTALL);

    /** One acknowledged allocation: the id oned answered and the name the client gave it. */
    record Ack(int id, String name) {}

    private WriteClient() {}

    public static void main(String[] args) throws IOException {
        boolean load = args.length >= 1 && args[0].equals("load");
        if (!(load && (args.length == 5 || args.length == 6) || args.length == 5 && args[0].equals("check"))) {
            System.err.println("usage: WriteClient load URL AUTH ACKED STOP [RATE] | WriteClient check URL AUTH ACKED RESULT");
            System.exit(2);
        }
        URI url = URI.create(args[1]);
        String session = Files.readString(Path.of(args[2])).strip();
        if (load) load(url, session, Path.of(args[3]), Path.of(args[4]), args.length == 6 ? Integer.parseInt(args[5]) : 0);
        else System.exit(check(url, session, Path.of(args[3]), Path.of(args[4])));
    }

    /** {@code ratePerSecond} 0: no pause between calls. */
    static void load(URI url, String session, Path acked, Path stop, int ratePerSecond) throws IOException {
        long interval = ratePerSecond > 0 ? 1_000_000_000L / ratePerSecond : 0, next = System.nanoTime();
        XmlRpcClient rpc = new XmlRpcClient(url, Duration.ofSeconds(3));
        String run = Long.toString(System.currentTimeMillis(), 36) + Integer.toString(java.util.concurrent.ThreadLocalRandom.current().nextInt(1 << 20), 36);
        try (PrintStream out = new PrintStream(Files.newOutputStream(acked), true, StandardCharsets.UTF_8)) {
            for (long n = 0; !Files.exists(stop); n++) {
                Integer id = null;
                String name = "write-" + run + "-" + n;
                try {
                    id = success(rpc.call("one.vm.allocate", session, "NAME = \"" + name + "\" MEMORY = 16 CPU = 0.1", true));
                } catch (IOException | XmlRpcFault e) {
                    // not acknowledged: the front-end is failing over
                }
                if (id != null) out.println(id + " " + name);
                else LockSupport.parkNanos(Duration.ofMillis(20).toNanos()); // no busy loop on refused connections
                if (interval > 0) {
                    next = Math.max(next + interval, System.nanoTime() - interval); // no burst to catch up after an outage
                    LockSupport.parkNanos(next - System.nanoTime());
                }
            }
        }
    }

    static int check(URI url, String session, Path acked, Path result) throws IOException {
        List<Ack> acks = acknowledged(Files.readString(acked, StandardCharsets.UTF_8));
        XmlRpcClient rpc = new XmlRpcClient(url, Duration.ofSeconds(20));
        java.util.Map<Integer, String> present = new java.util.HashMap<>();
        TreeSet<Integer> wanted = new TreeSet<>();
        for (Ack a : acks) wanted.add(a.id());
        try {
            // first a quick question: an address nobody holds yet would keep the connect waiting for 20 s
            new XmlRpcClient(url, Duration.ofSeconds(2)).call("one.system.version", session);
            // the pool in id ranges: one call per RANGE ids instead of one per VM
            Integer from = wanted.isEmpty() ? null : wanted.first();
            while (from != null) {
                int to = from + RANGE - 1;
                Object pool = success(rpc.call("one.vmpool.info", session, -2, from, to, -2));
                if (!(pool instanceof String xml)) throw new IOException("unexpected one.vmpool.info reply " + pool);
                present.putAll(vms(xml));
                from = wanted.higher(to);
            }
        } catch (IOException | XmlRpcFault e) {
            System.err.println("oned did not answer: " + e.getMessage());
            return 3;
        }
        List<Integer> missing = missing(acks, present);
        StringBuilder sb = new StringBuilder("acknowledged ").append(acks.size()).append(" missing");
        for (int id : missing) sb.append(' ').append(id);
        AtomicFiles.write(result, sb.append('\n').toString());
        return missing.isEmpty() ? 0 : 1;
    }

    /** OpenNebula's reply convention [success, value, code]: the value, or an exception naming oned's error. */
    private static <T> T success(Object reply) throws IOException {
        if (reply instanceof List<?> l && l.size() >= 2 && Boolean.TRUE.equals(l.get(0))) {
            @SuppressWarnings("unchecked") T v = (T) l.get(1);
            return v;
        }
        throw new IOException("oned refused: " + reply);
    }

    /** The allocations of an ACKED file; a last line still being written (no newline yet) is not one. */
    static List<Ack> acknowledged(String content) {
        List<Ack> out = new ArrayList<>();
        int end = content.lastIndexOf('\n');
        if (end < 0) return out;
        for (String line : content.substring(0, end).split("\n")) {
            if (line.isBlank()) continue;
            String[] f = line.strip().split(" ", 2);
            out.add(new Ack(Integer.parseInt(f[0]), f.length > 1 ? f[1] : ""));
        }
        return out;
    }

    /** The VMs of a VM_POOL document: id to name. */
    static java.util.Map<Integer, String> vms(String poolXml) {
        java.util.Map<Integer, String> out = new java.util.LinkedHashMap<>();
        Matcher m = VM.matcher(poolXml);
        while (m.find()) out.put(Integer.parseInt(m.group(1)), m.group(2));
        return out;
    }

    /** The acknowledged ids oned no longer has under the name the client gave them (gone, or reissued to another VM), in order. */
    static List<Integer> missing(List<Ack> acknowledged, java.util.Map<Integer, String> present) {
        return acknowledged.stream().filter(a -> !a.name().equals(present.get(a.id()))).map(Ack::id).sorted().distinct().toList();
    }
}

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
 * <li>{@code load URL AUTH ACKED STOP}: allocates VMs (on hold, so that nothing schedules them)
 *     one after another without pause until the file STOP exists; the id of every allocation oned
 *     acknowledged goes on its own line of ACKED, at once. A call that fails or is not answered
 *     within 3 s is not acknowledged and is not counted (it may or may not have been done).</li>
 * <li>{@code check URL AUTH ACKED RESULT}: asks oned's VM pool whether every id in ACKED exists and
 *     writes RESULT: {@code acknowledged N missing ID ID ...}. Exit 0 when none is missing, 1 when
 *     some are, 3 when oned did not answer (RESULT is then not written).</li>
 * </ul>
 */
public final class WriteClient {
    /** VMs asked for per one.vmpool.info call. */
    static final int RANGE = 500;
    private static final Pattern VM_ID = Pattern.compile("<VM><ID>(\\d+)</ID>");

    private WriteClient() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 5 || !(args[0].equals("load") || args[0].equals("check"))) {
            System.err.println("usage: WriteClient load URL AUTH ACKED STOP | WriteClient check URL AUTH ACKED RESULT");
            System.exit(2);
        }
        URI url = URI.create(args[1]);
        String session = Files.readString(Path.of(args[2])).strip();
        if (args[0].equals("load")) load(url, session, Path.of(args[3]), Path.of(args[4]));
        else System.exit(check(url, session, Path.of(args[3]), Path.of(args[4])));
    }

    static void load(URI url, String session, Path acked, Path stop) throws IOException {
        XmlRpcClient rpc = new XmlRpcClient(url, Duration.ofSeconds(3));
        try (PrintStream out = new PrintStream(Files.newOutputStream(acked), true, StandardCharsets.UTF_8)) {
            for (long n = 0; !Files.exists(stop); n++) {
                Integer id = null;
                try {
                    id = success(rpc.call("one.vm.allocate", session, "NAME = \"write-" + n + "\" MEMORY = 16 CPU = 0.1", true));
                } catch (IOException | XmlRpcFault e) {
                    // not acknowledged: the front-end is failing over
                }
                if (id != null) out.println(id);
                else LockSupport.parkNanos(Duration.ofMillis(20).toNanos()); // no busy loop on refused connections
            }
        }
    }

    static int check(URI url, String session, Path acked, Path result) throws IOException {
        List<Integer> ids = acknowledged(Files.readString(acked, StandardCharsets.UTF_8));
        XmlRpcClient rpc = new XmlRpcClient(url, Duration.ofSeconds(20));
        TreeSet<Integer> present = new TreeSet<>();
        TreeSet<Integer> wanted = new TreeSet<>(ids);
        try {
            // first a quick question: an address nobody holds yet would keep the connect waiting for 20 s
            new XmlRpcClient(url, Duration.ofSeconds(2)).call("one.system.version", session);
            // the pool in id ranges: one call per RANGE ids instead of one per VM
            Integer from = wanted.isEmpty() ? null : wanted.first();
            while (from != null) {
                int to = from + RANGE - 1;
                Object pool = success(rpc.call("one.vmpool.info", session, -2, from, to, -2));
                if (!(pool instanceof String xml)) throw new IOException("unexpected one.vmpool.info reply " + pool);
                present.addAll(vmIds(xml));
                from = wanted.higher(to);
            }
        } catch (IOException | XmlRpcFault e) {
            System.err.println("oned did not answer: " + e.getMessage());
            return 3;
        }
        List<Integer> missing = missing(ids, present);
        StringBuilder sb = new StringBuilder("acknowledged ").append(ids.size()).append(" missing");
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

    /** The ids of an ACKED file; a last line still being written (no newline yet) is not one. */
    static List<Integer> acknowledged(String content) {
        List<Integer> out = new ArrayList<>();
        int end = content.lastIndexOf('\n');
        if (end < 0) return out;
        for (String line : content.substring(0, end).split("\n")) if (!line.isBlank()) out.add(Integer.parseInt(line.strip()));
        return out;
    }

    /** The ids of the VMs in a VM_POOL document. */
    static List<Integer> vmIds(String poolXml) {
        List<Integer> out = new ArrayList<>();
        Matcher m = VM_ID.matcher(poolXml);
        while (m.find()) out.add(Integer.parseInt(m.group(1)));
        return out;
    }

    /** The acknowledged ids oned no longer has, in order. */
    static List<Integer> missing(List<Integer> acknowledged, java.util.Set<Integer> present) {
        return acknowledged.stream().filter(id -> !present.contains(id)).sorted().distinct().toList();
    }
}

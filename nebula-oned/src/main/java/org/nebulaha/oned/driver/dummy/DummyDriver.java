package org.nebulaha.oned.driver.dummy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.nebulaha.oned.driver.DriverData;

/**
 * The dummy information (im), virtualization (vmm) and transfer (tm) drivers: separate
 * processes speaking OpenNebula's line protocol on stdin/stdout. Unlike OpenNebula's, they
 * keep a durable {@link HostRecord} of what "really" exists, so that a crash can be settled
 * from facts, and they answer the {@code PROBE} extension with those facts.
 *
 * <p>Usage: {@code DummyDriver vmm|tm|im}. Folders: {@code $ONE_VAR/dummy/} (record) and
 * {@code $DUMMY_ACTIONS_DIR} (default {@code $ONE_VAR/dummy/actions}, fault injection, see
 * {@link FaultPlan}). Each request runs on its own thread; the driver exits when oned closes
 * its stdin (oned died), abandoning whatever was in progress.
 */
public final class DummyDriver {
    private final String kind;
    private final HostRecord record;
    private final FaultPlan faults;
    private final PrintStream out;

    DummyDriver(String kind, Path var, Path actions, PrintStream out) {
        this.kind = kind;
        this.record = new HostRecord(var.resolve("dummy"));
        this.faults = new FaultPlan(actions);
        this.out = out;
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1 || !List.of("vmm", "tm", "im").contains(args[0])) {
            System.err.println("usage: DummyDriver vmm|tm|im");
            System.exit(2);
        }
        String v = System.getenv("ONE_VAR");
        Path var = Path.of(v == null || v.isBlank() ? "." : v);
        String a = System.getenv("DUMMY_ACTIONS_DIR");
        Path actions = a == null || a.isBlank() ? var.resolve("dummy").resolve("actions") : Path.of(a);
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false, StandardCharsets.UTF_8);
        new DummyDriver(args[0], var, actions, out).run();
    }

    void run() throws IOException {
        ExecutorService pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "dummy-" + kind);
            t.setDaemon(true);
            return t;
        });
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            String l = line.strip();
            if (l.isEmpty()) continue;
            if (l.equals("INIT")) {
                send("INIT SUCCESS");
            } else if (l.equals("FINALIZE")) {
                break;
            } else {
                pool.submit(() -> handle(l));
            }
        }
        // oned closed our stdin or asked us to stop: whatever is still in progress is abandoned.
        out.flush();
        Runtime.getRuntime().halt(0);
    }

    private void send(String line) {
        synchronized (out) {
            out.println(line);
            out.flush();
        }
    }

    private void handle(String line) {
        String[] f = line.split(" ", 3);
        String action = f[0];
        try {
            int id = Integer.parseInt(f[1]);
            if (action.equals("PROBE")) {
                send("PROBE SUCCESS " + id + " " + b64(probe(id, f.length > 2 ? f[2] : "")));
                return;
            }
            switch (kind) {
                case "vmm": vmm(action, id, DriverData.decode(f[2])); break;
                case "tm": tm(id, Path.of(f[2])); break;
                default: im(id, f[2].split(" ")[0]); break;
            }
        } catch (RuntimeException | IOException e) {
            send(action + " FAILURE " + (f.length > 1 ? f[1] : "-1") + " " + ("dummy " + kind + ": " + e).replace('\n', ' '));
        }
    }

    /** Waits as the fault plan says; returns false when no answer must be sent. */
    private FaultPlan.Line plan(String action, String target) {
        FaultPlan.Line l = faults.next(action, target);
        if (l.delayMillis() > 0) {
            try {
                Thread.sleep(l.delayMillis()); // the driver's own simulated work time, not a test wait
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return l;
    }

    private void vmm(String action, int id, DriverData d) throws IOException {
        FaultPlan.Line l = plan(action.toLowerCase(java.util.Locale.ROOT), String.valueOf(id));
        if (l.outcome() == FaultPlan.Outcome.NO_ANSWER) return;
        if (l.outcome() == FaultPlan.Outcome.FAILURE) {
            send(action + " FAILURE " + id + " injected failure");
            return;
        }
        String h = d.host();
        String info = "-";
        switch (action) {
            case "DEPLOY":
                info = h + ":one-" + id + ":dummy";
                record.put(h, id, "domain", info);
                break;
            case "RESTORE":
                info = h + ":one-" + id + ":dummy";
                record.put(h, id, "domain", info);
                record.remove(h, id, "checkpoint");
                break;
            case "SHUTDOWN": case "CANCEL": case "CLEANUP":
                record.remove(h, id, "domain");
                record.remove(h, id, "attached");
                record.remove(h, id, "snapshots");
                break;
            case "SAVE":
                record.put(h, id, "checkpoint", "saved");
                record.remove(h, id, "domain");
                break;
            case "MIGRATE":
                record.put(d.migrHost(), id, "domain", d.migrHost() + ":one-" + id + ":dummy");
                record.move(h, d.migrHost(), id, "attached");
                // Live migration needs shared or migrated storage: the disks follow the domain.
                record.move(h, d.migrHost(), id, "disks");
                record.remove(h, id, "domain");
                break;
            case "ATTACHDISK": {
                Set<Integer> s = new TreeSet<>(record.attached(h, id));
                s.add(d.diskId());
                record.setAttached(h, id, s);
                break;
            }
            case "DETACHDISK": {
                Set<Integer> s = new TreeSet<>(record.attached(h, id));
                s.remove(d.diskId());
                record.setAttached(h, id, s);
                break;
            }
            case "SNAPSHOTCREATE": {
                Set<Integer> s = new TreeSet<>(record.ids(h, id, "snapshots"));
                s.add(d.diskId());
                record.setIds(h, id, "snapshots", s);
                break;
            }
            case "POLL":
                info = "STATE=" + (record.has(h, id, "domain") ? "a" : "d");
                break;
            case "REBOOT": case "RESET":
                break;
            default:
                send(action + " FAILURE " + id + " unknown action " + action);
                return;
        }
        if (l.outcome() == FaultPlan.Outcome.LOST) return;
        send(action + " SUCCESS " + id + " " + info);
    }

    private void tm(int id, Path transferFile) throws IOException {
        List<String> cmds = Files.readAllLines(transferFile);
        String op = cmds.isEmpty() ? "transfer" : cmds.get(0).replaceFirst("^#\\s*", "").strip();
        FaultPlan.Line l = plan(op, String.valueOf(id));
        if (l.outcome() == FaultPlan.Outcome.NO_ANSWER) return;
        if (l.outcome() == FaultPlan.Outcome.FAILURE) {
            send("TRANSFER FAILURE " + id + " injected failure");
            return;
        }
        for (String c : cmds) {
            String[] f = c.strip().split("\\s+");
            if (f[0].isEmpty() || f[0].startsWith("#")) continue;
            int vm = Integer.parseInt(f[f.length - 1]);
            switch (f[0]) {
                case "CLONE": record.put(f[1], vm, "disks", "deployed"); break;
                case "MV":
                    record.move(f[1], f[2], vm, "disks");
                    record.move(f[1], f[2], vm, "checkpoint");
                    break;
                case "DELETE":
                    record.remove(f[1], vm, "disks");
                    record.remove(f[1], vm, "checkpoint");
                    break;
                default: throw new IOException("unknown transfer command '" + c + "'");
            }
        }
        if (l.outcome() == FaultPlan.Outcome.LOST) return;
        send("TRANSFER SUCCESS " + id);
    }

    private void im(int hostId, String hostname) throws IOException {
        FaultPlan.Line l = plan("monitor", hostname);
        if (l.outcome() == FaultPlan.Outcome.NO_ANSWER || l.outcome() == FaultPlan.Outcome.LOST) return;
        if (l.outcome() == FaultPlan.Outcome.FAILURE) {
            send("MONITOR FAILURE " + hostId + " " + b64("injected failure"));
            return;
        }
        StringBuilder sb = new StringBuilder("HYPERVISOR=dummy\nHOSTNAME=" + hostname + "\nCPUSPEED=2200\n"
                + "TOTALMEMORY=16777216\nUSEDMEMORY=0\nFREEMEMORY=16777216\nTOTALCPU=800\nUSEDCPU=0\nFREECPU=800\n");
        for (int vm : record.domains(hostname))
            sb.append("VM=[ID=").append(vm).append(",DEPLOY_ID=\"").append(record.get(hostname, vm, "domain")).append("\",POLL=\"STATE=a\"]\n");
        send("MONITOR SUCCESS " + hostId + " " + b64(sb.toString()));
    }

    private String probe(int id, String host) throws IOException {
        String h = host.strip();
        if (kind.equals("tm")) return "HOST=" + h + "\nDISKS=" + yes(record.has(h, id, "disks")) + "\n";
        String dom = record.get(h, id, "domain");
        return "HOST=" + h + "\nDOMAIN=" + yes(dom != null) + "\nDEPLOY_ID=" + (dom == null ? "" : dom)
                + "\nCHECKPOINT=" + yes(record.has(h, id, "checkpoint"))
                + "\nATTACHED=" + String.join(",", record.attached(h, id).stream().map(String::valueOf).toList())
                + "\nSNAPSHOTS=" + String.join(",", record.ids(h, id, "snapshots").stream().map(String::valueOf).toList()) + "\n";
    }

    private static String yes(boolean b) {
        return b ? "yes" : "no";
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}

package org.nebulaha.oned.driver;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.nebulaha.common.AtomicFiles;
import org.nebulaha.oned.daemon.OnedConf;
import org.nebulaha.oned.lifecycle.Core;
import org.nebulaha.oned.model.DriverOp;
import org.nebulaha.oned.model.History;
import org.nebulaha.oned.model.Host;
import org.nebulaha.oned.model.LcmState;
import org.nebulaha.oned.model.Vm;

/**
 * Starts the configured drivers, sends them the core's operations, routes their answers back
 * to the core, runs host monitoring and answers probes for automatic recovery.
 *
 * <p>Driver executables: an absolute path, or a name looked up in {@code <nebula.home>/bin}.
 * The built-in dummy drivers ({@code one_vmm_dummy}, {@code one_tm_dummy}, {@code one_im_dummy})
 * run from this JVM's class path when no such file exists (tests, development trees).
 */
public final class DriverManager implements Core.Dispatcher, AutoCloseable {
    private static final System.Logger LOG = System.getLogger("oned.driver");
    private static final Map<String, String> BUILTIN = Map.of("one_vmm_dummy", "vmm", "one_tm_dummy", "tm", "one_im_dummy", "im");

    private final Core core;
    private final Path var;
    private final Map<String, DriverProcess> vmm = new HashMap<>();
    private final Map<String, DriverProcess> im = new HashMap<>();
    private DriverProcess tm;
    private final Map<String, CompletableFuture<Map<String, String>>> probes = new ConcurrentHashMap<>();
    /** Transfers sent without anyone waiting (cleanups); their answers must not count for the VM's next transfer. */
    private final Map<Integer, Integer> unwatchedTransfers = new ConcurrentHashMap<>();
    private final AtomicLong transferSeq = new AtomicLong(System.currentTimeMillis());
    private ScheduledExecutorService monitor;
    private final Prestarted prestarted;

    public DriverManager(Core core, Path var) {
        this(core, var, null);
    }

    /** As {@link #DriverManager(Core, Path)}, taking the drivers in {@code prestarted} whose command still matches. */
    public DriverManager(Core core, Path var, Prestarted prestarted) {
        this.core = core;
        this.var = var;
        this.prestarted = prestarted;
    }

    /**
     * Drivers a hot standby oned launched ahead (docs/oned.md, "Hot standby"): the driver JVMs are
     * the slowest part of oned's start. Each waits, initialized, for the oned that takes it; one
     * whose command no longer matches oned.conf at takeover is closed and launched again.
     */
    public static final class Prestarted implements AutoCloseable {
        private final Map<String, DriverProcess> byName = new HashMap<>();

        /** Launches every driver of {@code conf} with {@code var} as ONE_VAR; their lines are dropped until taken. */
        public static Prestarted launch(OnedConf conf, Path var) throws IOException {
            Prestarted p = new Prestarted();
            Path log = var.resolve("drivers.log");
            try {
                for (OnedConf.Mad m : conf.vmMads()) p.add("vmm-" + m.name(), m, var, log);
                for (OnedConf.Mad m : conf.imMads()) p.add("im-" + m.name(), m, var, log);
                if (conf.tmMad() != null) p.add("tm-" + conf.tmMad().name(), conf.tmMad(), var, log);
            } catch (IOException e) {
                p.close();
                throw e;
            }
            return p;
        }

        private void add(String name, OnedConf.Mad m, Path var, Path log) throws IOException {
            byName.put(name, DriverProcess.launch(name, command(m), Map.of("ONE_VAR", var.toString()), log,
                    line -> LOG.log(System.Logger.Level.DEBUG, "" + name + ": line before takeover dropped: " + line)));
        }

        /** The driver named {@code name} if it runs {@code command} and is alive; else null (and a stale one is closed). */
        synchronized DriverProcess take(String name, List<String> command) {
            DriverProcess d = byName.remove(name);
            if (d == null) return null;
            if (d.isAlive() && d.command().equals(command)) return d;
            d.close();
            return null;
        }

        @Override
        public synchronized void close() {
            for (DriverProcess d : byName.values()) d.close();
            byName.clear();
        }
    }

    public void start(OnedConf conf) throws IOException {
        Path log = var.resolve("drivers.log");
        // every driver is launched first, then all are waited for: their start-ups overlap
        List<DriverProcess> launched = new ArrayList<>();
        try {
            for (OnedConf.Mad m : conf.vmMads()) {
                DriverProcess d = launch("vmm-" + m.name(), m, log, this::onVmm);
                launched.add(d);
                vmm.put(m.name(), d);
            }
            for (OnedConf.Mad m : conf.imMads()) {
                DriverProcess d = launch("im-" + m.name(), m, log, this::onIm);
                launched.add(d);
                im.put(m.name(), d);
            }
            if (conf.tmMad() != null) {
                tm = launch("tm-" + conf.tmMad().name(), conf.tmMad(), log, this::onTm);
                launched.add(tm);
            }
            for (DriverProcess d : launched) d.awaitInit(Duration.ofSeconds(30));
            if (prestarted != null) prestarted.close(); // those oned.conf no longer names
        } catch (IOException e) {
            for (DriverProcess d : launched) d.close();
            throw e;
        }
        core.setDispatcher(this, conf.tmMad() == null ? "-" : conf.tmMad().name());
        monitor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "monitor");
            t.setDaemon(true);
            return t;
        });
        long interval = conf.monitoringInterval();
        monitor.scheduleWithFixedDelay(() -> monitorDue(interval), 0, 1, TimeUnit.SECONDS);
    }

    private DriverProcess launch(String name, OnedConf.Mad m, Path log, java.util.function.Consumer<String> listener) throws IOException {
        List<String> cmd = command(m);
        DriverProcess ready = prestarted == null ? null : prestarted.take(name, cmd);
        if (ready != null) {
            ready.listener(listener);
            return ready;
        }
        return DriverProcess.launch(name, cmd, Map.of("ONE_VAR", var.toString()), log, listener);
    }

    /** The command line of driver {@code m}. */
    static List<String> command(OnedConf.Mad m) throws IOException {
        List<String> cmd = new ArrayList<>();
        Path exe = Path.of(m.executable());
        String home = System.getProperty("nebula.home");
        if (!exe.isAbsolute() && home != null && Files.isExecutable(Path.of(home, "bin", m.executable())))
            exe = Path.of(home, "bin", m.executable());
        if (exe.isAbsolute()) {
            cmd.add(exe.toString());
        } else if (BUILTIN.containsKey(m.executable())) {
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.addAll(List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx64m", "-cp", System.getProperty("java.class.path"),
                    "org.nebulaha.oned.driver.dummy.DummyDriver", BUILTIN.get(m.executable())));
        } else {
            throw new IOException("driver " + m.name() + ": executable '" + m.executable() + "' not found"
                    + (home == null ? "" : " in " + home + "/bin") + "; give an absolute path in oned.conf");
        }
        if (!m.arguments().isBlank()) cmd.addAll(List.of(m.arguments().strip().split("\\s+")));
        return cmd;
    }

    // ------------------------------------------------------------------ sending

    @Override
    public boolean send(Vm vm, DriverOp op) {
        History cur = vm.current(), prev = vm.previous();
        if (cur == null) return false;
        try {
            if (op.transfer) {
                if (tm == null) return false;
                Path file = transferFile(vm.id, op, cur, prev);
                if (vm.pendingOp != op) {
                    synchronized (unwatchedTransfers) {
                        unwatchedTransfers.merge(vm.id, 1, Integer::sum);
                    }
                }
                return tm.send("TRANSFER " + vm.id + " " + file);
            }
            boolean fromSource = op == DriverOp.VMM_MIGRATE || (op == DriverOp.VMM_SAVE && vm.lcm == LcmState.SAVE_MIGRATE);
            History at = fromSource && prev != null ? prev : cur;
            DriverProcess d = vmm.get(at.vmmMad());
            if (d == null) {
                LOG.log(System.Logger.Level.WARNING, "vm " + vm.id + ": no VM_MAD named '" + at.vmmMad() + "'");
                return false;
            }
            DriverData data = new DriverData(at.hostname(), fromSource ? cur.hostname() : "", vm.deployId,
                    vm.hotplugDisk, org.nebulaha.oned.model.Documents.vm(vm));
            return d.send(op.word + " " + vm.id + " " + data.encode());
        } catch (IOException e) {
            LOG.log(System.Logger.Level.ERROR, "vm " + vm.id + ": cannot prepare " + op.word + ": " + e.getMessage());
            return false;
        }
    }

    /** Writes the transfer file: first line names the operation, then one command per line. */
    private Path transferFile(int id, DriverOp op, History cur, History prev) throws IOException {
        String h = cur.hostname(), p = prev == null ? h : prev.hostname();
        String cmds;
        switch (op) {
            case TM_PROLOG: cmds = "CLONE " + h + " " + id; break;
            case TM_PROLOG_MIGRATE: cmds = "MV " + p + " " + h + " " + id; break;
            case TM_PROLOG_RESUME: cmds = "MV - " + h + " " + id; break;
            case TM_EPILOG: case TM_EPILOG_DELETE: cmds = "DELETE " + h + " " + id; break;
            case TM_EPILOG_STOP: cmds = "MV " + h + " - " + id; break;
            default: throw new IOException("not a transfer operation: " + op);
        }
        Path f = var.resolve("vms").resolve(String.valueOf(id)).resolve("transfer." + transferSeq.incrementAndGet() + "." + op.word);
        AtomicFiles.write(f, "# " + op.word + "\n" + cmds + "\n");
        return f;
    }

    // ------------------------------------------------------------------ receiving

    private void onVmm(String line) {
        String[] f = line.split(" ", 4);
        if (f.length < 3) return;
        if (f[0].equals("LOG")) {
            LOG.log(System.Logger.Level.INFO, "vmm: " + line);
            return;
        }
        if (f[0].equals("PROBE")) {
            probeAnswer("vmm", f);
            return;
        }
        int id;
        try {
            id = Integer.parseInt(f[2]);
        } catch (NumberFormatException e) {
            LOG.log(System.Logger.Level.WARNING, "vmm: unreadable line '" + line + "'");
            return;
        }
        if (f[0].equals("POLL")) return;
        DriverOp op = DriverOp.ofVmmWord(f[0]);
        if (op == null) {
            LOG.log(System.Logger.Level.WARNING, "vmm: unknown action in '" + line + "'");
            return;
        }
        core.driverResult(id, op, f[1].equals("SUCCESS"), f.length > 3 ? f[3] : "");
    }

    private void onTm(String line) {
        String[] f = line.split(" ", 4);
        if (f.length < 3) return;
        if (f[0].equals("PROBE")) {
            probeAnswer("tm", f);
            return;
        }
        if (!f[0].equals("TRANSFER")) return;
        int id;
        try {
            id = Integer.parseInt(f[2]);
        } catch (NumberFormatException e) {
            LOG.log(System.Logger.Level.WARNING, "tm: unreadable line '" + line + "'");
            return;
        }
        synchronized (unwatchedTransfers) {
            Integer left = unwatchedTransfers.get(id);
            if (left != null) {
                if (left <= 1) unwatchedTransfers.remove(id);
                else unwatchedTransfers.put(id, left - 1);
                return;
            }
        }
        core.driverResult(id, null, f[1].equals("SUCCESS"), f.length > 3 ? f[3] : "");
    }

    private void onIm(String line) {
        String[] f = line.split(" ", 4);
        if (f.length < 3 || !f[0].equals("MONITOR")) return;
        try {
            int hostId = Integer.parseInt(f[2]);
            String info = f.length > 3 ? new String(Base64.getDecoder().decode(f[3].strip()), StandardCharsets.UTF_8) : "";
            core.monitorResult(hostId, f[1].equals("SUCCESS"), info);
        } catch (IllegalArgumentException e) {
            LOG.log(System.Logger.Level.WARNING, "im: unreadable line '" + line + "'");
        }
    }

    private void monitorDue(long interval) {
        try {
            for (Host h : core.hostsToMonitor(interval)) {
                DriverProcess d = im.get(h.imMad);
                if (d == null || !d.send("MONITOR " + h.id + " " + h.name + " 0"))
                    core.monitorResult(h.id, false, "no IM_MAD named '" + h.imMad + "' is running");
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "" + e, e);
        }
    }

    // ------------------------------------------------------------------ probes (automatic recovery)

    private void probeAnswer(String kind, String[] f) {
        Map<String, String> facts = new HashMap<>();
        try {
            String text = new String(Base64.getDecoder().decode(f.length > 3 ? f[3].strip() : ""), StandardCharsets.UTF_8);
            for (String l : text.split("\n")) {
                int eq = l.indexOf('=');
                if (eq > 0) facts.put(l.substring(0, eq), l.substring(eq + 1));
            }
        } catch (IllegalArgumentException e) {
            return;
        }
        facts.put("RESULT", f[1]);
        CompletableFuture<Map<String, String>> fut = probes.remove(kind + ":" + f[2] + ":" + facts.getOrDefault("HOST", ""));
        if (fut != null) fut.complete(facts);
    }

    /** Asks the VMM driver {@code vmmMad} ("vmm") or the TM driver ("tm") what its record holds for a VM on a host. */
    public CompletableFuture<Map<String, String>> probe(String kind, String vmmMad, int vmId, String host) {
        DriverProcess d = kind.equals("tm") ? tm : vmm.get(vmmMad);
        CompletableFuture<Map<String, String>> fut = new CompletableFuture<>();
        if (d == null || !d.isAlive()) {
            fut.completeExceptionally(new IOException("no running " + kind + " driver" + (kind.equals("tm") ? "" : " '" + vmmMad + "'")));
            return fut;
        }
        probes.put(kind + ":" + vmId + ":" + host, fut);
        if (!d.send("PROBE " + vmId + " " + host)) fut.completeExceptionally(new IOException(kind + " driver is gone"));
        return fut;
    }

    @Override
    public void close() {
        if (monitor != null) monitor.shutdownNow();
        for (DriverProcess d : vmm.values()) d.close();
        for (DriverProcess d : im.values()) d.close();
        if (tm != null) tm.close();
        if (prestarted != null) prestarted.close();
    }
}

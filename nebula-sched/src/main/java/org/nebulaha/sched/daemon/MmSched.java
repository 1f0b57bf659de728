package org.nebulaha.sched.daemon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.nebulaha.common.AtomicFiles;
import org.nebulaha.oned.xmlrpc.XmlRpcFault;
import org.nebulaha.sched.io.OnedGateway;
import org.nebulaha.sched.model.HostView;
import org.nebulaha.sched.model.PendingVm;
import org.nebulaha.sched.model.SchedConf;
import org.nebulaha.sched.plan.Plan;
import org.nebulaha.sched.plan.Scheduler;

/**
 * The mm_sched loop: every SCHED_INTERVAL read the pools from oned, plan, dispatch. When oned
 * does not answer (stopped, restarting, failing over) it logs that once, retries after 1, 2, 4 …
 * seconds (at most SCHED_INTERVAL), and logs once more when oned answers again.
 * SCHED_MESSAGEs go to oned with {@code one.vm.update}; they are also kept in
 * {@code var/sched_messages} (one "VMID TAB message" line each) for Sunstone, and that file is the
 * only place when oned has no {@code one.vm.update}.
 */
public final class MmSched {
    private static final System.Logger LOG = System.getLogger("mm_sched");

    private final SchedConf conf;
    private final OnedGateway oned;
    private final Path messagesFile;
    private final Map<Integer, String> messages = new TreeMap<>();
    private volatile boolean stopped;
    private boolean updateMissing;
    private String lastRefusal;

    public MmSched(SchedConf conf, OnedGateway oned, Path messagesFile) {
        this.conf = conf;
        this.oned = oned;
        this.messagesFile = messagesFile;
    }

    public void stop() {
        stopped = true;
        synchronized (this) {
            notifyAll();
        }
    }

    /** Runs passes until {@link #stop()}. */
    public void run() {
        long backoffMs = 1000;
        int failures = 0;
        while (!stopped) {
            try {
                pass();
                if (failures > 0)
                    LOG.log(System.Logger.Level.INFO, "mm_sched: oned at " + oned.endpoint() + " answers again after " + failures + " failed attempt(s)");
                failures = 0;
                backoffMs = 1000;
                lastRefusal = null;
                pause(conf.schedInterval() * 1000L);
            } catch (IOException e) {
                if (failures++ == 0)
                    LOG.log(System.Logger.Level.WARNING, "mm_sched: oned at " + oned.endpoint() + " does not answer (" + e.getMessage()
                            + "); retrying after 1, 2, 4 ... s (at most SCHED_INTERVAL " + conf.schedInterval() + " s), quietly until it answers");
                pause(backoffMs);
                backoffMs = Math.min(backoffMs * 2, conf.schedInterval() * 1000L);
            } catch (OnedGateway.Refused e) {
                if (!e.getMessage().equals(lastRefusal))
                    LOG.log(System.Logger.Level.ERROR, "mm_sched: oned refused the scheduler: " + e.getMessage()
                            + "; check the session in one_auth (ONE_AUTH); retrying every SCHED_INTERVAL");
                lastRefusal = e.getMessage();
                pause(conf.schedInterval() * 1000L);
            }
        }
    }

    private synchronized void pause(long ms) {
        if (stopped) return;
        try {
            wait(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopped = true;
        }
    }

    /** One pass: read, plan, dispatch. Returns the plan. */
    public Plan pass() throws IOException, OnedGateway.Refused {
        List<PendingVm> vms = oned.pendingVms();
        if (vms.isEmpty()) {
            LOG.log(System.Logger.Level.DEBUG, "mm_sched: no pending VMs");
            forgetAllBut(Map.of());
            return new Plan(List.of(), List.of(), List.of());
        }
        List<HostView> hosts = oned.hosts();
        Plan plan = Scheduler.plan(conf, vms, hosts);
        // A pass that changes nothing (the same VMs refused for the same reasons) is logged at DEBUG, so a VM
        // that fits nowhere does not add an INFO line every SCHED_INTERVAL.
        boolean news = !plan.dispatches().isEmpty() || plan.refusals().stream().anyMatch(r -> !r.message().equals(messages.get(r.vmId())));
        LOG.log(news ? System.Logger.Level.INFO : System.Logger.Level.DEBUG, "mm_sched: pass: " + vms.size() + " pending, " + hosts.stream().filter(HostView::isMonitored).count()
                + " of " + hosts.size() + " host(s) monitored: " + plan.dispatches().size() + " dispatched, " + plan.refusals().size()
                + " refused, " + plan.deferrals().size() + " deferred");
        Map<Integer, String> now = new HashMap<>();
        for (Plan.Dispatch d : plan.dispatches()) {
            try {
                if (d.migrate()) oned.migrate(d.vmId(), d.hostId(), conf.liveRescheds());
                else oned.deploy(d.vmId(), d.hostId());
                LOG.log(System.Logger.Level.INFO, "mm_sched: " + (d.migrate() ? "migrate" : "deploy") + " VM " + d.vmId() + " to " + d.hostName()
                        + " (host " + d.hostId() + "; " + d.why() + ")");
            } catch (OnedGateway.Refused e) {
                LOG.log(System.Logger.Level.WARNING, "mm_sched: oned refused to dispatch VM " + d.vmId() + " to " + d.hostName() + ": " + e.getMessage()
                        + "; it is tried again next pass");
            }
        }
        for (Plan.Refusal r : plan.refusals()) {
            now.put(r.vmId(), r.message());
            if (!r.message().equals(messages.get(r.vmId()))) {
                LOG.log(System.Logger.Level.INFO, "mm_sched: VM " + r.vmId() + " not dispatched: " + r.message());
                tellOned(r.vmId(), r.message());
            }
        }
        for (Plan.Deferral d : plan.deferrals())
            LOG.log(System.Logger.Level.DEBUG, "mm_sched: VM " + d.vmId() + " deferred: " + d.why());
        for (Plan.Deferral d : plan.deferrals()) if (messages.containsKey(d.vmId())) now.put(d.vmId(), messages.get(d.vmId()));
        forgetAllBut(now);
        return plan;
    }

    private void tellOned(int vm, String message) throws IOException {
        if (updateMissing) return;
        try {
            oned.setSchedMessage(vm, message);
        } catch (OnedGateway.Refused e) {
            if (e.code == XmlRpcFault.UNKNOWN_METHOD) {
                updateMissing = true;
                LOG.log(System.Logger.Level.WARNING, "mm_sched: oned has no one.vm.update, so SCHED_MESSAGE is kept only in " + messagesFile);
            } else {
                LOG.log(System.Logger.Level.WARNING, "mm_sched: could not store SCHED_MESSAGE of VM " + vm + ": " + e.getMessage());
            }
        }
    }

    private void forgetAllBut(Map<Integer, String> now) {
        if (now.equals(messages)) return;
        messages.clear();
        messages.putAll(now);
        if (messagesFile == null) return;
        StringBuilder sb = new StringBuilder();
        for (var e : messages.entrySet()) sb.append(e.getKey()).append('\t').append(e.getValue().replace('\n', ' ')).append('\n');
        try {
            Files.createDirectories(messagesFile.getParent());
            AtomicFiles.write(messagesFile, sb.toString());
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "mm_sched: cannot write " + messagesFile + ": " + e.getMessage());
        }
    }
}

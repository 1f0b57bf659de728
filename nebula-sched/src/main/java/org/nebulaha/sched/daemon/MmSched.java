package org.nebulaha.sched.daemon;

import java.io.IOException;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
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
 * Why a VM fits nowhere goes into its USER_TEMPLATE as OpenNebula 4.x's scheduler writes it:
 * {@code SCHED_MESSAGE="Wed Nov 25 10:00:00 2026 : No host with enough capacity ..."} with
 * {@code one.vm.update} (merge). It is rewritten only when the reason changes (so the time says
 * since when), and dropped (the USER_TEMPLATE replaced by the rest of it) just before the VM is
 * dispatched, as OpenNebula's {@code clear_log}.
 */
public final class MmSched {
    private static final System.Logger LOG = System.getLogger("mm_sched");

    /** OpenNebula's log time ({@code one_util::log_time}, C's {@code %c}): {@code Wed Nov 25 10:00:00 2026}. */
    static final DateTimeFormatter LOG_TIME = DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.ENGLISH);

    private final SchedConf conf;
    private final OnedGateway oned;
    private final Supplier<ZonedDateTime> clock;
    private volatile boolean stopped;
    private boolean updateMissing;
    private String lastRefusal;

    public MmSched(SchedConf conf, OnedGateway oned) {
        this(conf, oned, ZonedDateTime::now);
    }

    public MmSched(SchedConf conf, OnedGateway oned, Supplier<ZonedDateTime> clock) {
        this.conf = conf;
        this.oned = oned;
        this.clock = clock;
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
            return new Plan(List.of(), List.of(), List.of());
        }
        Map<Integer, PendingVm> byId = new HashMap<>();
        for (PendingVm v : vms) byId.put(v.id(), v);
        List<HostView> hosts = oned.hosts();
        Plan plan = Scheduler.plan(conf, vms, hosts);
        // A pass that changes nothing (the same VMs refused for the same reasons) is logged at DEBUG, so a VM
        // that fits nowhere does not add an INFO line every SCHED_INTERVAL.
        boolean news = !plan.dispatches().isEmpty() || plan.refusals().stream().anyMatch(r -> !r.message().equals(byId.get(r.vmId()).schedReason()));
        LOG.log(news ? System.Logger.Level.INFO : System.Logger.Level.DEBUG, "mm_sched: pass: " + vms.size() + " pending, " + hosts.stream().filter(HostView::isMonitored).count()
                + " of " + hosts.size() + " host(s) monitored: " + plan.dispatches().size() + " dispatched, " + plan.refusals().size()
                + " refused, " + plan.deferrals().size() + " deferred");
        for (Plan.Dispatch d : plan.dispatches()) {
            PendingVm vm = byId.get(d.vmId());
            if (vm.schedMessage() != null) clear(vm);
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
            if (r.message().equals(byId.get(r.vmId()).schedReason())) continue; // already says so
            LOG.log(System.Logger.Level.INFO, "mm_sched: VM " + r.vmId() + " not dispatched: " + r.message());
            tellOned(r.vmId(), clock.get().format(LOG_TIME) + " : " + r.message());
        }
        for (Plan.Deferral d : plan.deferrals())
            LOG.log(System.Logger.Level.DEBUG, "mm_sched: VM " + d.vmId() + " deferred: " + d.why());
        return plan;
    }

    private void tellOned(int vm, String timedMessage) throws IOException {
        if (updateMissing) return;
        try {
            oned.setSchedMessage(vm, timedMessage);
        } catch (OnedGateway.Refused e) {
            refusedUpdate(vm, e);
        }
    }

    private void clear(PendingVm vm) throws IOException {
        if (updateMissing) return;
        try {
            oned.clearSchedMessage(vm);
        } catch (OnedGateway.Refused e) {
            refusedUpdate(vm.id(), e);
        }
    }

    private void refusedUpdate(int vm, OnedGateway.Refused e) {
        if (e.code == XmlRpcFault.UNKNOWN_METHOD) {
            updateMissing = true;
            LOG.log(System.Logger.Level.WARNING, "mm_sched: oned at " + oned.endpoint() + " has no one.vm.update, so SCHED_MESSAGEs are only"
                    + " in this log (use an oned with one.vm.update, OpenNebula 4.2 or later)");
        } else {
            LOG.log(System.Logger.Level.WARNING, "mm_sched: could not update SCHED_MESSAGE of VM " + vm + ": " + e.getMessage());
        }
    }
}

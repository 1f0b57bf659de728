package org.nebulaha.sched.plan;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.nebulaha.sched.model.Expr;
import org.nebulaha.sched.model.HostView;
import org.nebulaha.sched.model.PendingVm;
import org.nebulaha.sched.model.SchedConf;

/**
 * One scheduling pass as a pure function: {@code plan(conf, vms, hosts)}. Rules, in order
 * (OpenNebula 4.2 {@code Scheduler::match} and {@code dispatch}, docs "schg"):
 * <ol>
 * <li>VMs are taken by id, at most MAX_VM of them (0 = all).</li>
 * <li>Only monitored hosts (state 1 or 2) are candidates; a rescheduled VM never goes back to its host.</li>
 * <li>A host must satisfy SCHED_REQUIREMENTS, and have free CPU ({@code MAX_CPU − CPU_USAGE}) and
 *     free memory ({@code MAX_MEM × (1 − HYPERVISOR_MEM) − MEM_USAGE}) for the VM.</li>
 * <li>Candidates are ranked by SCHED_RANK, else DEFAULT_SCHED (packing {@code RUNNING_VMS},
 *     striping {@code −RUNNING_VMS}, load-aware {@code FREE_CPU}, custom RANK); highest wins,
 *     ties go to the lower host id.</li>
 * <li>At most MAX_DISPATCH VMs per pass and MAX_HOST per host; a VM stopped only by these limits
 *     is deferred, not refused. Each dispatch counts against the host for the rest of the pass.</li>
 * <li>A VM that fits nowhere is refused with a SCHED_MESSAGE that says why.</li>
 * </ol>
 */
public final class Scheduler {
    private Scheduler() {}

    public static Plan plan(SchedConf conf, List<PendingVm> pending, List<HostView> hosts) {
        List<PendingVm> vms = new ArrayList<>(pending);
        vms.sort(Comparator.comparingInt(PendingVm::id));
        if (conf.maxVm() > 0 && vms.size() > conf.maxVm()) vms = vms.subList(0, conf.maxVm());
        List<Slot> slots = new ArrayList<>();
        for (HostView h : hosts) if (h.isMonitored()) slots.add(new Slot(h, conf.hypervisorMem()));
        slots.sort(Comparator.comparingInt(s -> s.host.id()));
        Map<String, Object> parsed = new HashMap<>();
        List<Plan.Dispatch> out = new ArrayList<>();
        List<Plan.Refusal> refused = new ArrayList<>();
        List<Plan.Deferral> deferred = new ArrayList<>();
        for (PendingVm vm : vms) {
            if (out.size() >= conf.maxDispatch()) {
                deferred.add(new Plan.Deferral(vm.id(), "MAX_DISPATCH " + conf.maxDispatch() + " reached in this pass"));
                continue;
            }
            Object req = vm.requirements() == null || vm.requirements().isBlank() ? null : parsed.computeIfAbsent(vm.requirements(), Scheduler::compile);
            if (req instanceof String err) {
                refused.add(new Plan.Refusal(vm.id(), "Error parsing SCHED_REQUIREMENTS: " + err));
                continue;
            }
            String rankText = vm.rank() == null || vm.rank().isBlank() ? conf.defaultRank() : vm.rank();
            Object rank = parsed.computeIfAbsent(rankText, Scheduler::compile);
            if (rank instanceof String err) {
                refused.add(new Plan.Refusal(vm.id(), "Error parsing SCHED_RANK: " + err));
                continue;
            }
            if (slots.isEmpty()) {
                refused.add(new Plan.Refusal(vm.id(), "No host is monitored (ON) to deploy the VM"));
                continue;
            }
            Slot best = null;
            double bestRank = 0;
            int failReq = 0, failCap = 0, atLimit = 0;
            Slot roomiest = null;
            for (Slot s : slots) {
                if (vm.resched() && s.host.id() == vm.currentHost()) continue;
                if (req != null && !((Expr) req).test(s)) {
                    failReq++;
                    continue;
                }
                if (!s.fits(vm)) {
                    failCap++;
                    if (roomiest == null || s.freeMem() > roomiest.freeMem()) roomiest = s;
                    continue;
                }
                if (s.dispatched >= conf.maxHost()) {
                    atLimit++;
                    continue;
                }
                double r = ((Expr) rank).rank(s);
                if (best == null || r > bestRank) {
                    best = s;
                    bestRank = r;
                }
            }
            if (best == null) {
                if (atLimit > 0) {
                    deferred.add(new Plan.Deferral(vm.id(), atLimit + " host(s) fit but already got MAX_HOST " + conf.maxHost() + " VM(s) in this pass"));
                } else if (failCap == 0 && failReq > 0) {
                    refused.add(new Plan.Refusal(vm.id(), "No host meets the SCHED_REQUIREMENTS expression: " + vm.requirements()
                            + " (" + failReq + " monitored host(s) checked)"));
                } else if (failCap == 0) {
                    refused.add(new Plan.Refusal(vm.id(), "No other monitored host to reschedule the VM to"));
                } else {
                    refused.add(new Plan.Refusal(vm.id(), "No host with enough capacity to deploy the VM: needs CPU " + cpu(vm.cpu())
                            + " and MEMORY " + vm.memoryMb() + " MB; " + failCap + " host(s) too full (most free: " + roomiest.host.name()
                            + " with CPU " + cpu(roomiest.freeCpuShare()) + ", MEMORY " + roomiest.freeMem() / 1024 + " MB, "
                            + Math.round(conf.hypervisorMem() * 100) + "% kept for the hypervisor)"
                            + (failReq > 0 ? "; " + failReq + " host(s) fail SCHED_REQUIREMENTS" : "")));
                }
                continue;
            }
            best.take(vm);
            out.add(new Plan.Dispatch(vm.id(), best.host.id(), best.host.name(), vm.resched(), bestRank,
                    "rank " + fmt(bestRank) + " by " + rankText + (vm.rank() == null || vm.rank().isBlank() ? " (" + conf.policy().name().toLowerCase() + ")" : " (SCHED_RANK)")));
        }
        return new Plan(out, refused, deferred);
    }

    private static Object compile(String text) {
        try {
            return Expr.parse(text);
        } catch (Expr.ParseException e) {
            return e.getMessage();
        }
    }

    private static String cpu(long pct) {
        return fmt(pct / 100.0);
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : String.format(java.util.Locale.ROOT, "%.2f", d);
    }

    /** A host's capacity as this pass changes it; answers attribute look-ups with the live figures. */
    private static final class Slot implements Function<String, String> {
        final HostView host;
        final long memLimit;
        long cpuUsage, memUsage, freeCpu;
        int running, dispatched;

        Slot(HostView h, double hypervisorMem) {
            host = h;
            memLimit = (long) (h.maxMem() * (1 - hypervisorMem));
            cpuUsage = h.cpuUsage();
            memUsage = h.memUsage();
            freeCpu = h.freeCpu();
            running = h.runningVms();
        }

        long freeMem() {
            return memLimit - memUsage;
        }

        long freeCpuShare() {
            return host.maxCpu() - cpuUsage;
        }

        boolean fits(PendingVm vm) {
            return freeCpuShare() >= vm.cpu() && freeMem() >= vm.memoryKb();
        }

        void take(PendingVm vm) {
            cpuUsage += vm.cpu();
            memUsage += vm.memoryKb();
            freeCpu -= vm.cpu();
            running++;
            dispatched++;
        }

        @Override
        public String apply(String name) {
            switch (name) {
                case "RUNNING_VMS": return Integer.toString(running);
                case "CPU_USAGE": return Long.toString(cpuUsage);
                case "MEM_USAGE": return Long.toString(memUsage);
                case "FREE_CPU": return Long.toString(freeCpu);
                case "FREE_MEM": return Long.toString(memLimit - memUsage);
                case "ID": case "HID": return Integer.toString(host.id());
                case "NAME": case "HOSTNAME": return host.attributes().getOrDefault(name, host.name());
                default: return host.attributes().get(name);
            }
        }
    }
}

package org.nebulaha.sched.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nebulaha.sched.model.HostView;
import org.nebulaha.sched.model.PendingVm;
import org.nebulaha.sched.model.SchedConf;
import org.nebulaha.sched.plan.Plan;
import org.nebulaha.sched.plan.Scheduler;

/**
 * Times one scheduling pass (the pure function, no oned) for VMS pending VMs over HOSTS hosts,
 * with every limit lifted so that each VM is matched against every host:
 * {@code SchedBenchmark [VMS [HOSTS [PASSES]]]}, defaults 10000 1000 5. Prints each pass and the best.
 */
public final class SchedBenchmark {
    public static void main(String[] args) {
        int vms = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int hosts = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
        int passes = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        List<HostView> hs = new ArrayList<>();
        for (int i = 0; i < hosts; i++) {
            long maxMem = 64L * 1024 * 1024, maxCpu = 1600;
            hs.add(new HostView(i, "host" + i, 2, maxCpu, maxMem, 0, 0, maxCpu, 0,
                    Map.of("HYPERVISOR", i % 2 == 0 ? "kvm" : "dummy", "CPUSPEED", Integer.toString(2000 + i % 7 * 100))));
        }
        List<PendingVm> ps = new ArrayList<>();
        for (int i = 0; i < vms; i++)
            ps.add(new PendingVm(i, "vm" + i, 25 + i % 4 * 25, 512 + i % 8 * 256, i % 3 == 0 ? "HYPERVISOR = \"kvm\" & CPUSPEED > 2100" : null,
                    i % 5 == 0 ? "FREE_CPU" : null, false, -1));
        for (SchedConf.Policy p : new SchedConf.Policy[] {SchedConf.Policy.STRIPING, SchedConf.Policy.PACKING}) {
            SchedConf conf = SchedConf.DEFAULTS.withPolicy(p, null).withLimits(0, Integer.MAX_VALUE, Integer.MAX_VALUE);
            long best = Long.MAX_VALUE;
            Plan plan = null;
            for (int n = 0; n < passes; n++) {
                long t0 = System.nanoTime();
                plan = Scheduler.plan(conf, ps, hs);
                long t = System.nanoTime() - t0;
                best = Math.min(best, t);
                System.out.printf("pass %d (%s): %d VMs over %d hosts in %.1f ms%n", n + 1, p.name().toLowerCase(), vms, hosts, t / 1e6);
            }
            System.out.printf("%s: best %.1f ms; %d dispatched, %d refused, %d deferred%n", p.name().toLowerCase(), best / 1e6,
                    plan.dispatches().size(), plan.refusals().size(), plan.deferrals().size());
        }
    }
}

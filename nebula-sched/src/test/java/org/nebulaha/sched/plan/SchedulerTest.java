package org.nebulaha.sched.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nebulaha.sched.model.HostView;
import org.nebulaha.sched.model.PendingVm;
import org.nebulaha.sched.model.SchedConf;
import org.nebulaha.sched.model.SchedConf.Policy;

/**
 * Table of scheduling passes. Hosts are written {@code name:cpu%/memMB/runningVms[:state][:ATTR=value]}
 * (allocated usage = 0 unless {@code used=cpu/memMB}); VMs {@code id:cpu%/memMB[:req][:rank]}.
 * The expected plan is one line per VM: {@code vm -> host}, {@code vm refused: message start},
 * {@code vm deferred: reason start}.
 */
class SchedulerTest {
    static SchedConf conf(Policy p) {
        return SchedConf.DEFAULTS.withPolicy(p, p == Policy.CUSTOM ? "FREE_MEM" : null).withLimits(0, 30, 10);
    }

    static Stream<Arguments> cases() {
        SchedConf pack = conf(Policy.PACKING), stripe = conf(Policy.STRIPING), load = conf(Policy.LOAD_AWARE), custom = conf(Policy.CUSTOM);
        return Stream.of(
            row("packing fills the host that already runs the most VMs", pack,
                hosts("h0:800/8192/1", "h1:800/8192/3", "h2:800/8192/0"), vms("1:100/512", "2:100/512"),
                "1 -> h1", "2 -> h1"),
            row("striping spreads over the host with the fewest VMs, counting this pass's dispatches", stripe,
                hosts("h0:800/8192/1", "h1:800/8192/3", "h2:800/8192/0"), vms("1:100/512", "2:100/512", "3:100/512"),
                "1 -> h2", "2 -> h0", "3 -> h2"),
            row("load-aware picks the host with the most free CPU", load,
                hosts("h0:800/8192/0:FREE_CPU=100", "h1:800/8192/5:FREE_CPU=700", "h2:800/8192/0:FREE_CPU=300"), vms("1:50/512"),
                "1 -> h1"),
            row("custom RANK from DEFAULT_SCHED ranks by the expression", custom,
                hosts("h0:800/4096/0", "h1:800/16384/0", "h2:800/8192/0"), vms("1:50/512"),
                "1 -> h1"),
            row("fixed ranks by the hosts' PRIORITY; a host without one counts 0", conf(Policy.FIXED),
                hosts("h0:800/8192/0:PRIORITY=5", "h1:800/8192/9", "h2:800/8192/3:PRIORITY=20"), vms("1:50/512"),
                "1 -> h2"),
            row("SCHED_RANK of the VM overrides the policy", pack,
                hosts("h0:800/8192/4:PRIO=1", "h1:800/8192/0:PRIO=9"), vms("1:50/512::PRIO"),
                "1 -> h1"),
            row("ties go to the lower host id", stripe,
                hosts("h3:800/8192/0", "h1:800/8192/0"), vms("1:50/512"),
                "1 -> h1"),
            row("SCHED_REQUIREMENTS filters hosts", stripe,
                hosts("h0:800/8192/0:HYPERVISOR=kvm", "h1:800/8192/5:HYPERVISOR=dummy"), vms("1:50/512:HYPERVISOR = \"dummy\""),
                "1 -> h1"),
            row("requirements with wildcards, & and |", stripe,
                hosts("web1:800/8192/0:CPUSPEED=2000", "db1:800/8192/0:CPUSPEED=3000", "db2:800/8192/1:CPUSPEED=1000"),
                vms("1:50/512:NAME = \"db*\" & (CPUSPEED > 2500 | CPUSPEED < 500)"),
                "1 -> db1"),
            row("no host meets the requirements: refused with the expression", stripe,
                hosts("h0:800/8192/0:HYPERVISOR=kvm"), vms("1:50/512:HYPERVISOR = \"xen\""),
                "1 refused: No host meets the SCHED_REQUIREMENTS expression: HYPERVISOR = \"xen\""),
            row("too little CPU anywhere: refused with the capacity message", stripe,
                hosts("h0:100/8192/0", "h1:200/8192/0"), vms("1:400/512"),
                "1 refused: No host with enough capacity to deploy the VM: needs CPU 4 and MEMORY 512 MB; 2 host(s) too full"),
            row("HYPERVISOR_MEM keeps 10% of memory: 1000 MB of 1024 does not fit", stripe,
                hosts("h0:800/1024/0"), vms("1:10/1000", "2:10/900"),
                "1 refused: No host with enough capacity", "2 -> h0"),
            row("allocated capacity counts: a host that already gives out its CPU is full", stripe,
                hosts("h0:800/8192/2:used=750/0", "h1:800/8192/3"), vms("1:100/512"),
                "1 -> h1"),
            row("capacity taken earlier in the pass counts for later VMs", stripe,
                hosts("h0:200/8192/0"), vms("1:150/512", "2:100/512"),
                "1 -> h0", "2 refused: No host with enough capacity"),
            row("hosts not monitored (init, error, disabled) are never used", stripe,
                hosts("h0:800/8192/0:state=0", "h1:800/8192/0:state=3", "h2:800/8192/0:state=4"), vms("1:10/10"),
                "1 refused: No host is monitored"),
            row("a requirement that does not parse is refused with where it fails", stripe,
                hosts("h0:800/8192/0"), vms("1:10/10:CPUSPEED > > 3"),
                "1 refused: Error parsing SCHED_REQUIREMENTS: \"CPUSPEED > > 3\": unexpected '>' at column 12"),
            row("MAX_DISPATCH limits the pass; the rest is deferred", stripe.withLimits(0, 2, 10),
                hosts("h0:800/8192/0", "h1:800/8192/0"), vms("1:10/10", "2:10/10", "3:10/10"),
                "1 -> h0", "2 -> h1", "3 deferred: MAX_DISPATCH 2"),
            row("MAX_HOST limits VMs per host per pass", pack.withLimits(0, 30, 1),
                hosts("h0:800/8192/0"), vms("1:10/10", "2:10/10"),
                "1 -> h0", "2 deferred: 1 host(s) fit but already got MAX_HOST 1"),
            row("MAX_VM limits how many pending VMs are looked at", stripe.withLimits(1, 30, 10),
                hosts("h0:800/8192/0"), vms("2:10/10", "1:10/10"),
                "1 -> h0"),
            row("a rescheduled VM moves to another host, never its own", pack,
                hosts("h0:800/8192/5", "h1:800/8192/1"), List.of(new PendingVm(7, "r", 10, 10, null, null, true, 0)),
                "7 -> h1 (migrate)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void placesVmsAsTheTableSays(String name, SchedConf conf, List<HostView> hosts, List<PendingVm> vms, List<String> expected) {
        Plan plan = Scheduler.plan(conf, vms, hosts);
        List<String> seen = new ArrayList<>();
        for (Plan.Dispatch d : plan.dispatches()) seen.add(d.vmId() + " -> " + d.hostName() + (d.migrate() ? " (migrate)" : ""));
        for (Plan.Refusal r : plan.refusals()) seen.add(r.vmId() + " refused: " + r.message());
        for (Plan.Deferral d : plan.deferrals()) seen.add(d.vmId() + " deferred: " + d.why());
        assertThat(seen).as("plan for %s", name).hasSameSizeAs(expected);
        for (String e : expected)
            assertThat(seen).as("plan %s", seen).anyMatch(s -> s.startsWith(e));
    }

    static Arguments row(String name, SchedConf conf, List<HostView> hosts, List<PendingVm> vms, String... expected) {
        return Arguments.of(name, conf, hosts, vms, List.of(expected));
    }

    static List<HostView> hosts(String... specs) {
        List<HostView> out = new ArrayList<>();
        int id = 0;
        for (String s : specs) {
            String[] f = s.split(":");
            String[] cap = f[1].split("/");
            int state = 2;
            long usedCpu = 0, usedMem = 0;
            Map<String, String> attrs = new java.util.HashMap<>();
            for (int i = 2; i < f.length; i++) {
                String[] kv = f[i].split("=");
                if (kv[0].equals("state")) state = Integer.parseInt(kv[1]);
                else if (kv[0].equals("used")) {
                    usedCpu = Long.parseLong(kv[1].split("/")[0]);
                    usedMem = Long.parseLong(kv[1].split("/")[1]) * 1024;
                } else attrs.put(kv[0], kv[1]);
            }
            long maxCpu = Long.parseLong(cap[0]);
            long freeCpu = attrs.containsKey("FREE_CPU") ? Long.parseLong(attrs.get("FREE_CPU")) : maxCpu - usedCpu;
            int hid = f[0].matches("h\\d+") ? Integer.parseInt(f[0].substring(1)) : id;
            out.add(new HostView(hid, f[0], state, maxCpu, Long.parseLong(cap[1]) * 1024, usedCpu, usedMem, freeCpu,
                    Integer.parseInt(cap[2]), attrs));
            id++;
        }
        return out;
    }

    static List<PendingVm> vms(String... specs) {
        List<PendingVm> out = new ArrayList<>();
        for (String s : specs) {
            String[] f = s.split(":", -1);
            String[] cap = f[1].split("/");
            out.add(new PendingVm(Integer.parseInt(f[0]), "vm" + f[0], Long.parseLong(cap[0]), Long.parseLong(cap[1]),
                    f.length > 2 && !f[2].isEmpty() ? f[2] : null, f.length > 3 && !f[3].isEmpty() ? f[3] : null, false, -1));
        }
        return out;
    }
}

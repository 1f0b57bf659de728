package org.nebulaha.oned.recover;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.nebulaha.oned.driver.DriverManager;
import org.nebulaha.oned.lifecycle.Core;
import org.nebulaha.oned.lifecycle.OneError;
import org.nebulaha.oned.model.History;
import org.nebulaha.oned.model.Vm;
import org.nebulaha.oned.recover.AutoRecovery.Decision;
import org.nebulaha.oned.recover.AutoRecovery.Evidence;
import org.nebulaha.oned.recover.AutoRecovery.Facts;
import org.nebulaha.oned.recover.AutoRecovery.Kind;

/**
 * Reports the VMs a crashed oned left in transient states and settles them: gathers evidence
 * from the drivers' records ({@code PROBE}), lets {@link AutoRecovery} decide, and applies the
 * matching recover operation through the core, unless the VM moved on meanwhile.
 */
public final class Settler {
    private static final System.Logger LOG = System.getLogger("oned.recover");

    private final Core core;
    private final DriverManager drivers;
    private final int probeTimeoutSeconds;

    public Settler(Core core, DriverManager drivers, int probeTimeoutSeconds) {
        this.core = core;
        this.drivers = drivers;
        this.probeTimeoutSeconds = probeTimeoutSeconds;
    }

    /** One line of the report: the VM, where it was stuck, and what was (or would be) done. */
    public record Line(int vmId, String state, String pending, String host, Kind decision, String reason, String outcome) {
        @Override
        public String toString() {
            return "VM " + vmId + " " + state + " (waiting for " + pending + " on " + host + "): " + decision
                    + " - " + reason + (outcome == null ? "" : " => " + outcome);
        }
    }

    /** The VMs in transient states, without probing anything. */
    public List<Vm> stuck() throws OneError {
        return core.transientVms();
    }

    /** Settles {@code ids} (all transient VMs when empty); with {@code dryRun} only decides. */
    public List<Line> settle(List<Integer> ids, boolean dryRun) throws OneError {
        List<Line> out = new ArrayList<>();
        for (Vm v : core.transientVms()) {
            if (!ids.isEmpty() && !ids.contains(v.id)) continue;
            out.add(settleOne(v, dryRun));
        }
        return out;
    }

    private Line settleOne(Vm v, boolean dryRun) {
        History cur = v.current();
        String pending = v.pendingOp == null ? "nothing" : v.pendingOp.word;
        String host = cur == null ? "-" : cur.hostname();
        Evidence ev = gather(v);
        Decision d = AutoRecovery.decide(v.lcm, v.pendingOp, v.hotplugDisk, ev);
        String outcome = null;
        if (!dryRun && d.kind() != Kind.LEAVE) {
            int op = d.kind() == Kind.SUCCESS ? RecoverPlan.SUCCESS_OP : d.kind() == Kind.FAILURE ? RecoverPlan.FAILURE_OP : RecoverPlan.RETRY_OP;
            try {
                Vm now = core.vmInfo(v.id);
                if (now.state != v.state || now.lcm != v.lcm || now.pendingOp != v.pendingOp) {
                    outcome = "not applied: the VM moved on to " + now.lcm + " meanwhile";
                } else {
                    String deployId = ev.current() == null ? null : ev.current().deployId();
                    outcome = core.recover(v.id, op, deployId, true);
                }
            } catch (OneError e) {
                outcome = "not applied: " + e.getMessage();
            }
        }
        Line l = new Line(v.id, v.lcm.name(), pending, host, d.kind(), d.reason(), outcome);
        LOG.log(d.kind() == Kind.LEAVE ? System.Logger.Level.WARNING : System.Logger.Level.INFO,
                "" + (dryRun ? "[dry run] " : "") + l + (d.kind() == Kind.LEAVE ? "; left for the operator (onevm recover)" : ""));
        return l;
    }

    private Evidence gather(Vm v) {
        History cur = v.current(), prev = v.previous();
        if (cur == null) return Evidence.unavailable("the VM has no host record");
        try {
            Facts c = facts(cur.vmmMad(), v.id, cur.hostname());
            Facts p = prev == null ? null : facts(prev.vmmMad(), v.id, prev.hostname());
            Facts front = tmOnly(v.id);
            return new Evidence(cur.hostname(), c, prev == null ? null : prev.hostname(), p, front, null);
        } catch (Exception e) {
            String why = e.getCause() != null ? e.getCause().getMessage() : e.toString();
            return Evidence.unavailable("could not read the drivers' record: " + why);
        }
    }

    private Facts facts(String vmmMad, int id, String host) throws Exception {
        CompletableFuture<Map<String, String>> vmm = drivers.probe("vmm", vmmMad, id, host);
        CompletableFuture<Map<String, String>> tm = drivers.probe("tm", null, id, host);
        Map<String, String> a = vmm.get(probeTimeoutSeconds, TimeUnit.SECONDS);
        Map<String, String> b = tm.get(probeTimeoutSeconds, TimeUnit.SECONDS);
        if (!"SUCCESS".equals(a.get("RESULT")) || !"SUCCESS".equals(b.get("RESULT")))
            throw new Exception(new Exception("a driver could not probe host " + host));
        Set<Integer> attached = new TreeSet<>();
        for (String s : a.getOrDefault("ATTACHED", "").split(",")) if (!s.isBlank()) attached.add(Integer.parseInt(s.strip()));
        Set<Integer> snapshots = new TreeSet<>();
        for (String s : a.getOrDefault("SNAPSHOTS", "").split(",")) if (!s.isBlank()) snapshots.add(Integer.parseInt(s.strip()));
        return new Facts("yes".equals(a.get("DOMAIN")), a.getOrDefault("DEPLOY_ID", ""), "yes".equals(b.get("DISKS")),
                "yes".equals(a.get("CHECKPOINT")), attached, snapshots);
    }

    private Facts tmOnly(int id) throws Exception {
        Map<String, String> b = drivers.probe("tm", null, id, "-").get(probeTimeoutSeconds, TimeUnit.SECONDS);
        return new Facts(false, "", "yes".equals(b.get("DISKS")), false, Set.of(), Set.of());
    }
}

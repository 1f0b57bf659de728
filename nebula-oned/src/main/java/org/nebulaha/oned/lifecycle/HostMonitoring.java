package org.nebulaha.oned.lifecycle;

import java.util.ArrayList;
import java.util.List;
import org.nebulaha.oned.model.Host;
import org.nebulaha.oned.model.HostState;
import org.nebulaha.oned.model.LcmState;
import org.nebulaha.oned.model.Vm;
import org.nebulaha.oned.model.VmState;

/**
 * Host monitoring results applied to oned's state (under the core's lock): host states
 * (INIT -> MONITORING_INIT -> MONITORED, ERROR on a failed MONITOR), capacity from the report,
 * and the VMs it lists: a RUNNING VM missing from the report becomes UNKNOWN, an UNKNOWN VM that
 * reappears is RUNNING again (4.2 {@code process_poll}); a failed MONITOR makes the host's
 * RUNNING VMs UNKNOWN.
 */
final class HostMonitoring {
    private static final System.Logger LOG = System.getLogger("oned.monitor");

    private final Core core;

    HostMonitoring(Core core) {
        this.core = core;
    }

    void result(int hostId, boolean success, String info) {
        synchronized (core) {
            resultLocked(hostId, success, info);
        }
    }

    List<Host> due(long intervalSeconds) {
        synchronized (core) {
            return dueLocked(intervalSeconds);
        }
    }

    /** Result of a MONITOR: host state and, when the report lists VMs, their presence. */
    private void resultLocked(int hostId, boolean success, String info) {
        Host h = core.hosts.get(hostId);
        if (h == null) return;
        if (!h.isEnabled()) return;
        h.lastMonTime = Core.now();
        List<Vm> changed = new ArrayList<>();
        if (success) {
            h.state = HostState.MONITORED;
            h.monitor = info;
            java.util.Set<Integer> seen = new java.util.HashSet<>();
            for (String line : info.split("\n")) {
                if (line.startsWith("TOTALMEMORY=")) h.maxMem = parseLong(line.substring(12));
                if (line.startsWith("TOTALCPU=")) h.maxCpu = parseLong(line.substring(9));
                if (line.startsWith("VM=[ID=")) {
                    String idText = line.substring(7).split(",")[0];
                    try {
                        seen.add(Integer.parseInt(idText));
                    } catch (NumberFormatException ignored) {
                        // not a VM line we understand
                    }
                }
            }
            for (int vmId : h.vms) {
                try {
                    Vm v = core.vm(vmId);
                    if (v.state != VmState.ACTIVE || v.current() == null || v.current().hostId() != hostId) continue;
                    if (v.lcm == LcmState.RUNNING && !seen.contains(vmId)) {
                        v.lcm = LcmState.UNKNOWN;
                        changed.add(v);
                        LOG.log(System.Logger.Level.WARNING, "vm " + vmId + ": UNKNOWN (host " + h.name + " no longer reports it)");
                    } else if (v.lcm == LcmState.UNKNOWN && seen.contains(vmId)) {
                        v.lcm = LcmState.RUNNING;
                        changed.add(v);
                        LOG.log(System.Logger.Level.INFO, "vm " + vmId + ": RUNNING (found again on " + h.name + ")");
                    }
                } catch (OneError e) {
                    // VM gone meanwhile
                }
            }
        } else {
            h.state = HostState.ERROR;
            LOG.log(System.Logger.Level.WARNING, "host " + h.name + ": monitoring failed: " + info);
            // 4.2: a failed host monitor ends the monitoring of its VMs; the running ones become UNKNOWN.
            for (int vmId : h.vms) {
                try {
                    Vm v = core.vm(vmId);
                    if (v.state == VmState.ACTIVE && v.lcm == LcmState.RUNNING && v.current() != null && v.current().hostId() == hostId) {
                        v.lcm = LcmState.UNKNOWN;
                        changed.add(v);
                        LOG.log(System.Logger.Level.WARNING, "vm " + vmId + ": UNKNOWN (host " + h.name + " cannot be monitored)");
                    }
                } catch (OneError e) {
                    // VM gone meanwhile
                }
            }
        }
        try {
            core.commit(null, h);
            for (Vm v : changed) core.commit(v);
        } catch (OneError e) {
            LOG.log(System.Logger.Level.ERROR, "host " + h.name + ": " + e.getMessage());
        }
    }

    /** Marks enabled hosts as being monitored; returns those due for a MONITOR. */
    private List<Host> dueLocked(long intervalSeconds) {
        List<Host> due = new ArrayList<>();
        long now = Core.now();
        for (Host h : core.hosts.values()) {
            if (!h.isEnabled()) continue;
            if (h.state == HostState.INIT || h.lastMonTime + intervalSeconds <= now) {
                h.state = h.state == HostState.INIT ? HostState.MONITORING_INIT
                        : h.state == HostState.ERROR ? HostState.MONITORING_ERROR : HostState.MONITORING_MONITORED;
                h.lastMonTime = now;
                due.add(h);
            }
        }
        return due;
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}

package org.nebulaha.sunstone.model;

import java.util.List;

/**
 * The dashboard's counts, as Sunstone 4.2 counts them (dashboard-tab.js, hosts-tab.js, vms-tab.js):
 * hosts on (INIT, UPDATE, ON), off (DISABLED), error (ERROR, RETRY); VMs pending (INIT, PENDING,
 * HOLD), active (ACTIVE), failed (FAILED), off (STOPPED, SUSPENDED, POWEROFF, UNDEPLOYED); DONE VMs
 * are not counted. CPU and memory: allocated (CPU_USAGE, MEM_USAGE) against the total of all hosts.
 * {@code stuck} counts ACTIVE VMs waiting for a driver operation.
 */
public record Dashboard(int hosts, int hostsOn, int hostsOff, int hostsError, int vms, int vmsActive, int vmsPending,
                        int vmsFailed, int vmsOff, int stuck, long cpuAllocated, long cpuTotal, long memAllocatedKb, long memTotalKb) {

    public static Dashboard of(List<VmRow> vms, List<HostRow> hosts) {
        int on = 0, off = 0, err = 0;
        long cpuA = 0, cpuT = 0, memA = 0, memT = 0;
        for (HostRow h : hosts) {
            switch (h.simpleState()) {
                case "on": on++; break;
                case "off": off++; break;
                default: err++;
            }
            cpuA += h.cpuUsage();
            cpuT += h.maxCpu();
            memA += h.memUsage();
            memT += h.maxMem();
        }
        int total = 0, active = 0, pending = 0, failed = 0, vmOff = 0, stuck = 0;
        for (VmRow v : vms) {
            if (v.state() == 6) continue; // DONE
            total++;
            switch (v.state()) {
                case 0: case 1: case 2: pending++; break;
                case 3: active++; break;
                case 7: failed++; break;
                default: vmOff++;
            }
            if (v.isStuckCandidate()) stuck++;
        }
        return new Dashboard(hosts.size(), on, off, err, total, active, pending, failed, vmOff, stuck, cpuA, cpuT, memA, memT);
    }

    /** Whole percent of {@code part} in {@code whole} (0 when there is no whole). */
    public static int percent(long part, long whole) {
        return whole <= 0 ? 0 : (int) Math.round(100.0 * part / whole);
    }
}

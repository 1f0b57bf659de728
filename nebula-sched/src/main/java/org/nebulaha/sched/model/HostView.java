package org.nebulaha.sched.model;

import java.util.Map;

/**
 * A host as the scheduler sees it in {@code one.hostpool.info}: capacity in OpenNebula's units
 * (CPU in percent of one core, 100 = one CPU; memory in KB), the allocation oned already made
 * ({@code CPU_USAGE}, {@code MEM_USAGE}), and every attribute SCHED_REQUIREMENTS/SCHED_RANK may
 * name ({@code attributes}: TEMPLATE and HOST_SHARE elements plus NAME, ID, CLUSTER_ID).
 */
public record HostView(int id, String name, int state, long maxCpu, long maxMem, long cpuUsage, long memUsage,
                       long freeCpu, int runningVms, Map<String, String> attributes) {
    public HostView {
        attributes = Map.copyOf(attributes);
        if (name == null || name.isBlank()) throw new IllegalArgumentException("host " + id + " without a name");
    }

    /** OpenNebula 4.2 schedules on MONITORING_MONITORED (1) and MONITORED (2) hosts only. */
    public boolean isMonitored() {
        return state == 1 || state == 2;
    }
}

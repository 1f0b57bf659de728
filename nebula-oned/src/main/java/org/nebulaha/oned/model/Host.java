package org.nebulaha.oned.model;

import java.util.Set;
import java.util.TreeSet;

/** A hypervisor host as oned keeps it (guarded by the core's lock like {@link Vm}). */
public final class Host {
    public int id;
    public String name;
    public HostState state = HostState.INIT;
    public String imMad;
    public String vmMad;
    public String vnMad;
    public int clusterId = -1;
    /** The cluster's name for the CLUSTER element ("" for none); set by the cluster pool. */
    public String clusterName = "";
    public long lastMonTime;
    public long maxMem;
    public long maxCpu;
    public long usedMem;
    public long usedCpu;
    /** KEY=VALUE lines the information driver reported last. */
    public String monitor = "";
    public Set<Integer> vms = new TreeSet<>();

    public boolean isEnabled() {
        return state != HostState.DISABLED && state != HostState.MONITORING_DISABLED;
    }
}

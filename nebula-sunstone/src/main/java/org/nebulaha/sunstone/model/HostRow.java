package org.nebulaha.sunstone.model;

import java.util.List;
import org.nebulaha.oned.model.HostState;

/** A host as Sunstone shows it; CPU in percent of one core, memory in KB (OpenNebula's units). */
public record HostRow(int id, String name, int state, String imMad, String vmMad, long lastMonTime, long maxCpu, long cpuUsage,
                      long maxMem, long memUsage, int runningVms, List<Integer> vms) {
    public HostRow {
        vms = List.copyOf(vms);
    }

    public String shortState() {
        try {
            return HostState.of(state).shortName;
        } catch (IllegalArgumentException e) {
            return "?" + state;
        }
    }

    /** Sunstone's simple host state: on, off or error (opennebula.js HOST_SIMPLE: INIT,UPDATE,ON,ERROR,OFF,RETRY,INIT,OFF). */
    public String simpleState() {
        switch (state) {
            case 3: case 5: return "error";
            case 4: case 7: return "off";
            default: return "on";
        }
    }
}

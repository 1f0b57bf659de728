package org.nebulaha.sunstone.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Sunstone 4.2's counting rules (dashboard-tab.js, opennebula.js HOST_SIMPLE). */
class DashboardTest {
    static VmRow vm(int state, int lcm) {
        return new VmRow(state * 100 + lcm, "v", "oneadmin", state, lcm, "", "1", 128, "", "", 0, List.of());
    }

    static HostRow host(int state, long maxCpu, long cpu, long maxMem, long mem) {
        return new HostRow(state, "h" + state, state, "dummy", "dummy", 0, maxCpu, cpu, maxMem, mem, 0, List.of());
    }

    @Test
    void countsHostsByTheirSimpleState() {
        // INIT, UPDATE, ON, ERROR, OFF, RETRY, MONITORING_INIT, MONITORING_DISABLED
        List<HostRow> hosts = List.of(host(0, 100, 0, 1024, 0), host(1, 100, 0, 1024, 0), host(2, 800, 150, 4096, 1024), host(3, 100, 0, 1024, 0),
                host(4, 100, 0, 1024, 0), host(5, 100, 0, 1024, 0), host(6, 100, 0, 1024, 0), host(7, 100, 0, 1024, 0));
        Dashboard d = Dashboard.of(List.of(), hosts);
        assertThat(List.of(d.hosts(), d.hostsOn(), d.hostsOff(), d.hostsError())).containsExactly(8, 4, 2, 2);
        assertThat(d.cpuAllocated()).isEqualTo(150);
        assertThat(d.cpuTotal()).isEqualTo(1500);
        assertThat(d.memAllocatedKb()).isEqualTo(1024);
        assertThat(Dashboard.percent(d.cpuAllocated(), d.cpuTotal())).isEqualTo(10);
    }

    @Test
    void countsVmsLikeSunstoneAndLeavesDoneOut() {
        List<VmRow> vms = List.of(vm(0, 0), vm(1, 0), vm(2, 0), vm(3, 3), vm(3, 1), vm(3, 16), vm(4, 0), vm(5, 0), vm(6, 0), vm(7, 0), vm(8, 0), vm(9, 0));
        Dashboard d = Dashboard.of(vms, List.of());
        assertThat(List.of(d.vms(), d.vmsActive(), d.vmsPending(), d.vmsFailed(), d.vmsOff(), d.stuck())).containsExactly(11, 3, 3, 1, 4, 2);
        assertThat(Dashboard.percent(1, 0)).isZero();
    }
}

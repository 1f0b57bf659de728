package org.nebulaha.oned.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nebulaha.oned.cli.OneClient;
import org.nebulaha.oned.daemon.Oned;
import org.nebulaha.testkit.Poll;

/** Host monitoring through the dummy IM driver: the UNKNOWN family and host ERROR. */
class MonitoringTest {
    @TempDir Path tmp;
    OnedHome home;
    Oned oned;
    OneClient c;

    @BeforeEach
    void start() throws Exception {
        home = new OnedHome(tmp, "");
        oned = Oned.start(home.location);
        c = home.client();
    }

    @AfterEach
    void stop() {
        if (oned != null) oned.close();
    }

    @Test
    void vanishedDomainBecomesUnknownAndAutoRecoveryLeavesItThenBootBringsItBack() throws Exception {
        int h = (Integer) c.call("one.host.allocate", "m1", "dummy", "dummy", "dummy", -1);
        int vm = (Integer) c.call("one.vm.allocate", "NAME = m MEMORY = 16 CPU = 0.1", false);
        c.call("one.vm.deploy", vm, h, false);
        Poll.until(Duration.ofSeconds(20), () -> info(vm).contains("<STATE>3</STATE><LCM_STATE>3</LCM_STATE>"), () -> info(vm));
        Path domain = home.location.var().resolve("dummy/hosts/m1/vm-" + vm + ".domain");
        Files.delete(domain); // the hypervisor lost it
        Poll.until(Duration.ofSeconds(20), () -> info(vm).contains("<LCM_STATE>16</LCM_STATE>"), () -> info(vm));
        assertThat((String) c.call("one.vm.autorecover", vm, false)).contains("UNKNOWN", "LEAVE - domain not found on m1");
        assertThat(info(vm)).contains("<LCM_STATE>16</LCM_STATE>");
        c.call("one.vm.action", "boot", vm);
        Poll.until(Duration.ofSeconds(20), () -> info(vm).contains("<LCM_STATE>3</LCM_STATE>") && Files.exists(domain), () -> info(vm));
    }

    @Test
    void failedMonitoringPutsTheHostInErrorAndItsRunningVmsInUnknown() throws Exception {
        int h = (Integer) c.call("one.host.allocate", "m2", "dummy", "dummy", "dummy", -1);
        int vm = (Integer) c.call("one.vm.allocate", "NAME = m MEMORY = 16 CPU = 0.1", false);
        c.call("one.vm.deploy", vm, h, false);
        Poll.until(Duration.ofSeconds(20), () -> info(vm).contains("<LCM_STATE>3</LCM_STATE>"), () -> info(vm));
        Files.writeString(home.actions().resolve("monitor.m2"), "failure\n");
        Poll.until(Duration.ofSeconds(20), () -> host(h).contains("<STATE>3</STATE>") && info(vm).contains("<LCM_STATE>16</LCM_STATE>"),
                () -> host(h) + "\n" + info(vm));
        Files.delete(home.actions().resolve("monitor.m2"));
        // The domain still runs: the next good report finds it again.
        Poll.until(Duration.ofSeconds(20), () -> host(h).contains("<STATE>2</STATE>") && info(vm).contains("<LCM_STATE>3</LCM_STATE>"),
                () -> host(h) + "\n" + info(vm));
    }

    private String info(int vm) {
        try {
            return (String) c.call("one.vm.info", vm);
        } catch (OneClient.CallException e) {
            return e.getMessage();
        }
    }

    private String host(int id) {
        try {
            return (String) c.call("one.host.info", id);
        } catch (OneClient.CallException e) {
            return e.getMessage();
        }
    }
}

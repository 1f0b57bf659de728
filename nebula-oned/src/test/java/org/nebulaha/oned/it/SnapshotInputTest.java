package org.nebulaha.oned.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nebulaha.oned.cli.OneClient;
import org.nebulaha.oned.daemon.Oned;
import org.nebulaha.testkit.Poll;

/**
 * one.vm.snapshotcreate on a RUNNING VM whose template (given at allocate) holds a SNAPSHOT with a
 * SNAPSHOT_ID that is not a number: a clear refusal that changes nothing, and oned keeps serving.
 */
class SnapshotInputTest {
    @TempDir Path tmp;
    Oned oned;

    @AfterEach
    void stop() {
        if (oned != null) oned.close();
    }

    @Test
    void aNonNumericSnapshotIdInTheTemplateIsRefusedAndChangesNothing() throws Exception {
        OnedHome home = new OnedHome(tmp, "");
        oned = Oned.start(home.location);
        OneClient c = home.client();
        int h = (Integer) c.call("one.host.allocate", "h1", "dummy", "dummy", "dummy", -1);
        int vm = (Integer) c.call("one.vm.allocate", "NAME = s MEMORY = 16 CPU = 0.1 SNAPSHOT = [ SNAPSHOT_ID = \"x\", NAME = old ]", false);
        c.call("one.vm.deploy", vm, h, false);
        Poll.until(Duration.ofSeconds(20), () -> info(c, vm).contains("<STATE>3</STATE><LCM_STATE>3</LCM_STATE>"), () -> info(c, vm));
        String before = info(c, vm);

        assertThatThrownBy(() -> c.call("one.vm.snapshotcreate", vm, "new"))
                .hasMessage("[VirtualMachineSnapshotCreate] Cannot create snapshot. VM " + vm
                        + " has SNAPSHOT_ID = \"x\" in its template, which is not a number; nothing was changed");
        assertThat(info(c, vm)).isEqualTo(before);
        assertThat(c.call("one.system.version")).isNotNull();
    }

    private static String info(OneClient c, int id) {
        try {
            return (String) c.call("one.vm.info", id);
        } catch (OneClient.CallException e) {
            return e.getMessage();
        }
    }
}

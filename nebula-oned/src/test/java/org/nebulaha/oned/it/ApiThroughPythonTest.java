package org.nebulaha.oned.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nebulaha.oned.cli.OneClient;
import org.nebulaha.oned.daemon.Oned;

/**
 * oned's XML-RPC API driven by Python's standard xmlrpc.client (src/test/resources/python):
 * every action family, recover in every state family, bad calls refused, malformed XML survived;
 * templates, images, networks and datastores with their 4.2 documents.
 */
class ApiThroughPythonTest {
    @TempDir Path tmp;
    OnedHome home;
    Oned oned;

    @BeforeEach
    void start() throws Exception {
        home = new OnedHome(tmp, "");
        oned = Oned.start(home.location);
    }

    @AfterEach
    void stop() {
        if (oned != null) oned.close();
    }

    @Test
    void pythonClientDrivesEveryFamily() throws Exception {
        Path script = tmp.resolve("api_families.py");
        try (var in = getClass().getResourceAsStream("/python/api_families.py")) {
            Files.write(script, in.readAllBytes());
        }
        Process p = new ProcessBuilder("python3", script.toString(), home.url(), home.location.oneAuth().toString(),
                home.location.var().toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("ok: malformed XML gets a parse fault", "ok: PROLOG: failure -> PROLOG_FAILURE, retry -> RUNNING", "ALL OK");
    }

    @Test
    void pythonClientListsShowsCreatesAndDeletesTemplatesImagesNetworksAndDatastores() throws Exception {
        Path script = tmp.resolve("catalog_api.py");
        try (var in = getClass().getResourceAsStream("/python/catalog_api.py")) {
            Files.write(script, in.readAllBytes());
        }
        Process p = new ProcessBuilder("python3", script.toString(), home.url(), home.location.oneAuth().toString(), tmp.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("ok: VNET document has the 4.2 elements in order", "ok: instantiate made VM py-vm", "ALL OK");
    }

    @Test
    void ourClientSeesTheSameRepliesAndStateSurvivesARestart() throws Exception {
        OneClient c = home.client();
        assertThat(c.call("one.system.version")).isEqualTo("4.2.0");
        int h = (Integer) c.call("one.host.allocate", "own-h1", "dummy", "dummy", "dummy", -1);
        int vm = (Integer) c.call("one.vm.allocate", "NAME = own MEMORY = 32 CPU = 1", false);
        c.call("one.vm.deploy", vm, h, false);
        org.nebulaha.testkit.Poll.until(java.time.Duration.ofSeconds(20), () -> info(c, vm).contains("<LCM_STATE>3</LCM_STATE>"), () -> info(c, vm));
        OneClient wrong = new OneClient(java.net.URI.create(home.url()), "oneadmin:nope");
        try {
            wrong.call("one.vm.info", vm);
            throw new AssertionError("wrong password accepted");
        } catch (OneClient.CallException e) {
            assertThat(e.getMessage()).isEqualTo("[VirtualMachineInfo] User couldn't be authenticated, aborting call.");
        }
        // Everything acknowledged is in the database: a new oned on the same files sees it.
        oned.close();
        oned = Oned.start(home.location);
        assertThat(info(c, vm)).contains("<NAME>own</NAME>", "<STATE>3</STATE><LCM_STATE>3</LCM_STATE>", "<HOSTNAME>own-h1</HOSTNAME>");
        assertThat((String) c.call("one.host.info", h)).contains("<RUNNING_VMS>1</RUNNING_VMS>", "<MEM_USAGE>32768</MEM_USAGE>");
    }

    private static String info(OneClient c, int vm) {
        try {
            return (String) c.call("one.vm.info", vm);
        } catch (OneClient.CallException e) {
            return e.getMessage();
        }
    }
}

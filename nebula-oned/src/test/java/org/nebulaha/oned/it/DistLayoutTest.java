package org.nebulaha.oned.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.nebulaha.testkit.DistFolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nebulaha.oned.daemon.OnedConf;
import org.nebulaha.oned.it.Launchers.Result;

/**
 * The shipped launchers (nebula-dist/src/bin) and the LSB init script opennebula, run for real
 * from a distribution-shaped folder: start/status/stop with a stand-in mm_sched, then onehost and
 * onevm against the running oned with ONE_XMLRPC and ONE_AUTH, and the shipped oned.conf parses.
 */
class DistLayoutTest {
    static final Path DIST_SRC = Launchers.DIST_SRC;

    @TempDir Path tmp;
    Path home, root, one;
    Map<String, String> env;
    int port;

    @BeforeEach
    void layout() throws Exception {
        home = tmp.resolve("nebula-ha");
        root = tmp.resolve("root");
        one = tmp.resolve("one");
        for (String d : List.of("bin", "libexec", "lib", "etc/init.d")) Files.createDirectories(home.resolve(d));
        for (String f : List.of("oned", "onevm", "onehost", "one_vmm_dummy", "one_tm_dummy", "one_im_dummy", "ccs"))
            Launchers.copyExecutable(DIST_SRC.resolve("bin").resolve(f), home.resolve("bin").resolve(f));
        for (String f : List.of("nebula-java", "nebula-init-functions"))
            Launchers.copyExecutable(DIST_SRC.resolve("libexec").resolve(f), home.resolve("libexec").resolve(f));
        Launchers.copyExecutable(DIST_SRC.resolve("etc/init.d/opennebula"), home.resolve("etc/init.d/opennebula"));
        DistFolder.fillLib(home.resolve("lib"));
        OnedHome h = new OnedHome(one, "");
        port = h.port;
        env = Map.of("NEBULA_ROOT", root.toString(), "ONE_LOCATION", one.toString(),
                "ONE_XMLRPC", h.url(), "ONE_AUTH", h.location.oneAuth().toString());
    }

    @AfterEach
    void stopAll() throws Exception {
        run("etc/init.d/opennebula", "stop");
    }

    @Test
    void initScriptStartsStopsAndReportsOnedAndTheScheduler() throws Exception {
        Files.writeString(home.resolve("bin/mm_sched"), "#!/bin/sh\nexec sleep 600\n");
        home.resolve("bin/mm_sched").toFile().setExecutable(true);
        assertThat(run("etc/init.d/opennebula", "status").exit()).isEqualTo(3);
        Result start = run("etc/init.d/opennebula", "start");
        assertThat(start.exit()).as(start.out()).isZero();
        assertThat(run("etc/init.d/opennebula", "status").exit()).isZero();
        long sched = Long.parseLong(Files.readString(root.resolve("var/run/mm_sched.pid")).strip());
        assertThat(ProcessHandle.of(sched).map(ProcessHandle::isAlive)).contains(true);

        // onehost and onevm against the running oned.
        assertThat(run("bin/onehost", "create", "node1", "--im", "dummy", "--vm", "dummy").out()).contains("ID: 0");
        Path tpl = tmp.resolve("vm.one");
        Files.writeString(tpl, "NAME = cli-vm\nMEMORY = 64\nCPU = 0.5\n");
        assertThat(run("bin/onevm", "create", tpl.toString()).out()).contains("ID: 0");
        assertThat(run("bin/onevm", "deploy", "0", "node1").exit()).isZero();
        org.nebulaha.testkit.Poll.until(Duration.ofSeconds(30),
                () -> run("bin/onevm", "list").out().contains("runn"), () -> run("bin/onevm", "list") + "\n" + run("bin/onevm", "show", "0")
                        + "\n" + log());
        String list = run("bin/onevm", "list").out();
        assertThat(list).contains("ID USER     GROUP    NAME            STAT UCPU    UMEM HOST").containsPattern("0 oneadmin oneadmin cli-vm\\s+runn");
        assertThat(run("bin/onevm", "show", "0").out()).contains("LCM_STATE        : RUNNING", "HOST             : node1");
        assertThat(run("bin/onehost", "list").out()).containsPattern("0 node1\\s+-\\s+1 ");
        Result refused = run("bin/onevm", "release", "0");
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err()).contains("[VirtualMachineAction] Wrong state to perform action \"release\"");
        assertThat(run("bin/onevm", "recover", "0", "--success").exit()).isZero(); // RUNNING: nothing to do, accepted
        Result none = run("bin/onevm", "recover", "--auto", "--dry-run");
        assertThat(none.exit()).isZero();
        assertThat(run("bin/onevm", "terminate", "0").exit()).isZero();
        org.nebulaha.testkit.Poll.until(Duration.ofSeconds(30),
                () -> run("bin/onevm", "show", "0").out().contains("STATE            : DONE"), () -> run("bin/onevm", "show", "0").out());
        assertThat(run("bin/onevm", "list").out()).doesNotContain("cli-vm"); // like 4.2, list hides DONE VMs

        // oned killed: status is false at once, stop cleans up.
        long onedPid = Long.parseLong(Files.readString(root.resolve("var/run/oned.pid")).strip());
        ProcessHandle.of(onedPid).ifPresent(ProcessHandle::destroyForcibly);
        org.nebulaha.testkit.Poll.until(Duration.ofSeconds(10), () -> ProcessHandle.of(onedPid).isEmpty());
        assertThat(run("etc/init.d/opennebula", "status").exit()).isEqualTo(1);
        assertThat(run("etc/init.d/opennebula", "stop").exit()).isZero();
        assertThat(ProcessHandle.of(sched).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(run("etc/init.d/opennebula", "status").exit()).isEqualTo(3);
    }

    @Test
    void shippedOnedConfParses() throws Exception {
        OnedConf c = OnedConf.load(DIST_SRC.resolve("etc/one/oned.conf"));
        assertThat(c.port()).isEqualTo(2633);
        assertThat(c.db().backend()).isEqualTo("sqlite");
        assertThat(c.vmMads()).extracting(OnedConf.Mad::executable).containsExactly("one_vmm_dummy");
        assertThat(c.autoRecover()).isFalse();
    }

    private String log() {
        try {
            return Files.readString(root.resolve("var/log/cluster/oned.log"));
        } catch (IOException e) {
            return e.toString();
        }
    }

    Result run(String cmd, String... args) {
        return Launchers.run(home, tmp, env, List.of(), Duration.ofSeconds(180), cmd, args);
    }
}

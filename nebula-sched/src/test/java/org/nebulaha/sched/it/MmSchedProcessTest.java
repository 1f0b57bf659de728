package org.nebulaha.sched.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nebulaha.oned.cli.OneClient;
import org.nebulaha.oned.daemon.OneLocation;
import org.nebulaha.oned.daemon.Oned;
import org.nebulaha.oned.daemon.OnedConf;
import org.nebulaha.sched.cli.MmSchedCommand;
import org.nebulaha.testkit.JavaProcess;
import org.nebulaha.testkit.Poll;

/** mm_sched as its own process against a real oned: places pending VMs, refuses what fits nowhere, survives an oned restart. */
class MmSchedProcessTest {
    @TempDir Path tmp;
    OneLocation loc;
    int port;
    Oned oned;
    Process sched;

    @AfterEach
    void stop() {
        if (sched != null) sched.destroyForcibly();
        if (oned != null) oned.close();
    }

    void startOned() throws Exception {
        oned = Oned.start(loc);
    }

    @Test
    void deploysPendingVmsRecordsWhyOneFitsNowhereAndCarriesOnAfterOnedRestarts() throws Exception {
        loc = new OneLocation(tmp.resolve("etc"), tmp.resolve("var"));
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Files.createDirectories(loc.etc());
        Files.writeString(loc.onedConf(), OnedConf.DEFAULT.replace("PORT = 2633", "PORT = " + port)
                .replace("LISTEN_ADDRESS = \"0.0.0.0\"", "LISTEN_ADDRESS = \"127.0.0.1\"").replace("MONITORING_INTERVAL = 300", "MONITORING_INTERVAL = 1"));
        Files.writeString(loc.etc().resolve("sched.conf"), "ONED_PORT = " + port + "\nSCHED_INTERVAL = 1\nMAX_HOST = 5\nDEFAULT_SCHED = [ POLICY = 0 ]\n");
        loc.createDefaults();
        startOned();
        OneClient c = new OneClient(java.net.URI.create("http://127.0.0.1:" + port + "/RPC2"), Files.readString(loc.oneAuth()).strip());
        c.call("one.host.allocate", "h1", "dummy", "dummy", "dummy", -1);
        c.call("one.host.allocate", "h2", "dummy", "dummy", "dummy", -1);
        Poll.until(Duration.ofSeconds(20), () -> monitored(c) == 2, () -> hostPool(c));
        int a = (Integer) c.call("one.vm.allocate", "NAME = a MEMORY = 64 CPU = 0.5", false);
        int b = (Integer) c.call("one.vm.allocate", "NAME = b MEMORY = 64 CPU = 0.5 SCHED_REQUIREMENTS = \"NAME = \\\"h2\\\"\"", false);
        int huge = (Integer) c.call("one.vm.allocate", "NAME = huge MEMORY = 99999999 CPU = 1", false);

        Path log = tmp.resolve("mm_sched.log");
        ProcessBuilder pb = JavaProcess.builder(MmSchedCommand.class, List.of(), Map.of("ONE_LOCATION", tmp.toString()));
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        sched = pb.start();

        Poll.until(Duration.ofSeconds(30), () -> running(c, a) && running(c, b), () -> read(log));
        assertThat(vm(c, b)).contains("<HOSTNAME>h2</HOSTNAME>");
        Path messages = loc.var().resolve("sched_messages");
        Poll.until(Duration.ofSeconds(10), () -> read(messages).contains(huge + "\tNo host with enough capacity"), () -> read(messages) + read(log));
        assertThat(vm(c, huge)).contains("<STATE>1</STATE>");
        // our oned has no one.vm.update: said once, the file is where the message lives
        assertThat(read(log)).contains("oned has no one.vm.update");
        assertThat(read(log).split("oned has no one.vm.update", -1)).hasSize(2);

        oned.close();
        oned = null;
        Poll.until(Duration.ofSeconds(20), () -> read(log).contains("does not answer"), () -> read(log));
        startOned();
        int later = (Integer) c.call("one.vm.allocate", "NAME = later MEMORY = 64 CPU = 0.5", false);
        Poll.until(Duration.ofSeconds(40), () -> running(c, later), () -> read(log));
        assertThat(read(log)).contains("answers again after");
        assertThat(read(log).split("does not answer", -1)).as("the outage is logged once").hasSize(2);
        assertThat(sched.isAlive()).isTrue();
    }

    static int monitored(OneClient c) {
        String p = hostPool(c);
        return p.split("<STATE>2</STATE>", -1).length - 1;
    }

    static String hostPool(OneClient c) {
        try {
            return (String) c.call("one.hostpool.info");
        } catch (OneClient.CallException e) {
            return e.getMessage();
        }
    }

    static String vm(OneClient c, int id) {
        try {
            return (String) c.call("one.vm.info", id);
        } catch (OneClient.CallException e) {
            return e.getMessage();
        }
    }

    static boolean running(OneClient c, int id) {
        return vm(c, id).contains("<STATE>3</STATE><LCM_STATE>3</LCM_STATE>");
    }

    static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return "";
        }
    }
}

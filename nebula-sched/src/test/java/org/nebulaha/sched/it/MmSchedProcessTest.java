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
        int later3 = (Integer) c.call("one.vm.allocate", "NAME = on-h3 MEMORY = 64 CPU = 0.5 SCHED_REQUIREMENTS = \"NAME = \\\"h3\\\"\"", false);
        c.call("one.vm.update", later3, "OWNER_NOTE = \"keep me\"", 0);

        Path log = tmp.resolve("mm_sched.log");
        ProcessBuilder pb = JavaProcess.builder(MmSchedCommand.class, List.of(), Map.of("ONE_LOCATION", tmp.toString()));
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        sched = pb.start();

        Poll.until(Duration.ofSeconds(30), () -> running(c, a) && running(c, b), () -> read(log));
        assertThat(vm(c, b)).contains("<HOSTNAME>h2</HOSTNAME>");
        // OpenNebula 4.x's form, in the USER_TEMPLATE: SCHED_MESSAGE="Wed Nov 25 10:00:00 2026 : <why>"
        String stamp = "<SCHED_MESSAGE><!\\[CDATA\\[[A-Z][a-z]{2} [A-Z][a-z]{2} [ 0-9][0-9] [0-9]{2}:[0-9]{2}:[0-9]{2} [0-9]{4} : ";
        Poll.until(Duration.ofSeconds(10), () -> vm(c, huge).matches("(?s).*" + stamp + "No host with enough capacity to deploy the VM.*"), () -> vm(c, huge) + read(log));
        assertThat(vm(c, huge)).contains("<STATE>1</STATE>");
        Poll.until(Duration.ofSeconds(10), () -> vm(c, later3).matches("(?s).*" + stamp + "No host meets the SCHED_REQUIREMENTS expression.*"),
                () -> vm(c, later3) + read(log));
        assertThat(vm(c, later3)).contains("<OWNER_NOTE><![CDATA[keep me]]></OWNER_NOTE>"); // merged, the rest kept
        assertThat(loc.var().resolve("sched_messages")).doesNotExist();

        // Once the VM fits, the message is dropped as it is dispatched; the user's attributes stay.
        c.call("one.host.allocate", "h3", "dummy", "dummy", "dummy", -1);
        Poll.until(Duration.ofSeconds(30), () -> running(c, later3), () -> vm(c, later3) + read(log));
        assertThat(vm(c, later3)).contains("<USER_TEMPLATE><OWNER_NOTE><![CDATA[keep me]]></OWNER_NOTE></USER_TEMPLATE>");

        oned.close();
        oned = null;
        Poll.until(Duration.ofSeconds(20), () -> read(log).contains("does not answer"), () -> read(log));
        startOned();
        int later = (Integer) c.call("one.vm.allocate", "NAME = later MEMORY = 64 CPU = 0.5", false);
        Poll.until(Duration.ofSeconds(40), () -> running(c, later), () -> read(log));
        assertThat(read(log)).contains("answers again after");
        assertThat(read(log).split("does not answer", -1)).as("the outage is logged once").hasSize(2);
        assertThat(sched.isAlive()).isTrue();
        // The message is rewritten only when the reason changes (its time says since when), not every pass:
        // after three more passes, no two successive writes for the VM carry the same reason.
        int passes = count(read(log), "mm_sched: pass:");
        Poll.until(Duration.ofSeconds(20), () -> count(read(log), "mm_sched: pass:") >= passes + 3, () -> read(log));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("VM " + huge + " not dispatched: (.*)").matcher(read(log));
        List<String> written = new java.util.ArrayList<>();
        while (m.find()) written.add(m.group(1));
        assertThat(written).isNotEmpty();
        for (int i = 1; i < written.size(); i++) assertThat(written.get(i)).as(read(log)).isNotEqualTo(written.get(i - 1));
        assertThat(vm(c, huge)).contains(" : " + written.get(written.size() - 1) + "]]>");
    }

    static int count(String text, String what) {
        return text.split(java.util.regex.Pattern.quote(what), -1).length - 1;
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

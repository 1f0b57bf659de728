package org.nebulaha.oned.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nebulaha.oned.cli.OneClient;
import org.nebulaha.oned.cli.OnedCommand;
import org.nebulaha.testkit.JavaProcess;
import org.nebulaha.testkit.Poll;

/**
 * The fail-over scenario of the guide: oned is killed with SIGKILL while the dummy drivers hold
 * VMs in PROLOG, BOOT, SHUTDOWN, EPILOG, SAVE, MIGRATE, HOTPLUG, SNAPSHOT and CLEAN (some operations were done
 * but their answer was lost, others never happened). A new oned on the same database must have
 * lost nothing acknowledged, report every stuck VM, and, with AUTO_RECOVER = "yes", settle each
 * to what the driver record proves, leaving alone the one VM whose record proves nothing.
 */
class KillNineRecoveryTest {
    private static final Pattern STATE = Pattern.compile("<STATE>(\\d+)</STATE><LCM_STATE>(\\d+)</LCM_STATE>");

    @TempDir Path tmp;
    OnedHome home;
    Process oned;

    @AfterEach
    void stop() {
        if (oned != null) oned.destroyForcibly();
    }

    @Test
    void newOnedSettlesWhatTheDriverRecordProves() throws Exception {
        home = new OnedHome(tmp, "");
        oned = home.startProcess("oned-1.log");
        home.awaitAnswering(oned, "oned-1.log");
        OneClient c = home.client();
        int h1 = (Integer) c.call("one.host.allocate", "h1", "dummy", "dummy", "dummy", -1);
        int h2 = (Integer) c.call("one.host.allocate", "h2", "dummy", "dummy", "dummy", -1);
        // The VMs' DISK = [ IMAGE_ID = 0 ] names a real image (in a dummy datastore), as 4.2 requires.
        int ds = (Integer) c.call("one.datastore.allocate", "NAME = kill9\nDS_MAD = dummy\nTM_MAD = dummy", -1);
        assertThat(c.call("one.image.allocate", "NAME = base\nPATH = /img/base", ds)).isEqualTo(0);
        Path rec = home.location.var().resolve("dummy").resolve("hosts");

        // PROLOG: the disks were copied but the answer was lost -> success, then it boots.
        int prolog = vm(c, "prolog");
        fault("prolog", prolog, "lost");
        c.call("one.vm.deploy", prolog, h1, false);
        await(c, prolog, "3/1", () -> Files.exists(rec.resolve("h1/vm-" + prolog + ".disks")));
        // BOOT: the hypervisor never got the deploy -> retry.
        int boot = vm(c, "boot");
        fault("deploy", boot, "-");
        c.call("one.vm.deploy", boot, h1, false);
        await(c, boot, "3/2", () -> true);
        // BOOT with its disks gone from the host: nothing proves anything -> left for the operator.
        int orphan = vm(c, "orphan");
        fault("deploy", orphan, "-");
        c.call("one.vm.deploy", orphan, h1, false);
        await(c, orphan, "3/2", () -> true);
        Files.delete(rec.resolve("h1/vm-" + orphan + ".disks"));
        // SHUTDOWN: the domain is gone, answer lost -> success, epilog, DONE.
        int shutdown = running(c, "shutdown", h1);
        fault("shutdown", shutdown, "lost");
        c.call("one.vm.action", "shutdown", shutdown);
        await(c, shutdown, "3/12", () -> !Files.exists(rec.resolve("h1/vm-" + shutdown + ".domain")));
        // EPILOG: the transfer driver died before deleting -> retry.
        int epilog = running(c, "epilog", h1);
        fault("epilog", epilog, "-");
        c.call("one.vm.action", "shutdown", epilog);
        await(c, epilog, "3/11", () -> true);
        // SAVE (stop): checkpoint written, answer lost -> success, epilog_stop, STOPPED.
        int save = running(c, "save", h1);
        fault("save", save, "lost");
        c.call("one.vm.action", "stop", save);
        await(c, save, "3/5", () -> Files.exists(rec.resolve("h1/vm-" + save + ".checkpoint")));
        // MIGRATE: the driver hangs mid-migration and dies with oned -> retry, ends on h2.
        int migrate = running(c, "migrate", h1);
        fault("migrate", migrate, "success 600");
        c.call("one.vm.migrate", migrate, h2, true, false);
        await(c, migrate, "3/4", () -> true);
        // HOTPLUG: the disk got attached, answer lost -> success, disk kept.
        int hotplug = running(c, "hotplug", h1);
        fault("attachdisk", hotplug, "lost");
        c.call("one.vm.attach", hotplug, "DISK = [ IMAGE_ID = 5 ]");
        await(c, hotplug, "3/17", () -> Files.exists(rec.resolve("h1/vm-" + hotplug + ".attached")));
        // SNAPSHOT: taken, answer lost -> success, snapshot kept.
        int snapshot = running(c, "snapshot", h1);
        fault("snapshotcreate", snapshot, "lost");
        c.call("one.vm.snapshotcreate", snapshot, "keep");
        await(c, snapshot, "3/24", () -> Files.exists(rec.resolve("h1/vm-" + snapshot + ".snapshots")));
        // CLEAN: delete-recreate waiting for the cleanup, which never ran -> retry, then PENDING.
        int clean = running(c, "clean", h1);
        fault("epilog_delete", clean, "-");
        c.call("one.vm.action", "delete-recreate", clean);
        await(c, clean, "3/15", () -> true);
        // Controls: acknowledged, not stuck.
        int steady = running(c, "steady", h2);
        int pending = vm(c, "pending");

        Map<Integer, String> before = states(c, List.of(prolog, boot, orphan, shutdown, epilog, save, migrate, hotplug, snapshot, clean,
                steady, pending));
        oned.destroyForcibly(); // SIGKILL
        assertThat(oned.waitFor(30, TimeUnit.SECONDS)).isTrue();
        try (var s = Files.list(home.actions())) {
            for (Path p : s.toList()) Files.delete(p); // the hardware works again
        }

        // 1. A new oned without automatic recovery: nothing lost, every stuck VM reported.
        oned = home.startProcess("oned-2.log");
        home.awaitAnswering(oned, "oned-2.log");
        assertThat(states(c, before.keySet())).isEqualTo(before);
        String log2 = home.log("oned-2.log");
        assertThat(log2).contains("10 VM(s) left in transient states");
        for (int id : List.of(prolog, boot, orphan, shutdown, epilog, save, migrate, hotplug, snapshot, clean))
            assertThat(log2).contains("stuck VM " + id + " ");
        assertThat(log2).doesNotContain("stuck VM " + steady + " ", "stuck VM " + pending + " ");
        // Exactly one oned owns the database.
        JavaProcess.Result second = JavaProcess.run(OnedCommand.class, List.of("-f"), Map.of("ONE_LOCATION", tmp.toString()), null);
        assertThat(second.exitCode()).as(second.toString()).isEqualTo(2);
        assertThat(second.stderr()).contains("another oned owns the database");
        // The dry run tells what the record proves, and changes nothing.
        String plan = (String) c.call("one.vm.autorecover", -1, true);
        assertThat(plan).contains("VM " + prolog + " PROLOG", ": SUCCESS - disks are on h1",
                "VM " + boot + " BOOT", ": RETRY - no domain on h1 but its disks are there",
                "VM " + orphan + " BOOT", ": LEAVE - no domain and no disks on h1");
        assertThat(states(c, before.keySet())).isEqualTo(before);
        // By hand for one VM (onevm recover ID --auto): PROLOG success, then it boots.
        assertThat((String) c.call("one.vm.autorecover", prolog, false)).contains("VM " + prolog + " PROLOG", "SUCCESS", "=> PROLOG -> BOOT");
        await(c, prolog, "3/3", () -> Files.exists(rec.resolve("h1/vm-" + prolog + ".domain")));

        // 2. Killed again; the next oned settles them at start-up.
        oned.destroyForcibly();
        assertThat(oned.waitFor(30, TimeUnit.SECONDS)).isTrue();
        Files.writeString(home.location.onedConf(), Files.readString(home.location.onedConf())
                .replace("AUTO_RECOVER = \"no\"", "AUTO_RECOVER = \"yes\""));
        oned = home.startProcess("oned-3.log");
        home.awaitAnswering(oned, "oned-3.log");
        Map<Integer, String> expected = new LinkedHashMap<>();
        expected.put(prolog, "3/3");
        expected.put(boot, "3/3");
        expected.put(orphan, "3/2");
        expected.put(shutdown, "6/0");
        expected.put(epilog, "6/0");
        expected.put(save, "4/0");
        expected.put(migrate, "3/3");
        expected.put(hotplug, "3/3");
        expected.put(snapshot, "3/3");
        expected.put(clean, "1/0");
        expected.put(steady, "3/3");
        expected.put(pending, "1/0");
        Poll.until(Duration.ofSeconds(30), () -> states(c, expected.keySet()).equals(expected),
                () -> states(c, expected.keySet()) + "\n" + home.log("oned-3.log"));
        assertThat(info(c, migrate)).containsPattern("<HOSTNAME>h2</HOSTNAME><HID>" + h2 + "</HID><STIME>\\d+</STIME><ETIME>0</ETIME>");
        assertThat(info(c, hotplug)).contains("<IMAGE_ID><![CDATA[5]]></IMAGE_ID>").doesNotContain("<ATTACH>");
        assertThat(info(c, snapshot)).contains("<NAME><![CDATA[keep]]></NAME>").doesNotContain("<ACTIVE>");
        assertThat(info(c, snapshot)).contains("<SNAPSHOT><SNAPSHOT_ID><![CDATA[0]]></SNAPSHOT_ID><NAME><![CDATA[keep]]></NAME></SNAPSHOT>");
        assertThat(Files.exists(rec.resolve("h1/vm-" + clean + ".disks"))).isFalse();
        assertThat(info(c, boot)).contains("<DEPLOY_ID>h1:one-" + boot + ":dummy</DEPLOY_ID>");
        assertThat(home.log("oned-3.log")).contains("VM " + orphan + " BOOT", "LEAVE - no domain and no disks on h1",
                "left for the operator");
        assertThat(Files.exists(rec.resolve("h1/vm-" + epilog + ".disks"))).isFalse();
        assertThat(Files.exists(rec.resolve("h2/vm-" + migrate + ".domain"))).isTrue();
    }

    private void fault(String action, int vm, String line) throws IOException {
        Files.writeString(home.actions().resolve(action + "." + vm), line + "\n");
    }

    private static int vm(OneClient c, String name) throws OneClient.CallException {
        return (Integer) c.call("one.vm.allocate", "NAME = " + name + " MEMORY = 64 CPU = 0.1\nDISK = [ IMAGE_ID = 0 ]", false);
    }

    private static int running(OneClient c, String name, int host) throws OneClient.CallException {
        int id = vm(c, name);
        c.call("one.vm.deploy", id, host, false);
        await(c, id, "3/3", () -> true);
        return id;
    }

    private static void await(OneClient c, int id, String state, java.util.function.BooleanSupplier also) {
        Poll.until(Duration.ofSeconds(20), () -> state.equals(state(c, id)) && also.getAsBoolean(), () -> "VM " + id + ": " + state(c, id));
    }

    private static String info(OneClient c, int id) {
        try {
            return (String) c.call("one.vm.info", id);
        } catch (OneClient.CallException e) {
            return e.getMessage();
        }
    }

    private static String state(OneClient c, int id) {
        Matcher m = STATE.matcher(info(c, id));
        return m.find() ? m.group(1) + "/" + m.group(2) : "?";
    }

    private static Map<Integer, String> states(OneClient c, java.util.Collection<Integer> ids) {
        Map<Integer, String> m = new LinkedHashMap<>();
        for (int id : ids) m.put(id, state(c, id));
        return m;
    }
}

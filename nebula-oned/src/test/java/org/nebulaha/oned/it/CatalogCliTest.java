package org.nebulaha.oned.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nebulaha.oned.daemon.Oned;
import org.nebulaha.oned.it.Launchers.Result;
import org.nebulaha.testkit.DistFolder;
import org.nebulaha.testkit.Poll;

/**
 * The shipped launchers bin/onetemplate, bin/oneimage, bin/onevnet and bin/onedatastore
 * (nebula-dist/src/bin) run as processes against a real oned: create, list, show, instantiate,
 * clone, update, leases, enable/disable/persistent, delete, refusals exiting 1 with oned's message,
 * and --help on every command and subcommand.
 */
class CatalogCliTest {
    static final List<String> TOOLS = List.of("onetemplate", "oneimage", "onevnet", "onedatastore", "onevm");

    @TempDir Path tmp;
    Oned oned;
    Path home;
    Map<String, String> admin;

    @AfterEach
    void stop() {
        if (oned != null) oned.close();
    }

    @Test
    void theFourToolsManageTheirObjects() throws Exception {
        home = tmp.resolve("nebula-ha");
        for (String d : List.of("bin", "libexec", "lib")) Files.createDirectories(home.resolve(d));
        for (String f : TOOLS) Launchers.copyExecutable(Launchers.DIST_SRC.resolve("bin").resolve(f), home.resolve("bin").resolve(f));
        Launchers.copyExecutable(Launchers.DIST_SRC.resolve("libexec/nebula-java"), home.resolve("libexec/nebula-java"));
        DistFolder.fillLib(home.resolve("lib"));
        OnedHome one = new OnedHome(tmp.resolve("one"), "");
        oned = Oned.start(one.location);
        admin = Map.of("ONE_XMLRPC", one.url(), "ONE_AUTH", one.location.oneAuth().toString());

        // datastores
        assertThat(run("onedatastore", "list").out()).containsPattern("0 system .* sys\\s+-\\s+dummy").containsPattern("1 default .* img\\s+fs\\s+dummy")
                .containsPattern("2 files .* fil\\s+fs\\s+dummy");
        assertThat(run("onedatastore", "create", file("ds.one", "NAME = quick\nDS_MAD = dummy\nTM_MAD = dummy")).out()).isEqualTo("ID: 3\n");
        assertThat(run("onedatastore", "show", "quick").out()).contains("DATASTORE 3 INFORMATION", "DS_MAD         : dummy", "OWNER          : um-");

        // images
        assertThat(run("oneimage", "create", "-d", "quick", "--name", "base", "--path", "/img/base").out()).isEqualTo("ID: 0\n");
        Path disk = tmp.resolve("disk.img");
        Files.write(disk, new byte[1500000]);
        assertThat(run("oneimage", "create", file("img.one", "NAME = disk\nPATH = " + disk), "--datastore", "default").out()).isEqualTo("ID: 1\n");
        Poll.until(Duration.ofSeconds(30), () -> run("oneimage", "list").out().matches("(?s).*1 oneadmin\\s+oneadmin\\s+disk\\s+default\\s+2M OS\\s+No\\s+rdy.*"),
                () -> run("oneimage", "list").out());
        assertThat(run("oneimage", "disable", "base").exit()).isZero();
        assertThat(run("oneimage", "show", "0").out()).contains("IMAGE 0 INFORMATION", "STATE          : DISABLED", "DEV_PREFIX=\"hd\"");
        assertThat(run("oneimage", "enable", "base").exit()).isZero();
        assertThat(run("oneimage", "persistent", "1").exit()).isZero();
        assertThat(run("oneimage", "show", "disk").out()).contains("PERSISTENT     : Yes", "SIZE           : 2M");
        assertThat(run("oneimage", "nonpersistent", "1").exit()).isZero();

        // networks
        assertThat(run("onevnet", "create", file("net.one", "NAME = lan\nTYPE = FIXED\nBRIDGE = br0\nLEASES = [ IP = 10.0.0.5 ]\nLEASES = [ IP = 10.0.0.6 ]")).out())
                .isEqualTo("ID: 0\n");
        assertThat(run("onevnet", "hold", "lan", "10.0.0.5").exit()).isZero();
        assertThat(run("onevnet", "addleases", "lan", "10.0.0.7", "02:00:00:00:00:07").exit()).isZero();
        assertThat(run("onevnet", "rmleases", "lan", "10.0.0.7").exit()).isZero();
        assertThat(run("onevnet", "show", "lan").out()).contains("VIRTUAL NETWORK 0 INFORMATION", "TYPE           : FIXED",
                "02:00:0a:00:00:05  10.0.0.5        yes  hold", "10.0.0.6        no   -").doesNotContain("10.0.0.7");

        // templates
        assertThat(run("onetemplate", "create", file("t.one", "NAME = app\nMEMORY = 32\nCPU = 0.1\nDISK = [ IMAGE = base ]\nNIC = [ NETWORK = lan ]")).out())
                .isEqualTo("ID: 0\n");
        assertThat(run("onetemplate", "list").out()).containsPattern("0 oneadmin\\s+oneadmin\\s+app");
        assertThat(run("onetemplate", "show", "app").out()).contains("TEMPLATE 0 INFORMATION", "MEMORY=\"32\"", "DISK=[ IMAGE=\"base\" ]");
        assertThat(run("onetemplate", "instantiate", "app", "--name", "app-1").out()).isEqualTo("VM ID: 0\n");
        assertThat(run("onevm", "show", "0").out()).contains("NAME             : app-1", "IP=\"10.0.0.6\"", "IMAGE=\"base\"");
        assertThat(run("onevnet", "show", "lan").out()).contains("10.0.0.6        yes  0");
        assertThat(run("oneimage", "list").out()).containsPattern("0 oneadmin\\s+oneadmin\\s+base\\s+quick\\s+0M OS\\s+No\\s+used\\s+1");
        Result busy = run("onevnet", "release", "lan", "10.0.0.6");
        assertThat(busy.exit()).isEqualTo(1);
        assertThat(busy.err()).isEqualTo("onevnet: [VirtualNetworkRelease] Lease is not on hold.\n");
        Result full = run("onetemplate", "instantiate", "app");
        assertThat(full.exit()).isEqualTo(1);
        assertThat(full.err()).contains("[TemplateInstantiate]", "has no free leases");
        assertThat(run("onetemplate", "clone", "app", "app2").out()).isEqualTo("ID: 1\n");
        assertThat(run("onetemplate", "update", "app2", file("t2.one", "MEMORY = 64\nCPU = 1")).exit()).isZero();
        assertThat(run("onetemplate", "show", "1").out()).contains("MEMORY=\"64\"").doesNotContain("DISK");
        Result inUse = run("oneimage", "delete", "base");
        assertThat(inUse.exit()).isEqualTo(1);
        assertThat(inUse.err()).isEqualTo("oneimage: image base: [ImageDelete] There are 1 VMs using it.\n");

        assertThat(run("onevm", "delete", "0").exit()).isZero();
        assertThat(run("oneimage", "delete", "base", "disk").exit()).isZero();
        assertThat(run("onetemplate", "delete", "app", "app2").exit()).isZero();
        assertThat(run("onevnet", "delete", "lan").exit()).isZero();
        assertThat(run("onedatastore", "delete", "quick").exit()).isZero();
        assertThat(run("oneimage", "list").out().lines().count()).isEqualTo(1);
        Result missing = run("onetemplate", "show", "nope");
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).isEqualTo("onetemplate: no vmtemplate named 'nope' (see onetemplate list)\n");
    }

    @Test
    void helpWorksOnEveryCommandAndSubcommand() throws Exception {
        home = tmp.resolve("nebula-ha");
        for (String d : List.of("bin", "libexec", "lib")) Files.createDirectories(home.resolve(d));
        for (String f : TOOLS) Launchers.copyExecutable(Launchers.DIST_SRC.resolve("bin").resolve(f), home.resolve("bin").resolve(f));
        Launchers.copyExecutable(Launchers.DIST_SRC.resolve("libexec/nebula-java"), home.resolve("libexec/nebula-java"));
        DistFolder.fillLib(home.resolve("lib"));
        admin = Map.of();
        Map<String, List<String>> subs = Map.of(
                "onetemplate", List.of("create", "delete", "list", "show", "update", "instantiate", "clone"),
                "oneimage", List.of("create", "delete", "list", "show", "enable", "disable", "persistent", "nonpersistent"),
                "onevnet", List.of("create", "delete", "list", "show", "addleases", "rmleases", "hold", "release"),
                "onedatastore", List.of("create", "delete", "list", "show"));
        for (Map.Entry<String, List<String>> e : subs.entrySet()) {
            Result top = run(e.getKey(), "--help");
            assertThat(top.exit()).as(e.getKey()).isZero();
            for (String sub : e.getValue()) assertThat(top.out()).as(e.getKey()).contains(sub);
            for (String sub : e.getValue()) {
                Result r = run(e.getKey(), sub, "--help");
                assertThat(r.exit()).as(e.getKey() + " " + sub + ": " + r.err()).isZero();
                assertThat(r.out()).as(e.getKey() + " " + sub).contains("Usage: " + e.getKey() + " " + sub);
            }
        }
        assertThat(run("oneimage", "create", "--name", "x").exit()).isEqualTo(2); // no --datastore: usage error
    }

    String file(String name, String text) throws Exception {
        Path p = tmp.resolve(name);
        Files.writeString(p, text + "\n");
        return p.toString();
    }

    Result run(String cmd, String... args) {
        return Launchers.run(home, tmp, admin, List.of("ONE_LOCATION"), Duration.ofSeconds(120), "bin/" + cmd, args);
    }
}

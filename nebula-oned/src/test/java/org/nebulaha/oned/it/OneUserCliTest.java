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
import org.nebulaha.oned.auth.UserPool;
import org.nebulaha.oned.daemon.Oned;
import org.nebulaha.oned.it.Launchers.Result;
import org.nebulaha.testkit.DistFolder;

/**
 * The shipped launchers bin/oneuser and bin/onevm (nebula-dist/src/bin) run as processes against a
 * real oned: create, list, show, passwd, delete a user; the user's own session (ONE_AUTH) creates
 * a VM; onevm update and the USER TEMPLATE section of onevm show; refusals exit 1 with oned's message.
 */
class OneUserCliTest {
    static final Path DIST_SRC = Launchers.DIST_SRC;

    @TempDir Path tmp;
    Oned oned;

    @AfterEach
    void stop() {
        if (oned != null) oned.close();
    }

    @Test
    void oneuserManagesUsersAndAUserWorksWithItsOwnSession() throws Exception {
        Path home = tmp.resolve("nebula-ha");
        for (String d : List.of("bin", "libexec", "lib")) Files.createDirectories(home.resolve(d));
        for (String f : List.of("oneuser", "onevm")) Launchers.copyExecutable(DIST_SRC.resolve("bin").resolve(f), home.resolve("bin").resolve(f));
        Launchers.copyExecutable(DIST_SRC.resolve("libexec/nebula-java"), home.resolve("libexec/nebula-java"));
        DistFolder.fillLib(home.resolve("lib"));
        OnedHome one = new OnedHome(tmp.resolve("one"), "");
        oned = Oned.start(one.location);
        Map<String, String> admin = Map.of("ONE_XMLRPC", one.url(), "ONE_AUTH", one.location.oneAuth().toString());

        assertThat(run(home, admin, "bin/oneuser", "create", "dave", "pa55").out()).isEqualTo("ID: 1\n");
        Result dup = run(home, admin, "bin/oneuser", "create", "dave", "other");
        assertThat(dup.exit()).isEqualTo(1);
        assertThat(dup.err()).isEqualTo("oneuser: [UserAllocate] Error allocating a new user. NAME is already taken by USER 1.\n");
        assertThat(run(home, admin, "bin/oneuser", "list").out()).containsPattern("0 oneadmin\\s+oneadmin\\s+core").containsPattern("1 users\\s+dave\\s+core");
        assertThat(run(home, admin, "bin/oneuser", "show", "dave").out()).contains("USER 1 INFORMATION", "NAME           : dave",
                "GROUP          : users", "PASSWORD       : " + UserPool.sha1("pa55"), "AUTH_DRIVER    : core");

        Path auth = tmp.resolve("dave_auth");
        Files.writeString(auth, "dave:pa55\n");
        Map<String, String> dave = Map.of("ONE_XMLRPC", one.url(), "ONE_AUTH", auth.toString());
        Path tpl = tmp.resolve("vm.one");
        Files.writeString(tpl, "NAME = daves\nMEMORY = 16\nCPU = 0.1\n");
        assertThat(run(home, dave, "bin/onevm", "create", tpl.toString()).out()).isEqualTo("ID: 0\n");
        Path note = tmp.resolve("note.one");
        Files.writeString(note, "NOTE = \"from dave\"\n");
        assertThat(run(home, dave, "bin/onevm", "update", "0", note.toString(), "--append").exit()).isZero();
        String show = run(home, dave, "bin/onevm", "show", "0").out();
        assertThat(show).contains("USER             : dave", "GROUP            : users", "USER TEMPLATE\nNOTE=\"from dave\"\n\nVIRTUAL MACHINE TEMPLATE");
        assertThat(run(home, dave, "bin/oneuser", "show").out()).contains("NAME           : dave");
        Result notAdmin = run(home, dave, "bin/oneuser", "create", "eve", "x");
        assertThat(notAdmin.exit()).isEqualTo(1);
        assertThat(notAdmin.err()).contains("[UserAllocate] User [1] : Not authorized to perform CREATE USER.");

        assertThat(run(home, admin, "bin/oneuser", "passwd", "dave", "n3w").exit()).isZero();
        Result old = run(home, dave, "bin/onevm", "list");
        assertThat(old.exit()).isEqualTo(1);
        assertThat(old.err()).contains("User couldn't be authenticated");
        Result busy = run(home, admin, "bin/oneuser", "delete", "dave");
        assertThat(busy.exit()).isEqualTo(1);
        assertThat(busy.err()).contains("owns VM(s) [0] that are not DONE");
        assertThat(busy.err()).startsWith("oneuser: user dave: ");
        Result keep = run(home, admin, "bin/oneuser", "delete", "0");
        assertThat(keep.err()).contains("oneadmin cannot be deleted.");
        assertThat(run(home, admin, "bin/oneuser").exit()).isEqualTo(2);
    }

    Result run(Path home, Map<String, String> env, String cmd, String... args) {
        return Launchers.run(home, tmp, env, List.of("ONE_LOCATION"), Duration.ofSeconds(120), cmd, args);
    }
}

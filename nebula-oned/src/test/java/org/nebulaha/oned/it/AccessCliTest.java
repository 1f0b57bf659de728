package org.nebulaha.oned.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nebulaha.oned.cli.OneAclCommand;
import org.nebulaha.oned.cli.OneClusterCommand;
import org.nebulaha.oned.cli.OneGroupCommand;
import org.nebulaha.oned.cli.OneHostCommand;
import org.nebulaha.oned.cli.OneUserCommand;
import org.nebulaha.oned.cli.OneVmCommand;
import org.nebulaha.oned.daemon.Oned;
import org.nebulaha.oned.it.Launchers.Result;
import org.nebulaha.testkit.DistFolder;
import picocli.CommandLine;

/**
 * The shipped launchers bin/onegroup, bin/onecluster, bin/oneacl (nebula-dist/src/bin), and
 * oneuser chgrp/quota/show and onevm chown/chmod/rename, run as processes against a real oned;
 * and {@code --help} on every command and subcommand of the one* tools.
 */
class AccessCliTest {
    @TempDir Path tmp;
    Oned oned;

    @AfterEach
    void stop() {
        if (oned != null) oned.close();
    }

    @Test
    void everyCommandAndSubcommandAnswersHelp() {
        List<CommandLine> tools = List.of(new CommandLine(new OneGroupCommand()), new CommandLine(new OneClusterCommand()),
                new CommandLine(new OneAclCommand()), new CommandLine(new OneUserCommand()), new CommandLine(new OneHostCommand()),
                OneVmCommand.commandLine());
        List<String> checked = new ArrayList<>();
        java.io.PrintStream err = System.err;
        java.io.ByteArrayOutputStream warnings = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(warnings, true));
        try {
            for (CommandLine tool : tools) help(tool, tool.getCommandName(), checked);
        } finally {
            System.setErr(err);
        }
        assertThat(warnings.toString()).as("picocli's complaints about the help texts").isEmpty();
        assertThat(checked).contains("onegroup create", "onecluster addhost", "oneacl create", "oneuser chgrp", "oneuser quota",
                "onevm chown", "onevm chmod", "onevm rename", "onevm hold", "onehost enable");
    }

    private static void help(CommandLine cl, String path, List<String> checked) {
        StringWriter out = new StringWriter();
        cl.setOut(new PrintWriter(out));
        int rc = cl.execute("--help");
        assertThat(rc).as(path + " --help").isZero();
        assertThat(out.toString()).as(path + " --help").contains("Usage: ");
        checked.add(path);
        for (var e : cl.getSubcommands().entrySet()) help(e.getValue(), path + " " + e.getKey(), checked);
    }

    @Test
    void groupClusterAclAndOwnershipCommands() throws Exception {
        Path home = tmp.resolve("nebula-ha");
        for (String d : List.of("bin", "libexec", "lib")) Files.createDirectories(home.resolve(d));
        for (String f : List.of("oneuser", "onevm", "onehost", "onegroup", "onecluster", "oneacl"))
            Launchers.copyExecutable(Launchers.DIST_SRC.resolve("bin").resolve(f), home.resolve("bin").resolve(f));
        Launchers.copyExecutable(Launchers.DIST_SRC.resolve("libexec/nebula-java"), home.resolve("libexec/nebula-java"));
        DistFolder.fillLib(home.resolve("lib"));
        OnedHome one = new OnedHome(tmp.resolve("one"), "");
        oned = Oned.start(one.location);
        Map<String, String> admin = Map.of("ONE_XMLRPC", one.url(), "ONE_AUTH", one.location.oneAuth().toString());

        assertThat(run(home, admin, "bin/onegroup", "create", "dev").out()).isEqualTo("ID: 100\n");
        assertThat(run(home, admin, "bin/oneuser", "create", "dave", "pw").out()).isEqualTo("ID: 1\n");
        assertThat(run(home, admin, "bin/oneuser", "chgrp", "dave", "dev").exit()).isZero();
        assertThat(run(home, admin, "bin/onegroup", "list").out()).containsPattern("100 dev\\s+1\\s+0");
        assertThat(run(home, admin, "bin/onegroup", "show", "dev").out()).contains("GROUP 100 INFORMATION", "USERS\n1\n", "RESOURCE USAGE & QUOTAS");
        Result busy = run(home, admin, "bin/onegroup", "delete", "dev");
        assertThat(busy.exit()).isEqualTo(1);
        assertThat(busy.err()).contains("onegroup: group dev: [GroupDelete] Cannot delete group. Group 100 is not empty");

        // dev may not create VMs until a rule says so.
        Path auth = tmp.resolve("dave_auth");
        Files.writeString(auth, "dave:pw\n");
        Map<String, String> dave = Map.of("ONE_XMLRPC", one.url(), "ONE_AUTH", auth.toString());
        Path tpl = tmp.resolve("vm.one");
        Files.writeString(tpl, "NAME = daves\nMEMORY = 16\nCPU = 0.1\n");
        assertThat(run(home, dave, "bin/onevm", "create", tpl.toString()).err()).contains("Not authorized to perform CREATE VM.");
        assertThat(run(home, admin, "bin/oneacl", "create", "@100 VM/* CREATE").out()).isEqualTo("ID: 3\n");
        assertThat(run(home, admin, "bin/oneacl", "list").out()).containsPattern("3 @100\\s+V---------\\s+\\*\\s+---c\\s+@100 VM/\\* CREATE");
        Result bad = run(home, admin, "bin/oneacl", "create", "@100 VM/* FLY");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("unknown right 'FLY'");
        assertThat(run(home, dave, "bin/onevm", "create", tpl.toString()).out()).isEqualTo("ID: 0\n");

        Path quota = tmp.resolve("quota.one");
        Files.writeString(quota, "VM = [ VMS = 1 ]\n");
        assertThat(run(home, admin, "bin/oneuser", "quota", "dave", quota.toString()).exit()).isZero();
        assertThat(run(home, dave, "bin/oneuser", "show").out()).contains("GROUP          : dev", "RESOURCE USAGE & QUOTAS").containsPattern("VM\\s+1 / 1");
        assertThat(run(home, dave, "bin/onevm", "create", tpl.toString()).err()).contains("limit of 1 reached for VMS quota in VM");

        assertThat(run(home, dave, "bin/onevm", "rename", "0", "renamed").exit()).isZero();
        assertThat(run(home, dave, "bin/onevm", "chmod", "0", "640").exit()).isZero();
        assertThat(run(home, admin, "bin/onevm", "chown", "0", "oneadmin", "users").exit()).isZero();
        assertThat(one.client().call("one.vm.info", 0)).asString().contains("<UID>0</UID><GID>1</GID><UNAME>oneadmin</UNAME><GNAME>users</GNAME>",
                "<NAME>renamed</NAME>", "<OWNER_U>1</OWNER_U><OWNER_M>1</OWNER_M><OWNER_A>0</OWNER_A><GROUP_U>1</GROUP_U><GROUP_M>0</GROUP_M>");
        assertThat(run(home, dave, "bin/onevm", "rename", "0", "again").err()).contains("Not authorized to perform MANAGE VM [0].");

        assertThat(run(home, admin, "bin/onehost", "create", "node1", "--im", "dummy", "--vm", "dummy").out()).isEqualTo("ID: 0\n");
        assertThat(run(home, admin, "bin/onecluster", "create", "rack1").out()).isEqualTo("ID: 100\n");
        assertThat(run(home, admin, "bin/onecluster", "addhost", "rack1", "node1").exit()).isZero();
        assertThat(run(home, admin, "bin/onecluster", "list").out()).containsPattern("100 rack1\\s+1\\s+0\\s+0");
        assertThat(run(home, admin, "bin/onecluster", "show", "rack1").out()).contains("CLUSTER 100 INFORMATION", "HOSTS\n0\n");
        assertThat(run(home, admin, "bin/onecluster", "delete", "rack1").err()).contains("Cluster 100 is not empty");
        assertThat(run(home, admin, "bin/onecluster", "delhost", "rack1", "node1").exit()).isZero();
        assertThat(run(home, admin, "bin/onecluster", "delete", "rack1").exit()).isZero();
        assertThat(run(home, admin, "bin/oneacl", "delete", "3").exit()).isZero();
        assertThat(run(home, admin, "bin/oneacl", "list").out()).doesNotContain("@100 VM/* CREATE");
        assertThat(run(home, admin, "bin/onegroup").exit()).isEqualTo(2);
    }

    Result run(Path home, Map<String, String> env, String cmd, String... args) {
        return Launchers.run(home, tmp, env, List.of("ONE_LOCATION"), Duration.ofSeconds(120), cmd, args);
    }
}

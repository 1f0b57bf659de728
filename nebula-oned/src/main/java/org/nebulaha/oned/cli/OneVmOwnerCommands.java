package org.nebulaha.oned.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code onevm chown}, {@code chmod} and {@code rename}, as 4.2's onevm. */
final class OneVmOwnerCommands {
    private OneVmOwnerCommands() {}

    @Command(name = "chown", description = "Changes the owner (and group) of VMs: onevm chown VM... USER [GROUP] (ids or names).")
    static final class Chown implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "VM") String vm;
        @Parameters(index = "1", paramLabel = "USER") String user;
        @Parameters(index = "2", paramLabel = "GROUP", arity = "0..1") String group;

        @Override
        public Integer call() throws Exception {
            OneClient c = OneClient.fromEnvironment();
            int uid = OneUserCommand.userId(c, user);
            int gid = group == null ? -1 : OneGroupCommand.groupId(c, group);
            c.call("one.vm.chown", Integer.parseInt(vm), uid, gid);
            return 0;
        }
    }

    @Command(name = "chmod", description = {"Changes a VM's permissions: onevm chmod VM OCTET, e.g. 640 (owner use+manage, group use).",
            "Each digit: 4 use, 2 manage, 1 admin; digits for owner, group, other."})
    static final class Chmod implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "VM") int vm;
        @Parameters(index = "1", paramLabel = "OCTET") String octet;

        @Override
        public Integer call() throws Exception {
            if (!octet.matches("[0-7]{3}")) throw new OneClient.CallException("onevm chmod: OCTET must be three octal digits, e.g. 640; got '" + octet + "'", 2);
            Object[] args = new Object[10];
            args[0] = vm;
            for (int k = 0; k < 9; k++) args[k + 1] = ((octet.charAt(k / 3) - '0') >> (2 - k % 3)) & 1;
            OneClient.fromEnvironment().call("one.vm.chmod", args);
            return 0;
        }
    }

    @Command(name = "rename", description = "Renames a VM: onevm rename VM NAME.")
    static final class Rename implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "VM") int vm;
        @Parameters(index = "1", paramLabel = "NAME", arity = "1..*") List<String> name;

        @Override
        public Integer call() throws Exception {
            OneClient.fromEnvironment().call("one.vm.rename", vm, String.join(" ", name));
            return 0;
        }
    }
}

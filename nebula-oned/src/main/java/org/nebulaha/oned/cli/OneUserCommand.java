package org.nebulaha.oned.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;
import org.w3c.dom.Element;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code oneuser}: manage oned's users (OpenNebula core authentication) through XML-RPC. Exit
 * codes: 0 done, 1 refused or unreachable (oned's message on stderr), 2 usage error.
 */
@Command(name = "oneuser", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT, version = "oneuser 4.2.0 (nebula-ha)",
        description = "Manages OpenNebula users (ONE_XMLRPC, ONE_AUTH).",
        subcommands = {OneUserCommand.Create.class, OneUserCommand.ListCmd.class, OneUserCommand.Show.class,
                OneUserCommand.Passwd.class, OneUserCommand.Delete.class, OneUserCommand.Chgrp.class, OneUserCommand.Quota.class})
public final class OneUserCommand implements Callable<Integer> {
    static PrintStream out = System.out;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        return OneClient.run("oneuser", new OneUserCommand(), args);
    }

    @Override
    public Integer call() {
        CommandLine.usage(this, out);
        return 2;
    }

    /** A user id from an id or a name. */
    static int userId(OneClient c, String user) throws OneClient.CallException {
        return c.idOf("one.userpool.info", "USER", user, "oneuser list");
    }

    @Command(name = "create", description = "Creates a user: oneuser create NAME PASSWORD (core authentication).")
    static final class Create implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME") String name;
        @Parameters(index = "1", paramLabel = "PASSWORD") String password;
        @Option(names = {"-d", "--driver"}, defaultValue = "core", description = "Authentication driver (only core).") String driver;

        @Override
        public Integer call() throws Exception {
            out.println("ID: " + OneClient.fromEnvironment().call("one.user.allocate", name, password, driver));
            return 0;
        }
    }

    @Command(name = "list", description = "Lists users: ID GROUP NAME AUTH.")
    static final class ListCmd implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            Element pool = Xml.parse((String) OneClient.fromEnvironment().call("one.userpool.info"));
            out.printf("%4s %-10s %-15s %-8s%n", "ID", "GROUP", "NAME", "AUTH");
            for (Element u : Xml.children(pool, "USER"))
                out.printf("%4s %-10s %-15s %-8s%n", Xml.text(u, "ID"), Xml.text(u, "GNAME"), OneVmCommand.cut(Xml.text(u, "NAME"), 15),
                        Xml.text(u, "AUTH_DRIVER"));
            return 0;
        }
    }

    @Command(name = "show", description = "Shows one user (id or name; without one: yourself).")
    static final class Show implements Callable<Integer> {
        @Parameters(paramLabel = "USER", arity = "0..1") String user;
        @Option(names = {"-x", "--xml"}) boolean xml;

        @Override
        public Integer call() throws Exception {
            OneClient c = OneClient.fromEnvironment();
            String doc = (String) c.call("one.user.info", user == null ? -1 : userId(c, user));
            if (xml) {
                out.println(doc);
                return 0;
            }
            Element u = Xml.parse(doc);
            out.println("USER " + Xml.text(u, "ID") + " INFORMATION");
            for (String k : List.of("ID", "NAME", "GROUP", "PASSWORD", "AUTH_DRIVER", "ENABLED"))
                out.printf("%-15s: %s%n", k, switch (k) {
                    case "GROUP" -> Xml.text(u, "GNAME");
                    case "ENABLED" -> Xml.num(u, "ENABLED") == 1 ? "Yes" : "No";
                    default -> Xml.text(u, k);
                });
            out.println();
            OneQuotas.print(out, u);
            return 0;
        }
    }

    @Command(name = "passwd", description = "Changes a user's password (not oneadmin's: that one is in one_auth).")
    static final class Passwd implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "USER") String user;
        @Parameters(index = "1", paramLabel = "PASSWORD") String password;

        @Override
        public Integer call() throws Exception {
            OneClient c = OneClient.fromEnvironment();
            c.call("one.user.passwd", userId(c, user), password);
            return 0;
        }
    }

    @Command(name = "delete", description = "Deletes users (not oneadmin; not while they own VMs that are not DONE).")
    static final class Delete implements Callable<Integer> {
        @Parameters(paramLabel = "USER", arity = "1..*") List<String> users;

        @Override
        public Integer call() throws Exception {
            OneClient c = OneClient.fromEnvironment();
            return OneClient.forEach("oneuser", "user", users, u -> c.call("one.user.delete", userId(c, u)));
        }
    }

    @Command(name = "chgrp", description = "Moves users to another group: oneuser chgrp USER... GROUP (ids or names).")
    static final class Chgrp implements Callable<Integer> {
        @Parameters(paramLabel = "USER... GROUP", arity = "2..*", description = "Users, then the group.") List<String> users;

        @Override
        public Integer call() throws Exception {
            OneClient c = OneClient.fromEnvironment();
            int gid = OneGroupCommand.groupId(c, users.get(users.size() - 1));
            return OneClient.forEach("oneuser", "user", users.subList(0, users.size() - 1), u -> c.call("one.user.chgrp", userId(c, u), gid));
        }
    }

    @Command(name = "quota", description = {"Sets a user's quotas from a file holding a quota template, e.g.",
            "VM = [ VMS = 4, MEMORY = 2048, CPU = 2 ]  (limits: -1 default, 0 no limit)."})
    static final class Quota implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "USER") String user;
        @Parameters(index = "1", paramLabel = "FILE") java.nio.file.Path file;

        @Override
        public Integer call() throws Exception {
            String text;
            try {
                text = java.nio.file.Files.readString(file);
            } catch (java.io.IOException e) {
                throw new OneClient.CallException("cannot read " + file + ": " + e.getMessage(), 1);
            }
            OneClient c = OneClient.fromEnvironment();
            c.call("one.user.quota", userId(c, user), text);
            return 0;
        }
    }
}

package org.nebulaha.oned.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;
import org.w3c.dom.Element;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code onegroup}: manage oned's groups through XML-RPC. Exit codes: 0 done, 1 refused or unreachable, 2 usage error. */
@Command(name = "onegroup", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT,
        version = "onegroup 4.2.0 (nebula-ha)", description = "Manages OpenNebula groups (ONE_XMLRPC, ONE_AUTH).",
        subcommands = {OneGroupCommand.Create.class, OneGroupCommand.Delete.class, OneGroupCommand.ListCmd.class, OneGroupCommand.Show.class})
public final class OneGroupCommand implements Callable<Integer> {
    static PrintStream out = System.out;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        return OneClient.run("onegroup", new OneGroupCommand(), args);
    }

    @Override
    public Integer call() {
        CommandLine.usage(this, out);
        return 2;
    }

    static int groupId(OneClient c, String group) throws OneClient.CallException {
        return c.idOf("one.grouppool.info", "GROUP", group, "onegroup list");
    }

    @Command(name = "create", description = "Creates a group: onegroup create NAME.")
    static final class Create implements Callable<Integer> {
        @Parameters(paramLabel = "NAME") String name;

        @Override
        public Integer call() throws Exception {
            out.println("ID: " + OneClient.fromEnvironment().call("one.group.allocate", name));
            return 0;
        }
    }

    @Command(name = "delete", description = "Deletes groups (not oneadmin or users; not while users are in them).")
    static final class Delete implements Callable<Integer> {
        @Parameters(paramLabel = "GROUP", arity = "1..*") List<String> groups;

        @Override
        public Integer call() throws Exception {
            OneClient c = OneClient.fromEnvironment();
            return OneClient.forEach("onegroup", "group", groups, g -> c.call("one.group.delete", groupId(c, g)));
        }
    }

    @Command(name = "list", description = "Lists groups: ID NAME USERS VMS.")
    static final class ListCmd implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            Element pool = Xml.parse((String) OneClient.fromEnvironment().call("one.grouppool.info"));
            out.printf("%4s %-15s %5s %5s%n", "ID", "NAME", "USERS", "VMS");
            for (Element g : Xml.children(pool, "GROUP"))
                out.printf("%4s %-15s %5d %5s%n", Xml.text(g, "ID"), OneVmCommand.cut(Xml.text(g, "NAME"), 15),
                        Xml.children(Xml.child(g, "USERS"), "ID").size(), OneQuotas.vmsUsed(g));
            return 0;
        }
    }

    @Command(name = "show", description = "Shows one group (id or name; without one: yours) with its users and quotas.")
    static final class Show implements Callable<Integer> {
        @Parameters(paramLabel = "GROUP", arity = "0..1") String group;
        @Option(names = {"-x", "--xml"}, description = "Prints oned's XML document.") boolean xml;

        @Override
        public Integer call() throws Exception {
            OneClient c = OneClient.fromEnvironment();
            String doc = (String) c.call("one.group.info", group == null ? -1 : groupId(c, group));
            if (xml) {
                out.println(doc);
                return 0;
            }
            Element g = Xml.parse(doc);
            out.println("GROUP " + Xml.text(g, "ID") + " INFORMATION");
            out.printf("%-15s: %s%n%-15s: %s%n%n", "ID", Xml.text(g, "ID"), "NAME", Xml.text(g, "NAME"));
            out.println("USERS");
            for (Element id : Xml.children(Xml.child(g, "USERS"), "ID")) out.println(id.getTextContent());
            out.println();
            OneQuotas.print(out, g);
            return 0;
        }
    }
}

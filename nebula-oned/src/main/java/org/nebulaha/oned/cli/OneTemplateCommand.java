package org.nebulaha.oned.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.w3c.dom.Element;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code onetemplate}: VM templates through oned's XML-RPC API. Exit codes: 0 done, 1 refused or unreachable, 2 usage. */
@Command(name = "onetemplate", mixinStandardHelpOptions = true, version = "onetemplate 4.2.0 (nebula-ha)",
        description = "Manages OpenNebula VM templates (ONE_XMLRPC, ONE_AUTH).",
        subcommands = {OneTemplateCommand.Create.class, OneTemplateCommand.Delete.class, OneTemplateCommand.ListCmd.class,
                OneTemplateCommand.Show.class, OneTemplateCommand.Update.class, OneTemplateCommand.Instantiate.class,
                OneTemplateCommand.Clone.class})
public final class OneTemplateCommand implements Callable<Integer> {
    static PrintStream out = System.out;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        return OneClient.run("onetemplate", new OneTemplateCommand(), args);
    }

    @Override
    public Integer call() {
        CommandLine.usage(this, out);
        return 2;
    }

    static int id(OneClient c, String t) throws OneClient.CallException {
        return PoolCli.id(c, "one.templatepool.info", "VMTEMPLATE", t, "onetemplate list");
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Registers a template from FILE (OpenNebula syntax or XML); prints ID: N.")
    static final class Create implements Callable<Integer> {
        @Parameters(paramLabel = "FILE") Path file;

        @Override
        public Integer call() throws Exception {
            out.println("ID: " + OneClient.fromEnvironment().call("one.template.allocate", Files.readString(file)));
            return 0;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Deletes templates (id or name).")
    static final class Delete implements Callable<Integer> {
        @Parameters(paramLabel = "TEMPLATE", arity = "1..*") List<String> templates;

        @Override
        public Integer call() throws Exception {
            OneClient c = OneClient.fromEnvironment();
            return OneClient.forEach("onetemplate", "template", templates, t -> c.call("one.template.delete", id(c, t)));
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists templates: ID USER GROUP NAME REGTIME.")
    static final class ListCmd implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            Element pool = Xml.parse((String) OneClient.fromEnvironment().call("one.templatepool.info", -2, -1, -1));
            out.printf("%4s %-10s %-10s %-20s %15s%n", "ID", "USER", "GROUP", "NAME", "REGTIME");
            for (Element t : Xml.children(pool, "VMTEMPLATE"))
                out.printf("%4s %-10s %-10s %-20s %15s%n", Xml.text(t, "ID"), Xml.text(t, "UNAME"), Xml.text(t, "GNAME"),
                        OneVmCommand.cut(Xml.text(t, "NAME"), 20), PoolCli.time(Xml.num(t, "REGTIME")));
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Shows one template (id or name).")
    static final class Show implements Callable<Integer> {
        @Parameters(paramLabel = "TEMPLATE") String template;
        @Option(names = {"-x", "--xml"}, description = "Print the XML document.") boolean xml;

        @Override
        public Integer call() throws Exception {
            OneClient c = OneClient.fromEnvironment();
            String doc = (String) c.call("one.template.info", id(c, template));
            if (xml) {
                out.println(doc);
                return 0;
            }
            Element t = Xml.parse(doc);
            PoolCli.header(out, "TEMPLATE", t);
            PoolCli.row(out, "REGISTER TIME", PoolCli.time(Xml.num(t, "REGTIME")));
            PoolCli.permissions(out, t);
            PoolCli.template(out, "TEMPLATE CONTENTS", Xml.child(t, "TEMPLATE"));
            return 0;
        }
    }

    @Command(name = "update", mixinStandardHelpOptions = true, description = "Replaces the template's contents with FILE.")
    static final class Update implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "TEMPLATE") String template;
        @Parameters(index = "1", paramLabel = "FILE") Path file;

        @Override
        public Integer call() throws Exception {
            OneClient c = OneClient.fromEnvironment();
            c.call("one.template.update", id(c, template), Files.readString(file));
            return 0;
        }
    }

    @Command(name = "instantiate", mixinStandardHelpOptions = true, description = "Creates a VM from the template; prints VM ID: N.")
    static final class Instantiate implements Callable<Integer> {
        @Parameters(paramLabel = "TEMPLATE") String template;
        @Option(names = "--name", defaultValue = "", description = "Name of the VM (default one-ID).") String name;
        @Option(names = "--hold", description = "Create the VM on hold.") boolean hold;

        @Override
        public Integer call() throws Exception {
            OneClient c = OneClient.fromEnvironment();
            out.println("VM ID: " + c.call("one.template.instantiate", id(c, template), name, hold, ""));
            return 0;
        }
    }

    @Command(name = "clone", mixinStandardHelpOptions = true, description = "Copies a template under a new NAME; prints ID: N.")
    static final class Clone implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "TEMPLATE") String template;
        @Parameters(index = "1", paramLabel = "NAME") String name;

        @Override
        public Integer call() throws Exception {
            OneClient c = OneClient.fromEnvironment();
            out.println("ID: " + c.call("one.template.clone", id(c, template), name));
            return 0;
        }
    }
}

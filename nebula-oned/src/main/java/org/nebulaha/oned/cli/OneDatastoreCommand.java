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

/** {@code onedatastore}: datastores through oned's XML-RPC API. Exit codes: 0 done, 1 refused or unreachable, 2 usage. */
@Command(name = "onedatastore", mixinStandardHelpOptions = true, version = "onedatastore 4.2.0 (nebula-ha)",
        description = "Manages OpenNebula datastores (ONE_XMLRPC, ONE_AUTH).",
        subcommands = {OneDatastoreCommand.Create.class, OneDatastoreCommand.Delete.class, OneDatastoreCommand.ListCmd.class,
                OneDatastoreCommand.Show.class})
public final class OneDatastoreCommand implements Callable<Integer> {
    static PrintStream out = System.out;
    static final List<String> TYPES = List.of("img", "sys", "fil");

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        return OneClient.run("onedatastore", new OneDatastoreCommand(), args);
    }

    @Override
    public Integer call() {
        CommandLine.usage(this, out);
        return 2;
    }

    static int id(OneClient c, String ds) throws OneClient.CallException {
        return PoolCli.id(c, "one.datastorepool.info", "DATASTORE", ds, "onedatastore list");
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Creates a datastore from FILE (NAME, DS_MAD fs|dummy, TM_MAD, TYPE); prints ID: N.")
    static final class Create implements Callable<Integer> {
        @Parameters(paramLabel = "FILE") Path file;

        @Override
        public Integer call() throws Exception {
            out.println("ID: " + OneClient.fromEnvironment().call("one.datastore.allocate", Files.readString(file), -1));
            return 0;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Deletes datastores (refused while they hold images).")
    static final class Delete implements Callable<Integer> {
        @Parameters(paramLabel = "DATASTORE", arity = "1..*") List<String> stores;

        @Override
        public Integer call() throws Exception {
            OneClient c = OneClient.fromEnvironment();
            return OneClient.forEach("onedatastore", "datastore", stores, d -> c.call("one.datastore.delete", id(c, d)));
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists datastores: ID NAME SIZE AVAIL CLUSTER IMAGES TYPE DS TM.")
    static final class ListCmd implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            Element pool = Xml.parse((String) OneClient.fromEnvironment().call("one.datastorepool.info"));
            String f = "%4s %-12s %8s %5s %-8s %6s %-4s %-6s %-6s%n";
            out.printf(f, "ID", "NAME", "SIZE", "AVAIL", "CLUSTER", "IMAGES", "TYPE", "DS", "TM");
            for (Element d : Xml.children(pool, "DATASTORE")) {
                long total = Xml.num(d, "TOTAL_MB"), free = Xml.num(d, "FREE_MB");
                Element images = Xml.child(d, "IMAGES");
                int type = Xml.num(d, "TYPE");
                out.printf(f, Xml.text(d, "ID"), OneVmCommand.cut(Xml.text(d, "NAME"), 12), total <= 0 ? "-" : total / 1024 + "G",
                        total <= 0 ? "-" : free * 100 / total + "%", "-", images == null ? 0 : Xml.children(images, "ID").size(),
                        type >= 0 && type < 3 ? TYPES.get(type) : "?", Xml.text(d, "DS_MAD").isEmpty() ? "-" : Xml.text(d, "DS_MAD"),
                        Xml.text(d, "TM_MAD"));
            }
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Shows one datastore.")
    static final class Show implements Callable<Integer> {
        @Parameters(paramLabel = "DATASTORE") String ds;
        @Option(names = {"-x", "--xml"}, description = "Print the XML document.") boolean xml;

        @Override
        public Integer call() throws Exception {
            OneClient c = OneClient.fromEnvironment();
            String doc = (String) c.call("one.datastore.info", id(c, ds));
            if (xml) {
                out.println(doc);
                return 0;
            }
            Element d = Xml.parse(doc);
            PoolCli.header(out, "DATASTORE", d);
            PoolCli.row(out, "TYPE", List.of("IMAGE", "SYSTEM", "FILE").get(Math.max(0, Math.min(2, Xml.num(d, "TYPE")))));
            PoolCli.row(out, "DS_MAD", Xml.text(d, "DS_MAD"));
            PoolCli.row(out, "TM_MAD", Xml.text(d, "TM_MAD"));
            PoolCli.row(out, "BASE PATH", Xml.text(d, "BASE_PATH"));
            PoolCli.row(out, "TOTAL", Xml.text(d, "TOTAL_MB") + "M");
            PoolCli.row(out, "FREE", Xml.text(d, "FREE_MB") + "M");
            PoolCli.permissions(out, d);
            PoolCli.template(out, "DATASTORE TEMPLATE", Xml.child(d, "TEMPLATE"));
            out.println();
            out.println("IMAGES");
            Element images = Xml.child(d, "IMAGES");
            if (images != null) for (Element i : Xml.children(images, "ID")) out.println(i.getTextContent());
            return 0;
        }
    }
}

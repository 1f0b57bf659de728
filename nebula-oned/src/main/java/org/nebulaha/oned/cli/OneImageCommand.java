package org.nebulaha.oned.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.nebulaha.oned.model.Image;
import org.w3c.dom.Element;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code oneimage}: images through oned's XML-RPC API. Exit codes: 0 done, 1 refused or unreachable, 2 usage. */
@Command(name = "oneimage", mixinStandardHelpOptions = true, version = "oneimage 4.2.0 (nebula-ha)",
        description = "Manages OpenNebula images (ONE_XMLRPC, ONE_AUTH).",
        subcommands = {OneImageCommand.Create.class, OneImageCommand.Delete.class, OneImageCommand.ListCmd.class, OneImageCommand.Show.class})
public final class OneImageCommand implements Callable<Integer> {
    static PrintStream out = System.out;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        CommandLine cl = new CommandLine(new OneImageCommand());
        // enable/disable/persistent/nonpersistent share one class; register each name.
        for (String a : List.of("enable", "disable", "persistent", "nonpersistent")) cl.addSubcommand(a, new CommandLine(new Flag(a)));
        return OneClient.run("oneimage", cl, args);
    }

    @Override
    public Integer call() {
        CommandLine.usage(this, out);
        return 2;
    }

    static int id(OneClient c, String image) throws OneClient.CallException {
        return PoolCli.id(c, "one.imagepool.info", "IMAGE", image, "oneimage list");
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Registers an image in a datastore from FILE or from --name/--path/...; prints ID: N.")
    static final class Create implements Callable<Integer> {
        @Parameters(paramLabel = "FILE", arity = "0..1", description = "Image template (OpenNebula syntax or XML).") Path file;
        @Option(names = {"-d", "--datastore"}, required = true, description = "Datastore (id or name).") String datastore;
        @Option(names = "--name", description = "NAME.") String name;
        @Option(names = "--path", description = "PATH of the file to copy.") String path;
        @Option(names = "--type", description = "TYPE: OS, CDROM, DATABLOCK, KERNEL, RAMDISK, CONTEXT.") String type;
        @Option(names = "--size", description = "SIZE in MB (DATABLOCK without PATH).") String size;
        @Option(names = "--fstype", description = "FSTYPE (DATABLOCK without PATH).") String fstype;
        @Option(names = "--persistent", description = "PERSISTENT = YES.") boolean persistent;

        @Override
        public Integer call() throws Exception {
            StringBuilder t = new StringBuilder(file == null ? "" : Files.readString(file) + "\n");
            if (name != null) t.append("NAME = \"").append(name).append("\"\n");
            if (path != null) t.append("PATH = \"").append(path).append("\"\n");
            if (type != null) t.append("TYPE = ").append(type).append('\n');
            if (size != null) t.append("SIZE = ").append(size).append('\n');
            if (fstype != null) t.append("FSTYPE = ").append(fstype).append('\n');
            if (persistent) t.append("PERSISTENT = YES\n");
            if (file == null && name == null) throw new CommandLine.ParameterException(new CommandLine(this), "give a template FILE or --name");
            OneClient c = OneClient.fromEnvironment();
            int ds = PoolCli.id(c, "one.datastorepool.info", "DATASTORE", datastore, "onedatastore list");
            out.println("ID: " + c.call("one.image.allocate", t.toString(), ds));
            return 0;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Deletes images (refused while VMs use them).")
    static final class Delete implements Callable<Integer> {
        @Parameters(paramLabel = "IMAGE", arity = "1..*") List<String> images;

        @Override
        public Integer call() throws Exception {
            OneClient c = OneClient.fromEnvironment();
            return OneClient.forEach("oneimage", "image", images, i -> c.call("one.image.delete", id(c, i)));
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists images: ID USER GROUP NAME DATASTORE SIZE TYPE PER STAT RVMS.")
    static final class ListCmd implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            Element pool = Xml.parse((String) OneClient.fromEnvironment().call("one.imagepool.info", -2, -1, -1));
            String f = "%4s %-10s %-10s %-15s %-10s %6s %-6s %3s %-4s %4s%n";
            out.printf(f, "ID", "USER", "GROUP", "NAME", "DATASTORE", "SIZE", "TYPE", "PER", "STAT", "RVMS");
            for (Element i : Xml.children(pool, "IMAGE"))
                out.printf(f, Xml.text(i, "ID"), Xml.text(i, "UNAME"), Xml.text(i, "GNAME"), OneVmCommand.cut(Xml.text(i, "NAME"), 15),
                        OneVmCommand.cut(Xml.text(i, "DATASTORE"), 10), Xml.text(i, "SIZE") + "M", shortType(Xml.num(i, "TYPE")),
                        Xml.num(i, "PERSISTENT") == 1 ? "Yes" : "No", state(i, true), Xml.text(i, "RUNNING_VMS"));
            return 0;
        }
    }

    static String shortType(int t) {
        return t >= 0 && t < Image.TYPES.size() ? List.of("OS", "CD", "DB", "KL", "RD", "CX").get(t) : "?";
    }

    static String state(Element i, boolean shortName) {
        int s = Xml.num(i, "STATE");
        List<String> names = shortName ? Image.SHORT_STATES : Image.STATES;
        return s >= 0 && s < names.size() ? names.get(s) : String.valueOf(s);
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Shows one image (id or name).")
    static final class Show implements Callable<Integer> {
        @Parameters(paramLabel = "IMAGE") String image;
        @Option(names = {"-x", "--xml"}, description = "Print the XML document.") boolean xml;

        @Override
        public Integer call() throws Exception {
            OneClient c = OneClient.fromEnvironment();
            String doc = (String) c.call("one.image.info", id(c, image));
            if (xml) {
                out.println(doc);
                return 0;
            }
            Element i = Xml.parse(doc);
            PoolCli.header(out, "IMAGE", i);
            PoolCli.row(out, "DATASTORE", Xml.text(i, "DATASTORE"));
            PoolCli.row(out, "TYPE", Image.TYPES.get(Math.max(0, Math.min(5, Xml.num(i, "TYPE")))));
            PoolCli.row(out, "REGISTER TIME", PoolCli.time(Xml.num(i, "REGTIME")));
            PoolCli.row(out, "PERSISTENT", Xml.num(i, "PERSISTENT") == 1 ? "Yes" : "No");
            PoolCli.row(out, "SOURCE", Xml.text(i, "SOURCE"));
            PoolCli.row(out, "PATH", Xml.text(i, "PATH"));
            PoolCli.row(out, "SIZE", Xml.text(i, "SIZE") + "M");
            PoolCli.row(out, "STATE", state(i, false));
            PoolCli.row(out, "RUNNING_VMS", Xml.text(i, "RUNNING_VMS"));
            PoolCli.permissions(out, i);
            PoolCli.template(out, "IMAGE TEMPLATE", Xml.child(i, "TEMPLATE"));
            Element vms = Xml.child(i, "VMS");
            if (vms != null && !Xml.children(vms, "ID").isEmpty()) {
                out.println();
                out.println("VIRTUAL MACHINES");
                for (Element v : Xml.children(vms, "ID")) out.println(v.getTextContent());
            }
            return 0;
        }
    }

    /** enable, disable, persistent, nonpersistent. */
    @Command(mixinStandardHelpOptions = true, description = "enable/disable (READY <-> DISABLED) or persistent/nonpersistent images.")
    static final class Flag implements Callable<Integer> {
        private final String what;
        @Parameters(paramLabel = "IMAGE", arity = "1..*") List<String> images;

        Flag() {
            this("enable");
        }

        Flag(String what) {
            this.what = what;
        }

        @Override
        public Integer call() throws Exception {
            OneClient c = OneClient.fromEnvironment();
            String method = what.endsWith("able") ? "one.image.enable" : "one.image.persistent";
            boolean on = what.equals("enable") || what.equals("persistent");
            return OneClient.forEach("oneimage", "image", images, i -> c.call(method, id(c, i), on));
        }
    }
}

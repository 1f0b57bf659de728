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

/** {@code onevnet}: virtual networks and their leases through oned's XML-RPC API. Exit codes: 0 done, 1 refused or unreachable, 2 usage. */
@Command(name = "onevnet", mixinStandardHelpOptions = true, version = "onevnet 4.2.0 (nebula-ha)",
        description = "Manages OpenNebula virtual networks (ONE_XMLRPC, ONE_AUTH).",
        subcommands = {OneVnetCommand.Create.class, OneVnetCommand.Delete.class, OneVnetCommand.ListCmd.class, OneVnetCommand.Show.class})
public final class OneVnetCommand implements Callable<Integer> {
    static PrintStream out = System.out;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        CommandLine cl = new CommandLine(new OneVnetCommand());
        // The lease requests share one class; register each name.
        for (String a : List.of("addleases", "rmleases", "hold", "release")) cl.addSubcommand(a, new CommandLine(new LeaseCmd(a)));
        return OneClient.run("onevnet", cl, args);
    }

    @Override
    public Integer call() {
        CommandLine.usage(this, out);
        return 2;
    }

    static int id(OneClient c, String net) throws OneClient.CallException {
        return PoolCli.id(c, "one.vnpool.info", "VNET", net, "onevnet list");
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Creates a network from FILE (TYPE RANGED or FIXED); prints ID: N.")
    static final class Create implements Callable<Integer> {
        @Parameters(paramLabel = "FILE") Path file;

        @Override
        public Integer call() throws Exception {
            out.println("ID: " + OneClient.fromEnvironment().call("one.vn.allocate", Files.readString(file), -1));
            return 0;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Deletes networks (refused while VMs use their leases).")
    static final class Delete implements Callable<Integer> {
        @Parameters(paramLabel = "VNET", arity = "1..*") List<String> nets;

        @Override
        public Integer call() throws Exception {
            OneClient c = OneClient.fromEnvironment();
            return OneClient.forEach("onevnet", "network", nets, n -> c.call("one.vn.delete", id(c, n)));
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists networks: ID USER GROUP NAME CLUSTER TYPE BRIDGE LEASES.")
    static final class ListCmd implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            Element pool = Xml.parse((String) OneClient.fromEnvironment().call("one.vnpool.info", -2, -1, -1));
            String f = "%4s %-10s %-10s %-15s %-8s %-4s %-10s %6s%n";
            out.printf(f, "ID", "USER", "GROUP", "NAME", "CLUSTER", "TYPE", "BRIDGE", "LEASES");
            for (Element n : Xml.children(pool, "VNET"))
                out.printf(f, Xml.text(n, "ID"), Xml.text(n, "UNAME"), Xml.text(n, "GNAME"), OneVmCommand.cut(Xml.text(n, "NAME"), 15), "-",
                        Xml.num(n, "TYPE") == 0 ? "R" : "F", OneVmCommand.cut(Xml.text(n, "BRIDGE"), 10), Xml.text(n, "TOTAL_LEASES"));
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Shows one network with its leases.")
    static final class Show implements Callable<Integer> {
        @Parameters(paramLabel = "VNET") String net;
        @Option(names = {"-x", "--xml"}, description = "Print the XML document.") boolean xml;

        @Override
        public Integer call() throws Exception {
            OneClient c = OneClient.fromEnvironment();
            String doc = (String) c.call("one.vn.info", id(c, net));
            if (xml) {
                out.println(doc);
                return 0;
            }
            Element n = Xml.parse(doc);
            PoolCli.header(out, "VIRTUAL NETWORK", n);
            PoolCli.row(out, "TYPE", Xml.num(n, "TYPE") == 0 ? "RANGED" : "FIXED");
            PoolCli.row(out, "BRIDGE", Xml.text(n, "BRIDGE"));
            PoolCli.row(out, "VLAN", Xml.num(n, "VLAN") == 1 ? "Yes" : "No");
            PoolCli.row(out, "USED LEASES", Xml.text(n, "TOTAL_LEASES"));
            PoolCli.permissions(out, n);
            PoolCli.template(out, "VIRTUAL NETWORK TEMPLATE", Xml.child(n, "TEMPLATE"));
            Element range = Xml.child(n, "RANGE");
            if (range != null) {
                out.println();
                out.println("RANGE");
                PoolCli.row(out, "IP_START", Xml.text(range, "IP_START"));
                PoolCli.row(out, "IP_END", Xml.text(range, "IP_END"));
            }
            out.println();
            out.println("LEASES");
            out.printf("%-18s %-15s %-4s %s%n", "MAC", "IP", "USED", "VID");
            Element leases = Xml.child(n, "LEASES");
            if (leases != null) for (Element l : Xml.children(leases, "LEASE"))
                out.printf("%-18s %-15s %-4s %s%n", Xml.text(l, "MAC"), Xml.text(l, "IP"), Xml.num(l, "USED") == 1 ? "yes" : "no",
                        Xml.num(l, "VID") < 0 ? (Xml.num(l, "USED") == 1 ? "hold" : "-") : Xml.text(l, "VID"));
            return 0;
        }
    }

    /** addleases, rmleases, hold, release: NET IP [MAC]. */
    @Command(mixinStandardHelpOptions = true, description = "addleases NET IP [MAC] (FIXED), rmleases NET IP (FIXED), hold NET IP, release NET IP.")
    static final class LeaseCmd implements Callable<Integer> {
        private final String what;
        @Parameters(index = "0", paramLabel = "VNET") String net;
        @Parameters(index = "1", paramLabel = "IP") String ip;
        @Parameters(index = "2", paramLabel = "MAC", arity = "0..1") String mac;

        LeaseCmd() {
            this("hold");
        }

        LeaseCmd(String what) {
            this.what = what;
        }

        @Override
        public Integer call() throws Exception {
            OneClient c = OneClient.fromEnvironment();
            String lease = "LEASES = [ IP = \"" + ip + "\"" + (mac == null ? "" : ", MAC = \"" + mac + "\"") + " ]";
            c.call("one.vn." + what, id(c, net), lease);
            return 0;
        }
    }
}

package org.nebulaha.oned.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;
import org.nebulaha.oned.model.HostState;
import org.w3c.dom.Element;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code onehost}: manage hosts through oned's XML-RPC API. Exit codes: 0 done, 1 refused or
 * unreachable (message on stderr), 2 usage error.
 */
@Command(name = "onehost", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT, version = "onehost 4.2.0 (nebula-ha)",
        description = "Manages OpenNebula hosts (ONE_XMLRPC, ONE_AUTH).",
        subcommands = {OneHostCommand.Create.class, OneHostCommand.ListCmd.class, OneHostCommand.Show.class,
                OneHostCommand.Enable.class, OneHostCommand.Disable.class, OneHostCommand.Delete.class})
public final class OneHostCommand implements Callable<Integer> {
    static PrintStream out = System.out;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        return OneClient.run("onehost", new OneHostCommand(), args);
    }

    @Override
    public Integer call() {
        CommandLine.usage(this, out);
        return 2;
    }

    /** A host id from an id or a name. */
    static int hostId(OneClient c, String host) throws OneClient.CallException {
        return c.idOf("one.hostpool.info", "HOST", host, "onehost list");
    }

    @Command(name = "create", description = "Adds a host: onehost create NAME --im dummy --vm dummy --net dummy.")
    static final class Create implements Callable<Integer> {
        @Parameters(paramLabel = "NAME") String name;
        @Option(names = {"-i", "--im"}, required = true, description = "Information driver.") String im;
        @Option(names = {"-v", "--vm"}, required = true, description = "Virtualization driver.") String vm;
        @Option(names = {"-n", "--net"}, defaultValue = "dummy", description = "Network driver (default dummy).") String net;

        @Override
        public Integer call() throws Exception {
            out.println("ID: " + OneClient.fromEnvironment().call("one.host.allocate", name, im, vm, net, -1));
            return 0;
        }
    }

    @Command(name = "list", description = "Lists hosts: ID NAME CLUSTER RVM ALLOCATED_CPU ALLOCATED_MEM STAT.")
    static final class ListCmd implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            Element pool = Xml.parse((String) OneClient.fromEnvironment().call("one.hostpool.info"));
            out.printf("%4s %-15s %-10s %4s %-20s %-20s %-4s%n", "ID", "NAME", "CLUSTER", "RVM", "ALLOCATED_CPU", "ALLOCATED_MEM", "STAT");
            for (Element h : Xml.children(pool, "HOST")) {
                Element s = Xml.child(h, "HOST_SHARE");
                long maxCpu = Xml.num(s, "MAX_CPU"), cpu = Xml.num(s, "CPU_USAGE"), maxMem = Xml.num(s, "MAX_MEM"), mem = Xml.num(s, "MEM_USAGE");
                out.printf("%4s %-15s %-10s %4s %-20s %-20s %-4s%n", Xml.text(h, "ID"), OneVmCommand.cut(Xml.text(h, "NAME"), 15), "-",
                        Xml.text(s, "RUNNING_VMS"), cpu + " / " + maxCpu + pct(cpu, maxCpu), mem / 1024 + "M / " + maxMem / 1024 + "M" + pct(mem, maxMem),
                        HostState.of(Xml.num(h, "STATE")).shortName);
            }
            return 0;
        }

        private static String pct(long used, long max) {
            return max <= 0 ? " (-)" : " (" + used * 100 / max + "%)";
        }
    }

    @Command(name = "show", description = "Shows one host.")
    static final class Show implements Callable<Integer> {
        @Parameters(paramLabel = "HOST") String host;
        @Option(names = {"-x", "--xml"}) boolean xml;

        @Override
        public Integer call() throws Exception {
            OneClient c = OneClient.fromEnvironment();
            String doc = (String) c.call("one.host.info", hostId(c, host));
            if (xml) {
                out.println(doc);
                return 0;
            }
            Element h = Xml.parse(doc);
            out.println("HOST " + Xml.text(h, "ID") + " INFORMATION");
            for (String k : List.of("ID", "NAME", "IM_MAD", "VM_MAD", "VN_MAD", "LAST_MON_TIME"))
                out.printf("%-15s: %s%n", k, Xml.text(h, k));
            out.printf("%-15s: %s%n", "STATE", HostState.of(Xml.num(h, "STATE")).name());
            out.println();
            out.println("HOST SHARES");
            Element s = Xml.child(h, "HOST_SHARE");
            for (Element e : Xml.children(s, null)) out.printf("%-15s: %s%n", e.getTagName(), e.getTextContent());
            out.println();
            out.println("VIRTUAL MACHINES");
            for (Element id : Xml.children(Xml.child(h, "VMS"), "ID")) out.println(id.getTextContent());
            return 0;
        }
    }

    @Command(name = "enable", description = "Enables hosts.")
    static final class Enable implements Callable<Integer> {
        @Parameters(paramLabel = "HOST", arity = "1..*") List<String> hosts;

        @Override
        public Integer call() throws Exception {
            OneClient c = OneClient.fromEnvironment();
            for (String h : hosts) c.call("one.host.enable", hostId(c, h), true);
            return 0;
        }
    }

    @Command(name = "disable", description = "Disables hosts.")
    static final class Disable implements Callable<Integer> {
        @Parameters(paramLabel = "HOST", arity = "1..*") List<String> hosts;

        @Override
        public Integer call() throws Exception {
            OneClient c = OneClient.fromEnvironment();
            for (String h : hosts) c.call("one.host.enable", hostId(c, h), false);
            return 0;
        }
    }

    @Command(name = "delete", description = "Deletes hosts (refused while VMs run there).")
    static final class Delete implements Callable<Integer> {
        @Parameters(paramLabel = "HOST", arity = "1..*") List<String> hosts;

        @Override
        public Integer call() throws Exception {
            OneClient c = OneClient.fromEnvironment();
            for (String h : hosts) c.call("one.host.delete", hostId(c, h));
            return 0;
        }
    }
}

package org.nebulaha.oned.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;
import org.w3c.dom.Element;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code onecluster}: manage oned's clusters through XML-RPC. Exit codes: 0 done, 1 refused or unreachable, 2 usage error. */
@Command(name = "onecluster", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT,
        version = "onecluster 4.2.0 (nebula-ha)", description = "Manages OpenNebula clusters (ONE_XMLRPC, ONE_AUTH).",
        subcommands = {OneClusterCommand.Create.class, OneClusterCommand.Delete.class, OneClusterCommand.ListCmd.class,
                OneClusterCommand.Show.class, OneClusterCommand.AddHost.class, OneClusterCommand.DelHost.class})
public final class OneClusterCommand implements Callable<Integer> {
    static PrintStream out = System.out;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        return OneClient.run("onecluster", new OneClusterCommand(), args);
    }

    @Override
    public Integer call() {
        CommandLine.usage(this, out);
        return 2;
    }

    static int clusterId(OneClient c, String cluster) throws OneClient.CallException {
        return c.idOf("one.clusterpool.info", "CLUSTER", cluster, "onecluster list");
    }

    @Command(name = "create", description = "Creates a cluster: onecluster create NAME.")
    static final class Create implements Callable<Integer> {
        @Parameters(paramLabel = "NAME") String name;

        @Override
        public Integer call() throws Exception {
            out.println("ID: " + OneClient.fromEnvironment().call("one.cluster.allocate", name));
            return 0;
        }
    }

    @Command(name = "delete", description = "Deletes clusters (only empty ones: no hosts, datastores or vnets).")
    static final class Delete implements Callable<Integer> {
        @Parameters(paramLabel = "CLUSTER", arity = "1..*") List<String> clusters;

        @Override
        public Integer call() throws Exception {
            OneClient c = OneClient.fromEnvironment();
            return OneClient.forEach("onecluster", "cluster", clusters, x -> c.call("one.cluster.delete", clusterId(c, x)));
        }
    }

    @Command(name = "list", description = "Lists clusters: ID NAME HOSTS NETS DATASTORES.")
    static final class ListCmd implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            Element pool = Xml.parse((String) OneClient.fromEnvironment().call("one.clusterpool.info"));
            out.printf("%4s %-15s %5s %5s %10s%n", "ID", "NAME", "HOSTS", "NETS", "DATASTORES");
            for (Element cl : Xml.children(pool, "CLUSTER"))
                out.printf("%4s %-15s %5d %5d %10d%n", Xml.text(cl, "ID"), OneVmCommand.cut(Xml.text(cl, "NAME"), 15), count(cl, "HOSTS"),
                        count(cl, "VNETS"), count(cl, "DATASTORES"));
            return 0;
        }
    }

    static int count(Element cl, String list) {
        return Xml.children(Xml.child(cl, list), "ID").size();
    }

    @Command(name = "show", description = "Shows one cluster (id or name) with its hosts, vnets and datastores.")
    static final class Show implements Callable<Integer> {
        @Parameters(paramLabel = "CLUSTER") String cluster;
        @Option(names = {"-x", "--xml"}, description = "Prints oned's XML document.") boolean xml;

        @Override
        public Integer call() throws Exception {
            OneClient c = OneClient.fromEnvironment();
            String doc = (String) c.call("one.cluster.info", clusterId(c, cluster));
            if (xml) {
                out.println(doc);
                return 0;
            }
            Element cl = Xml.parse(doc);
            out.println("CLUSTER " + Xml.text(cl, "ID") + " INFORMATION");
            out.printf("%-15s: %s%n%-15s: %s%n", "ID", Xml.text(cl, "ID"), "NAME", Xml.text(cl, "NAME"));
            for (String[] l : new String[][] {{"HOSTS", "HOSTS"}, {"VNETS", "VNETS"}, {"DATASTORES", "DATASTORES"}}) {
                out.println();
                out.println(l[0]);
                for (Element id : Xml.children(Xml.child(cl, l[1]), "ID")) out.println(id.getTextContent());
            }
            return 0;
        }
    }

    @Command(name = "addhost", description = "Puts a host in the cluster (moving it from any other): onecluster addhost CLUSTER HOST.")
    static final class AddHost implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "CLUSTER") String cluster;
        @Parameters(index = "1", paramLabel = "HOST") String host;

        @Override
        public Integer call() throws Exception {
            OneClient c = OneClient.fromEnvironment();
            c.call("one.cluster.addhost", clusterId(c, cluster), c.idOf("one.hostpool.info", "HOST", host, "onehost list"));
            return 0;
        }
    }

    @Command(name = "delhost", description = "Takes a host out of the cluster: onecluster delhost CLUSTER HOST.")
    static final class DelHost implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "CLUSTER") String cluster;
        @Parameters(index = "1", paramLabel = "HOST") String host;

        @Override
        public Integer call() throws Exception {
            OneClient c = OneClient.fromEnvironment();
            c.call("one.cluster.delhost", clusterId(c, cluster), c.idOf("one.hostpool.info", "HOST", host, "onehost list"));
            return 0;
        }
    }
}

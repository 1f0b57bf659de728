package org.nebulaha.conf.ccs;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.nebulaha.conf.ClusterConfParser;
import org.nebulaha.conf.ConfException;
import org.nebulaha.conf.xml.XmlElement;
import org.nebulaha.conf.xml.XmlWriter;

/**
 * Runs one ccs command line. The configuration is read once from the target ({@code -f FILE},
 * else {@code -h HOST}, else localhost), every requested change is applied in ccs's fixed order,
 * config_version goes up by one per change, the result is validated, and it is written once: a
 * command either makes all its changes or, on any error, none. {@code --sync} runs last.
 */
public final class Ccs {
    private final PrintStream out;
    private final PrintStream err;
    private final RicciTarget.Session session;
    private final Function<String, RicciTarget> ricci;

    /** @param session how this run talks to ricci; one session (and password) for every host */
    public Ccs(PrintStream out, PrintStream err, RicciTarget.Session session) {
        this.out = out;
        this.err = err;
        this.session = session;
        this.ricci = host -> new RicciTarget(session, host);
    }

    public int run(List<String> args) {
        try {
            CcsOptions o = CcsOptions.parse(args);
            if (o.has("help") || args.isEmpty()) {
                out.print(CcsUsage.TEXT);
                return args.isEmpty() ? CcsException.USAGE : 0;
            }
            return execute(o);
        } catch (CcsException e) {
            err.println(e.getMessage());
            return e.exitCode();
        }
    }

    private int execute(CcsOptions o) throws CcsException {
        if (o.has("password")) session.usePassword(o.get("password"));
        String host = o.has("host") ? o.get("host") : null;
        ConfTarget target = o.has("file") ? new FileTarget(Path.of(o.get("file"))) : ricci.apply(host == null ? "localhost" : host);
        boolean verify = !o.has("ignore");
        Run run = new Run(target, verify);
        int rc = 0;

        if (o.has("getconf")) out.print(XmlWriter.write(run.tree()));
        if (o.has("setconf")) setconf(o, run);
        if (o.has("checkconf")) rc = Math.max(rc, checkconf(run, host));
        if (o.has("stop")) rc = Math.max(rc, control(List.of(host == null ? "localhost" : host), "stop_node", "Stopped"));
        if (o.has("start")) rc = Math.max(rc, control(List.of(host == null ? "localhost" : host), "start_node", "Started"));
        if (o.has("startall")) {
            // The guide starts the cluster before its first --sync: nodes other than the one
            // edited have no cluster.conf yet, so send it first (nodes refuse older versions).
            if (!o.has("file")) rc = Math.max(rc, sendBeforeStart(run));
            rc = Math.max(rc, control(nodeNames(run.tree()), "start_node", "Started"));
        }
        if (o.has("stopall")) rc = Math.max(rc, control(nodeNames(run.tree()), "stop_node", "Stopped"));
        if (o.has("lsnodes")) CcsListings.nodes(run.tree()).forEach(out::println);
        if (o.has("lsservices")) CcsListings.services(run.tree()).forEach(out::println);
        if (o.has("listdomains")) run.tree().descendants("failoverdomain").forEach(d -> out.println(d.attr("name")));
        if (o.has("lsfencedev")) CcsListings.fenceDevices(run.tree()).forEach(out::println);
        if (o.has("lsfenceinst")) CcsListings.fenceInstances(run.tree(), o.extras().isEmpty() ? null : o.extras().get(0)).forEach(out::println);
        if (o.has("lsfailoverdomain")) CcsListings.failoverDomains(run.tree()).forEach(out::println);
        if (o.has("getversion")) out.println(run.editor().version());

        // Changes, in ccs's order.
        if (o.has("createcluster")) run.create(o.get("createcluster"), o.has("file"));
        if (o.has("setversion")) run.change(false, e -> { e.setVersion(o.get("setversion")); return ""; });
        if (o.has("incversion")) {
            run.change(false, e -> { e.bumpVersion(); return ""; });
            out.println(run.editor().version());
        }
        if (o.has("addnode")) run.change(e -> e.addNode(o.get("addnode"), o.get("nodeid"), o.get("votes")));
        if (o.has("rmnode")) run.change(e -> e.removeNode(o.get("rmnode")));
        if (o.has("addmethod")) run.change(e -> e.addMethod(o.get("addmethod"), exactlyOne(o, "addmethod", "METHOD NODE")));
        if (o.has("rmmethod")) run.change(e -> e.removeMethod(o.get("rmmethod"), exactlyOne(o, "rmmethod", "METHOD NODE")));
        if (o.has("addfencedev")) run.change(e -> e.addFenceDevice(o.get("addfencedev"), o.extras()));
        if (o.has("rmfencedev")) run.change(e -> e.removeFenceDevice(o.get("rmfencedev")));
        if (o.has("addfenceinst")) {
            List<String> x = o.extras("addfenceinst", 2, "DEVICE NODE METHOD [name=value ...]");
            run.change(e -> e.addFenceInstance(o.get("addfenceinst"), x.get(0), x.get(1), x.subList(2, x.size())));
        }
        if (o.has("rmfenceinst")) {
            List<String> x = o.extras("rmfenceinst", 2, "DEVICE NODE METHOD");
            run.change(e -> e.removeFenceInstance(o.get("rmfenceinst"), x.get(0), x.get(1)));
        }
        if (o.has("addfailoverdomain")) run.change(e -> e.addFailoverDomain(o.get("addfailoverdomain"), o.extras()));
        if (o.has("rmfailoverdomain")) run.change(e -> e.removeFailoverDomain(o.get("rmfailoverdomain")));
        if (o.has("addfailoverdomainnode")) {
            List<String> x = o.extras("addfailoverdomainnode", 1, "DOMAIN NODE [PRIORITY]");
            if (x.size() > 2) throw new CcsException("ccs: usage: --addfailoverdomainnode DOMAIN NODE [PRIORITY]", CcsException.USAGE);
            run.change(e -> e.addFailoverDomainNode(o.get("addfailoverdomainnode"), x.get(0), x.size() > 1 ? x.get(1) : null));
        }
        if (o.has("rmfailoverdomainnode"))
            run.change(e -> e.removeFailoverDomainNode(o.get("rmfailoverdomainnode"), exactlyOne(o, "rmfailoverdomainnode", "DOMAIN NODE")));
        if (o.has("addservice")) run.change(e -> e.addService(o.get("addservice"), o.extras()));
        if (o.has("rmservice")) run.change(e -> e.removeService(o.get("rmservice")));
        if (o.has("addsubservice")) {
            List<String> x = o.extras("addsubservice", 1, "SERVICE TYPE[:TYPE...] [name=value ...]");
            run.change(e -> e.addSubservice(o.get("addsubservice"), x.get(0), x.subList(1, x.size())));
        }
        if (o.has("rmsubservice"))
            run.change(e -> e.removeSubservice(o.get("rmsubservice"), exactlyOne(o, "rmsubservice", "SERVICE TYPE[:TYPE...]")));
        if (o.has("addresource")) run.change(e -> e.addResource(o.get("addresource"), o.extras()));
        if (o.has("rmresource")) run.change(e -> e.removeResource(o.get("rmresource"), o.extras()));
        for (String element : List.of("totem", "rm", "cman", "fencedaemon", "dlm", "logging")) {
            if (o.has("set" + element)) {
                String xmlName = element.equals("fencedaemon") ? "fence_daemon" : element;
                run.change(e -> e.setElement(xmlName, o.extras()));
            }
        }
        if (o.has("setquorumd")) run.change(e -> e.setQuorumd(o.extras()));
        if (o.has("exp")) run.change(e -> e.expert(o.get("exp"), o.extras()));
        if (o.has("exprm")) run.change(e -> e.expertRemove(o.get("exprm")));

        run.writeIfChanged(o.has("activate") && !o.has("sync"));
        run.messages.forEach(m -> { if (!m.isEmpty()) out.println(m); });
        if (o.has("sync")) sync(run, o.has("activate"));
        return rc;
    }

    private static String exactlyOne(CcsOptions o, String option, String usage) throws CcsException {
        if (o.extras().size() != 1) throw new CcsException("ccs: usage: --" + option + " " + usage, CcsException.USAGE);
        return o.extras().get(0);
    }

    private void setconf(CcsOptions o, Run run) throws CcsException {
        if (!o.has("file") || !o.has("host"))
            throw new CcsException("Error: must specify a filename and host when using --setconf", CcsException.USAGE);
        XmlElement tree = run.tree();
        if (run.verify) validate(tree, o.get("file"));
        ricci.apply(o.get("host")).write(tree, false);
    }

    private int checkconf(Run run, String host) throws CcsException {
        String reference = XmlWriter.write(run.tree());
        List<String> bad = new ArrayList<>();
        for (String node : nodeNames(run.tree())) {
            if (node.equals(host)) continue;
            Optional<XmlElement> theirs = ricci.apply(node).read();
            if (theirs.isEmpty() || !XmlWriter.write(theirs.get()).equals(reference)) bad.add(node);
        }
        bad.forEach(n -> out.println("Node: " + n + " does not match"));
        if (bad.isEmpty()) out.println("All nodes in sync.");
        return bad.isEmpty() ? 0 : 1;
    }

    /** start_node/stop_node on every node at once; prints "Started NODE" or the reason per node. */
    private int control(List<String> nodes, String function, String done) throws CcsException {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, nodes.size()));
        try {
            List<Future<String>> results = new ArrayList<>();
            for (String n : nodes) results.add(pool.submit(() -> {
                try {
                    String why = ricci.apply(n).control(function);
                    return why == null ? done + " " + n
                            : "Unable to " + (function.startsWith("start") ? "start" : "stop") + " " + n + "\nError: " + why;
                } catch (CcsException e) {
                    return e.getMessage();
                }
            }));
            int rc = 0;
            for (Future<String> f : results) {
                String line = f.get();
                out.println(line);
                if (!line.startsWith(done + " ")) rc = 1;
            }
            return rc;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CcsException("interrupted");
        } catch (ExecutionException e) {
            throw new CcsException(e.getCause().getMessage());
        } finally {
            pool.shutdownNow();
        }
    }

    /** Sends the configuration to every node; with activate, the last one makes the cluster load it. */
    private void sync(Run run, boolean activate) throws CcsException {
        XmlElement tree = run.tree();
        if (run.verify) validate(tree, run.target.describe());
        List<String> nodes = nodeNames(tree);
        if (nodes.isEmpty()) throw new CcsException("--sync: the configuration has no nodes to send it to; add them with --addnode");
        for (int i = 0; i < nodes.size(); i++) ricci.apply(nodes.get(i)).write(tree, activate && i == nodes.size() - 1);
    }

    /**
     * --startall's copy of the configuration to every node. A node that cannot be reached or refuses
     * it is reported (exit 1) and the others still get it and start, as --startall without the copy did.
     */
    private int sendBeforeStart(Run run) throws CcsException {
        XmlElement tree = run.tree();
        if (run.verify) validate(tree, run.target.describe());
        int rc = 0;
        for (String node : nodeNames(tree)) {
            try {
                ricci.apply(node).write(tree, false);
            } catch (CcsException e) {
                err.println(e.getMessage());
                rc = 1;
            }
        }
        return rc;
    }

    private static List<String> nodeNames(XmlElement tree) {
        List<String> r = new ArrayList<>();
        for (XmlElement n : tree.descendants("clusternode")) if (n.attr("name") != null) r.add(n.attr("name"));
        return r;
    }

    /** @param source names the configuration in the error lines (a file, or the host it came from) */
    static void validate(XmlElement tree, String source) throws CcsException {
        try {
            ClusterConfParser.fromTree(tree, source);
        } catch (ConfException e) {
            throw new CcsException("Validation Failure, unable to modify configuration file (use -i to ignore this error).\n"
                    + e.getMessage());
        }
    }

    /** One command's configuration: read once, changed in memory, written once. */
    private static final class Run {
        final ConfTarget target;
        final boolean verify;
        final List<String> messages = new ArrayList<>();
        private XmlElement tree;
        private boolean changed;
        private boolean loaded;

        Run(ConfTarget target, boolean verify) {
            this.target = target;
            this.verify = verify;
        }

        XmlElement tree() throws CcsException {
            if (!loaded) {
                Optional<XmlElement> t = target.read();
                if (t.isPresent() && verify) {
                    try {
                        ClusterConfParser.fromTree(t.get(), target.describe());
                    } catch (ConfException e) {
                        throw new CcsException("Cluster.conf file specified is not a valid cluster.conf file (use -i to ignore this error)\n"
                                + e.getMessage());
                    }
                }
                // No configuration yet: start from the empty skeleton, as ccs did.
                tree = t.orElseGet(() -> CcsEditor.emptyCluster("cluster"));
                loaded = true;
            }
            return tree;
        }

        CcsEditor editor() throws CcsException {
            return new CcsEditor(tree());
        }

        void create(String name, boolean isFile) throws CcsException {
            Optional<XmlElement> existing = target.read();
            if (verify && existing.isPresent() && (isFile || !CcsEditor.isEmptyCluster(existing.get())))
                throw new CcsException((isFile ? target.describe() : "cluster.conf") + " already exists, use '-i' to override.");
            tree = CcsEditor.emptyCluster(name);
            // Keep version ordering on nodes that held an older file: the new cluster starts above it.
            existing.flatMap(e -> e.optAttr("config_version")).filter(v -> v.matches("\\d{1,9}")).map(Integer::parseInt)
                    .filter(v -> v >= 1).ifPresent(v -> tree.set("config_version", String.valueOf(v + 1)));
            loaded = true;
            changed = true;
        }

        void change(Edit edit) throws CcsException {
            change(true, edit);
        }

        void change(boolean bump, Edit edit) throws CcsException {
            CcsEditor e = editor();
            messages.add(edit.apply(e));
            if (bump) e.bumpVersion();
            changed = true;
        }

        void writeIfChanged(boolean activate) throws CcsException {
            if (!changed) return;
            if (verify) validate(tree, target.describe());
            target.write(tree, activate);
        }
    }

    @FunctionalInterface
    private interface Edit {
        String apply(CcsEditor e) throws CcsException;
    }
}

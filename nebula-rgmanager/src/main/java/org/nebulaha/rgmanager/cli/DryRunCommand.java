package org.nebulaha.rgmanager.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.nebulaha.conf.ClusterConfParser;
import org.nebulaha.conf.ConfException;
import org.nebulaha.conf.model.ClusterConf;
import org.nebulaha.rgmanager.model.ClusterState;
import org.nebulaha.rgmanager.model.ClusterView;
import org.nebulaha.rgmanager.model.Member;
import org.nebulaha.rgmanager.model.MemberStatus;
import org.nebulaha.rgmanager.model.ServiceRecord;
import org.nebulaha.rgmanager.model.ServiceState;
import org.nebulaha.rgmanager.plan.Plan;
import org.nebulaha.rgmanager.plan.Planner;
import org.nebulaha.rgmanager.plan.Rebuild;
import org.nebulaha.rgmanager.text.RebuildText;
import org.nebulaha.rgmanager.text.StateText;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code rg_dryrun}: what the resource manager would do for a configuration and a state, and why,
 * without touching anything. Reads a case folder (cluster.conf + state.txt, as in the planner's
 * regression suite and the inputs the daemon saves) and can inject events first. A state file with
 * {@code report} lines is a new coordinator's rebuild input: it prints the rebuilt table, then the plan.
 * Exit codes: 0 the plan was printed; 1 the configuration or state file is wrong (message on stderr);
 * 2 usage error.
 */
@Command(name = "rg_dryrun", mixinStandardHelpOptions = true, version = "rg_dryrun (nebula-ha)",
        description = "Print the resource manager's plan for a cluster.conf and a state file, with the rule behind each action.")
public final class DryRunCommand implements Callable<Integer> {
    @Parameters(arity = "0..1", paramLabel = "CASE_DIR", description = "folder holding cluster.conf and state.txt")
    Path dir;

    @Option(names = {"-c", "--conf"}, paramLabel = "FILE", description = "cluster.conf (default CASE_DIR/cluster.conf)")
    Path conf;

    @Option(names = {"-s", "--state"}, paramLabel = "FILE", description = "state file (default CASE_DIR/state.txt)")
    Path state;

    @Option(names = "--node-fail", paramLabel = "NODE", description = "first mark NODE lost (left without a clean stop); repeatable")
    List<String> nodeFail = new ArrayList<>();

    @Option(names = "--fenced", paramLabel = "NODE", description = "first mark NODE fenced; repeatable")
    List<String> fenced = new ArrayList<>();

    @Option(names = "--join", paramLabel = "NODE", description = "first mark NODE online and just joined; repeatable")
    List<String> join = new ArrayList<>();

    @Option(names = "--status-fail", paramLabel = "SERVICE", description = "first mark SERVICE's status check failed where it runs; repeatable")
    List<String> statusFail = new ArrayList<>();

    @Option(names = "--order", paramLabel = "SERVICE", description = "print SERVICE's resource start and stop order (like rgmanager's rg_test) instead of a plan; needs only cluster.conf")
    String order;

    @Option(names = "--now", paramLabel = "TIME", description = "evaluate at TIME (e.g. 2026-11-25T10:41:07Z) instead of the file's 'now'")
    Instant now;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(new CommandLine(new DryRunCommand()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        var err = spec.commandLine().getErr();
        var out = spec.commandLine().getOut();
        if (order != null) {
            if (dir == null && conf == null) throw new CommandLine.ParameterException(spec.commandLine(), "--order needs a CASE_DIR or --conf");
            return printOrder(conf != null ? conf : dir.resolve("cluster.conf"), out, err);
        }
        if (dir == null && (conf == null || state == null))
            throw new CommandLine.ParameterException(spec.commandLine(), "give a CASE_DIR, or both --conf and --state");
        Path confFile = conf != null ? conf : dir.resolve("cluster.conf");
        Path stateFile = state != null ? state : dir.resolve("state.txt");
        ClusterConf c;
        StateText.Input in;
        try {
            c = ClusterConfParser.parse(confFile);
            if (!Files.isRegularFile(stateFile)) throw new IllegalArgumentException(stateFile + ": no such file");
            String text = Files.readString(stateFile);
            if (RebuildText.isRebuild(text)) return replayRebuild(c, RebuildText.parse(text, stateFile.toString()), out, err);
            in = StateText.parse(text, stateFile.toString());
        } catch (ConfException | IllegalArgumentException e) {
            err.println("rg_dryrun: " + e.getMessage());
            return 1;
        }
        ClusterState s = in.state();
        try {
            s = inject(c, s);
        } catch (IllegalArgumentException e) {
            err.println("rg_dryrun: " + e.getMessage());
            return 1;
        }
        Instant at = now != null ? now : in.now();
        Plan plan = Planner.plan(c, s, at);
        out.println("# " + in.description());
        out.print(StateText.format(in.description(), at, s).lines().skip(1).map(l -> "# " + l + "\n").reduce("", String::concat));
        out.print(plan.format());
        out.flush();
        return 0;
    }

    /**
     * A saved rebuild input (a new coordinator's members' reports): the rebuilt table with the rule
     * behind each record, the extra copies it stops, then the plan it makes on that table.
     */
    private int replayRebuild(ClusterConf c, RebuildText.Input in, java.io.PrintWriter out, java.io.PrintWriter err) {
        ClusterState s;
        try {
            s = inject(c, new ClusterState(in.view(), java.util.Map.of()));
        } catch (IllegalArgumentException e) {
            err.println("rg_dryrun: " + e.getMessage());
            return 1;
        }
        Instant at = now != null ? now : in.now();
        Rebuild.Result r = Rebuild.rebuild(c, s.view(), in.reports(), at);
        out.println("# " + in.description());
        out.println("# rebuild of the service table by a new coordinator at " + at);
        out.print(r.format());
        out.println("plan:");
        out.print(Planner.plan(c, r.state(), at).format());
        out.flush();
        return 0;
    }

    private int printOrder(Path confFile, java.io.PrintWriter out, java.io.PrintWriter err) {
        ClusterConf c;
        try {
            c = ClusterConfParser.parse(confFile);
        } catch (ConfException e) {
            err.println("rg_dryrun: " + e.getMessage());
            return 1;
        }
        String name = order.startsWith("service:") ? order.substring(8) : order;
        var svc = c.rm().service(name);
        if (svc.isEmpty()) {
            err.println("rg_dryrun: " + confFile + ": no service named " + name);
            return 1;
        }
        for (var r : org.nebulaha.rgmanager.agent.ServiceTree.startOrder(svc.get().resources())) out.println("[start] " + r.id());
        for (var r : org.nebulaha.rgmanager.agent.ServiceTree.stopOrder(svc.get().resources())) out.println("[stop] " + r.id());
        out.flush();
        return 0;
    }

    private ClusterState inject(ClusterConf c, ClusterState s) {
        for (String n : nodeFail) s = setMember(c, s, n, MemberStatus.LOST, false);
        for (String n : fenced) s = setMember(c, s, n, MemberStatus.FENCED, false);
        for (String n : join) s = setMember(c, s, n, MemberStatus.ONLINE, true);
        for (String svc : statusFail) {
            if (c.rm().service(svc).isEmpty()) throw new IllegalArgumentException("--status-fail " + svc + ": no such service in cluster.conf");
            ServiceRecord r = s.service(svc);
            if (r.state() != ServiceState.STARTED)
                throw new IllegalArgumentException("--status-fail " + svc + ": the service is " + r.state().word() + ", not started");
            s = s.with(r.withState(ServiceState.RECOVERING, r.owner(), Instant.EPOCH, "injected status failure"));
        }
        return s;
    }

    private static ClusterState setMember(ClusterConf c, ClusterState s, String node, MemberStatus st, boolean joined) {
        if (c.node(node).isEmpty()) throw new IllegalArgumentException(node + ": no clusternode of that name in cluster.conf");
        List<Member> ms = new ArrayList<>();
        boolean found = false;
        for (Member m : s.view().members()) {
            if (m.name().equals(node)) { ms.add(new Member(node, st, joined)); found = true; }
            else ms.add(m);
        }
        if (!found) ms.add(new Member(node, st, joined));
        return s.withView(new ClusterView(s.view().quorate(), ms));
    }
}

package org.nebulaha.node.hosted;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.nebulaha.common.NebulaRoot;
import org.nebulaha.common.RateLimitedLog;
import org.nebulaha.conf.ClusterConfParser;
import org.nebulaha.conf.model.ClusterConf;
import org.nebulaha.conf.model.ClusterNode;
import org.nebulaha.fence.fenced.Fenced;
import org.nebulaha.membership.model.LossKind;
import org.nebulaha.membership.model.MemberInfo;
import org.nebulaha.membership.quorum.QuorumDecision;
import org.nebulaha.node.api.ApiResponse;
import org.nebulaha.node.daemon.ClusterEvents;
import org.nebulaha.node.daemon.NodeDaemon;
import org.nebulaha.node.daemon.NodeModule;
import org.nebulaha.rgmanager.agent.AddressManager;
import org.nebulaha.rgmanager.agent.IpCommandAddressManager;
import org.nebulaha.rgmanager.agent.LoopbackAddressManager;
import org.nebulaha.rgmanager.agent.OcfAgent;
import org.nebulaha.rgmanager.agent.PgsqlAgent;
import org.nebulaha.rgmanager.agent.ServiceRunner;
import org.nebulaha.rgmanager.agent.SystemProcessRunner;
import org.nebulaha.rgmanager.cli.Clustat;
import org.nebulaha.rgmanager.cli.ClustatSnapshot;
import org.nebulaha.rgmanager.cli.Clusvcadm;
import org.nebulaha.rgmanager.cli.ReplicaText;
import org.nebulaha.rgmanager.exec.Coordinator;
import org.nebulaha.rgmanager.exec.LocalResourceManager;
import org.nebulaha.rgmanager.exec.MessageChannel;
import org.nebulaha.rgmanager.exec.PlanInputLog;
import org.nebulaha.rgmanager.exec.StandbyKeeper;
import org.nebulaha.rgmanager.model.ClusterState;
import org.nebulaha.rgmanager.model.ClusterView;
import org.nebulaha.rgmanager.model.Member;
import org.nebulaha.rgmanager.model.MemberStatus;
import org.nebulaha.rgmanager.model.NodeReport;
import org.nebulaha.rgmanager.model.ServiceRecord;
import org.nebulaha.rgmanager.model.ServiceState;
import org.nebulaha.rgmanager.model.ServiceTable;
import org.nebulaha.rgmanager.plan.Election;

/**
 * Hosts the resource group manager. Every node runs its {@link LocalResourceManager} (starts,
 * stops and watches what runs here); the online member with the lowest nodeid of a quorate
 * partition is the coordinator: it plans for the whole cluster and sends start/stop to the nodes
 * over the cluster channel. When the coordinator changes, the new one rebuilds the service table
 * from every node's report (what it runs, and its copy of the last published table).
 *
 * <p>Safety: a lost node counts as gone only when fenced says it is fenced, or it left cleanly;
 * until then the planner waits. A node that loses quorum stops everything it runs at once.
 *
 * <p>{@code clustat} is answered locally (membership here, services from the last published
 * table); {@code clusvcadm} requests go to the coordinator, wherever it runs.
 */
public final class RgmanagerModule implements NodeModule {
    /** How often the main process of each script is looked at (one small /proc read): a crash is seen within this. */
    private static final Duration PID_POLL = Duration.ofMillis(50);
    private static final System.Logger LOG = System.getLogger("rgmanager");
    /** Malformed admin messages from peers: logged rate-limited. */
    private final RateLimitedLog dropped = new RateLimitedLog(LOG, System.Logger.Level.WARNING, "dropped admin messages");
    static final String TOPIC = "rgmanager";
    static final String ADMIN_TOPIC = "rgadmin";
    private static final Duration REPORT_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(180);

    private NodeDaemon node;
    private String self;
    private volatile ClusterConf conf;
    private LocalResourceManager local;
    private MessageChannel channel;
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, daemon("rgmanager-checks"));
    /** Keeps the pgsql standbys on this node following the primary; a base backup may take minutes. */
    private final ScheduledExecutorService standbys = Executors.newSingleThreadScheduledExecutor(daemon("rgmanager-standbys"));
    private ReplicaRecordSync replicas;
    private PgsqlAgent pgsql;
    /** Every coordinator call runs here: operations take seconds and must not hold up cluster events. */
    private final ExecutorService coordination = Executors.newSingleThreadExecutor(daemon("rgmanager-coordinator"));
    private volatile Coordinator coordinator;
    private volatile String coordinatorNode = "";
    /** Every planner and rebuild input the coordinator acted on, under /var/lib/cluster/rg-inputs (null: not saved). */
    private PlanInputLog inputs;
    private final Map<String, LossKind> lost = new ConcurrentHashMap<>();
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    /** Nodes that joined since the coordinator last rebuilt: a better one of them gets its services back (failback). */
    private final Set<String> justJoined = ConcurrentHashMap.newKeySet();
    /** Joined nodes whose failback waits until their pgsql copy is in sync. */
    private final Set<String> failbackPending = ConcurrentHashMap.newKeySet();
    private volatile boolean quorate;
    private final AtomicLong adminIds = new AtomicLong();
    private final Map<Long, CompletableFuture<String>> adminReplies = new ConcurrentHashMap<>();

    @Override
    public String name() {
        return "rgmanager";
    }

    @Override
    public int port() {
        return 177;
    }

    @Override
    public void start(NodeDaemon node) throws Exception {
        this.node = node;
        this.conf = ClusterConfParser.parse(NebulaRoot.clusterConf());
        this.self = node.state().self().name();
        inputs = openInputLog();
        SystemProcessRunner processes = new SystemProcessRunner();
        replicas = new ReplicaRecordSync(self, node.messaging(), this::onlineMembers,
                () -> conf.nodes().stream().map(ClusterNode::name).toList(), this::goneForGood);
        pgsql = new PgsqlAgent(processes, replicas, NebulaRoot.root(), Clock.systemUTC());
        replicas.onChange(this::copiesChanged);
        local = new LocalResourceManager(self, conf,
                ServiceRunner.standard(processes, addresses(processes), OcfAgent.DEFAULT_OCF_ROOT).with("pgsql", pgsql),
                (n, service, why) -> channel.reportStatusFailure(coordinatorNode, service, why),
                scheduler, PID_POLL, NebulaRoot.root());
        channel = new MessageChannel(self, local, (to, body) -> node.messaging().sendTo(to, TOPIC, body), Duration.ofSeconds(120));
        node.messaging().subscribe(TOPIC, (from, body) -> channel.received(from.name(), body));
        node.messaging().subscribe(ADMIN_TOPIC, this::adminMessage);
        node.events().add(new ClusterEvents() {
            @Override
            public void memberJoined(MemberInfo m) {
                seen.add(m.name());
                lost.remove(m.name());
                justJoined.add(m.name());
                replicas.memberJoined(m.name());
                reconsider("member " + m.name() + " joined", true);
            }

            @Override
            public void memberLost(MemberInfo m, LossKind kind) {
                lost.put(m.name(), kind);
                failbackPending.remove(m.name());
                reconsider("member " + m.name() + (kind == LossKind.CLEAN_LEAVE ? " left cleanly" : " was lost"));
                if (kind == LossKind.CLEAN_LEAVE) recheckPrimaries();
            }

            @Override
            public void quorumChanged(QuorumDecision d) {
                boolean was = quorate;
                quorate = d.quorate();
                if (was && !quorate) {
                    // rgmanager's "#1: Quorum Dissolved": everything stops here at once, nothing is recovered.
                    LOG.log(System.Logger.Level.WARNING, "rgmanager: quorum lost (votes " + d.totalVotes() + ", need " + d.quorum()
                            + "); stopping every service on " + self);
                    local.stopAll("quorum lost");
                }
                reconsider(quorate ? "quorate" : "quorum lost");
            }

            @Override
            public void configChanged(ClusterConf c) {
                conf = c;
                local.setConf(c);
                coordination.execute(() -> {
                    Coordinator co = coordinator;
                    if (co != null) co.setConf(c);
                });
            }
        });
        FencedModule.fenced().ifPresent(f -> f.addListener((n, how) -> {
            reconsider(n + " is fenced (" + how + ")");
            recheckPrimaries();
        }));
        StandbyKeeper keeper = new StandbyKeeper(self, () -> conf, this::serviceTable, pgsql);
        standbys.scheduleWithFixedDelay(() -> {
            try {
                replicas.announceUntilTrusted();
                if (quorate) keeper.tick();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "rgmanager: standby keeper", e);
            }
        }, 2, 2, TimeUnit.SECONDS);
        node.commands().register("clustat", "[clustat options]: cluster and service status in rgmanager's layout", this::clustat);
        node.commands().register("clusvcadm", "[clusvcadm options]: service administration, carried out by the coordinator",
                a -> forceThenClusvcadm(a, "root@" + self + " via clusvcadm"));
    }

    /**
     * A node is gone (fenced, or left cleanly): the pgsql primaries here check their standbys now
     * rather than at their next status check (up to its interval later), so a synchronous primary
     * marks the lost copy outdated and stops waiting for it at once; until then every commit waits.
     */
    private void recheckPrimaries() {
        scheduler.execute(() -> {
            Map<String, ServiceRecord> table = serviceTable();
            for (var s : conf.rm().services()) {
                ServiceRecord rec = table.get(s.name());
                if (rec == null || rec.state() != ServiceState.STARTED || !rec.owner().map(self::equals).orElse(false)) continue;
                for (var r : org.nebulaha.rgmanager.agent.ServiceTree.startOrder(s.resources())) {
                    if (!r.type().equals("pgsql")) continue;
                    var result = pgsql.status(r, Duration.ofSeconds(20));
                    if (!result.isOk()) LOG.log(System.Logger.Level.DEBUG, "rgmanager: pgsql check after a node was gone: " + result);
                }
            }
        });
    }

    /** The saved planner inputs (Pacemaker's pe-input series); without it the daemon still runs, it just saves nothing. */
    private static PlanInputLog openInputLog() {
        java.nio.file.Path dir = NebulaRoot.resolve(PlanInputLog.DEFAULT_DIR);
        try {
            return new PlanInputLog(dir, PlanInputLog.DEFAULT_MAX);
        } catch (java.io.IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "rgmanager: cannot keep planner inputs in " + dir + " (" + e.getMessage()
                    + "); decisions are not saved for rg_dryrun");
            return null;
        }
    }

    /** ip addr on a real host; in the loopback lab (NEBULA_LOOPBACK_IPS) 127.x addresses recorded in a shared file. */
    private AddressManager addresses(SystemProcessRunner processes) {
        return LoopbackAddressManager.fromEnvironment(self).<AddressManager>map(m -> m).orElseGet(() -> new IpCommandAddressManager(processes));
    }

    /** Whether {@code node}'s copy holds every committed write; true when no service has a pgsql resource. */
    private boolean copyInSync(String node) {
        boolean any = conf.rm().services().stream().anyMatch(s -> org.nebulaha.rgmanager.agent.ServiceTree.startOrder(s.resources())
                .stream().anyMatch(r -> r.type().equals("pgsql")));
        if (!any) return true;
        if (!replicas.trusted()) return false; // a record from disk may be stale: wait for the members' one
        org.nebulaha.rgmanager.model.CopyState st = replicas.record().state(node);
        return st != null && st.hasEveryCommit();
    }

    /** A returning node whose copy is now in sync counts as just joined again: failback may move the service to it. */
    private void copiesChanged(org.nebulaha.rgmanager.model.ReplicaRecord r) {
        for (String n : List.copyOf(failbackPending)) {
            if (!copyInSync(n)) continue;
            failbackPending.remove(n);
            justJoined.add(n);
            reconsider("the database copy on " + n + " is in sync", true);
        }
        // a start here was refused for a stale copy (e.g. a relocation back right after a promotion):
        // once the copy is in sync, this node gets the failback chance it lost (acts when it coordinates)
        if (!pgsql.lastRefusal().isEmpty() && copyInSync(self)) {
            pgsql.clearRefusal();
            justJoined.add(self);
            reconsider("the database copy on " + self + " is in sync after a refused start", true);
        }
    }

    private List<String> onlineMembers() {
        return view().members().stream().filter(Member::isOnline).map(Member::name).toList();
    }

    /** Fenced since it was lost, or left cleanly: nothing of it can still run (a standby it held is stale from now on). */
    private boolean goneForGood(String name) {
        return view().members().stream().anyMatch(m -> m.name().equals(name)
                && (m.status() == MemberStatus.FENCED || m.status() == MemberStatus.LEFT));
    }

    /** The latest service table: the coordinator's, else this node's copy of the last one published. */
    private Map<String, ServiceRecord> serviceTable() {
        Coordinator co = coordinator;
        return co != null ? co.state().services() : local.report().tableCopy().map(ServiceTable::services).orElse(Map.of());
    }

    // --- who coordinates --------------------------------------------------------------------------

    /** Works out the view and the coordinator again, and tells the coordinator (on its own thread). */
    private void reconsider(String why) {
        reconsider(why, false);
    }

    /** @param rejoin a node joined: the coordinator asks every node again what it runs */
    private void reconsider(String why, boolean rejoin) {
        coordination.execute(() -> {
            try {
                Election.Result elected = election();
                ClusterView view = elected.view();
                String next = elected.coordinator().orElse("");
                boolean wasMe = coordinatorNode.equals(self);
                coordinatorNode = next;
                if (!next.equals(self)) {
                    if (wasMe) LOG.log(System.Logger.Level.INFO, "rgmanager: " + (next.isEmpty() ? "no coordinator (not quorate)"
                            : next + " coordinates now") + " (" + why + ")");
                    coordinator = null;
                    return;
                }
                Coordinator co = coordinator;
                if (co == null || rejoin) {
                    if (co == null) LOG.log(System.Logger.Level.INFO, "rgmanager: this node coordinates (" + why + "; "
                            + elected.coordinatorWhy() + "); rebuilding the service table from every node");
                    List<String> online = view.members().stream().filter(Member::isOnline).map(Member::name).toList();
                    List<NodeReport> reports = channel.reports(online, REPORT_TIMEOUT);
                    if (reports.size() < online.size()) {
                        // A member that did not say what it runs may run anything: planning without it
                        // could start a second copy. Ask again shortly; nothing is decided meanwhile.
                        LOG.log(System.Logger.Level.WARNING, "rgmanager: " + reports.size() + " of " + online.size()
                                + " online members reported what they run; asking again before deciding anything");
                        coordinator = null;
                        scheduler.schedule(() -> reconsider(why, true), 500, TimeUnit.MILLISECONDS);
                        return;
                    }
                    if (co == null) {
                        co = new Coordinator(conf, view, channel, Clock.systemUTC());
                        co.setInputLog(inputs);
                        channel.setCoordinator(co::statusFailed);
                        coordinator = co;
                    }
                    List<Member> marked = new ArrayList<>();
                    for (Member m : view.members()) {
                        boolean joined = m.isOnline() && justJoined.contains(m.name());
                        if (joined && !copyInSync(m.name())) {
                            // failback to it waits until its database copy is in sync (copiesChanged)
                            failbackPending.add(m.name());
                            joined = false;
                        }
                        marked.add(new Member(m.name(), m.status(), joined));
                    }
                    justJoined.clear();
                    co.rebuild(new ClusterView(view.quorate(), marked), reports);
                } else {
                    co.viewChanged(view);
                }
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "rgmanager: could not act on " + why, e);
            }
        });
    }

    /** Every configured node as the resource manager must see it: only fenced or cleanly-left nodes are safely gone. */
    private ClusterView view() {
        return election().view();
    }

    /** Gathers what membership, quorum and fenced say, and lets {@link Election} decide statuses and the coordinator. */
    private Election.Result election() {
        Set<String> online = new HashSet<>();
        boolean isQuorate;
        // Membership and quorum read together: a view that is quorate must list every member counted.
        synchronized (node.state()) {
            for (MemberInfo m : node.state().snapshot().members()) online.add(m.name());
            isQuorate = node.state().isQuorate();
        }
        Optional<Fenced> f = FencedModule.fenced();
        Set<String> left = new HashSet<>();
        Set<String> unclean = new HashSet<>();
        lost.forEach((n, kind) -> (kind == LossKind.CLEAN_LEAVE ? left : unclean).add(n));
        Set<String> fenced = new HashSet<>();
        for (ClusterNode n : conf.nodes()) if (f.isPresent() && f.get().isFencedSinceLost(n.name())) fenced.add(n.name());
        return Election.decide(conf, new Election.Observed(isQuorate, online, left, unclean, seen, fenced));
    }

    // --- clustat ----------------------------------------------------------------------------------

    private ApiResponse clustat(List<String> args) {
        ClusterView view = view();
        Map<String, ServiceRecord> services = serviceTable();
        Set<String> rg = new HashSet<>();
        for (Member m : view.members()) if (m.isOnline()) rg.add(m.name());
        ClustatSnapshot snap = ClustatSnapshot.of(conf, new ClusterState(view, services), self, rg,
                node.state().snapshot().generation(), java.time.Instant.now());
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int rc = new Clustat(ZoneId.systemDefault()).run(args.toArray(String[]::new), () -> snap,
                new PrintStream(buf, true, StandardCharsets.UTF_8));
        String printed = buf.toString(StandardCharsets.UTF_8);
        return output(rc, ReplicaText.addTo(args, printed, replicas.record(), pgsql.lag(), pgsql.localNote())); // the database copies
    }

    /** What a command printed, as the API's lines, with its exit code ("exit N"). */
    static ApiResponse output(int rc, String printed) {
        List<String> lines = List.of(printed.split("\n", -1));
        if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) lines = lines.subList(0, lines.size() - 1);
        return new ApiResponse(true, 0, "exit " + rc, lines);
    }

    // --- clusvcadm --------------------------------------------------------------------------------

    /** clusvcadm with --force-promote (see {@link ForcePromote}): the force is recorded first, then the request goes on. */
    private ApiResponse forceThenClusvcadm(List<String> args, String who) {
        ForcePromote.Parsed p;
        try {
            p = ForcePromote.parse(args, conf.nodes().stream().map(ClusterNode::name).toList());
        } catch (IllegalArgumentException e) {
            return ApiResponse.error(2, e.getMessage());
        }
        if (p.node() == null) return clusvcadm(args, who);
        String warning = ForcePromote.warning(p.node(), replicas.record());
        LOG.log(System.Logger.Level.WARNING, "rgmanager: " + who + ": " + warning);
        if (!ForcePromote.mark(replicas, p.node()))
            return ApiResponse.error(1, "--force-promote: not every online member acknowledged the force for " + p.node() + "; nothing asked");
        ApiResponse r = clusvcadm(p.rest(), who);
        if (!r.ok()) return r;
        List<String> lines = new ArrayList<>(List.of(warning));
        lines.addAll(r.body());
        return new ApiResponse(true, 0, r.message(), lines);
    }

    /** Runs a clusvcadm command line on the coordinator (here, or forwarded to it) and returns what it printed. */
    private ApiResponse clusvcadm(List<String> args, String who) {
        String co = coordinatorNode;
        if (co.isEmpty()) return ApiResponse.error(1, "no coordinator: this partition is not quorate; services cannot be changed now");
        if (co.equals(self)) return runClusvcadm(args, who);
        long id = adminIds.incrementAndGet();
        CompletableFuture<String> reply = new CompletableFuture<>();
        adminReplies.put(id, reply);
        try {
            String req = "req\t" + id + "\t" + who + "\t" + String.join("\t", args);
            if (!node.messaging().sendTo(co, ADMIN_TOPIC, req.getBytes(StandardCharsets.UTF_8)))
                return ApiResponse.error(1, "cannot reach the coordinator " + co);
            String r = reply.get(ADMIN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            int nl = r.indexOf('\n');
            int rc = Integer.parseInt(r.substring(0, nl < 0 ? r.length() : nl));
            return output(rc, nl < 0 ? "" : r.substring(nl + 1));
        } catch (java.util.concurrent.TimeoutException e) {
            return ApiResponse.error(1, "the coordinator " + co + " did not answer within " + ADMIN_TIMEOUT.toSeconds() + " s");
        } catch (Exception e) {
            return ApiResponse.error(1, "request to the coordinator " + co + " failed: " + e.getMessage());
        } finally {
            adminReplies.remove(id);
        }
    }

    private ApiResponse runClusvcadm(List<String> args, String who) {
        Coordinator co = coordinator;
        if (co == null) return ApiResponse.error(1, "this node is not the coordinator any more; try again");
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(buf, true, StandardCharsets.UTF_8);
        List<String> names = conf.nodes().stream().map(ClusterNode::name).toList();
        List<String> online = view().members().stream().filter(Member::isOnline).map(Member::name).toList();
        LOG.log(System.Logger.Level.INFO, "rgmanager: clusvcadm " + String.join(" ", args) + " asked by " + who);
        int rc;
        try {
            rc = CompletableFuture.supplyAsync(() -> Clusvcadm.run(args.toArray(String[]::new), co.requests(who),
                    new Clusvcadm.Members(names, online), ps, ps), coordination).get(ADMIN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            return ApiResponse.error(1, "clusvcadm failed on the coordinator: " + e);
        }
        String printed = buf.toString(StandardCharsets.UTF_8);
        LOG.log(System.Logger.Level.INFO, "rgmanager: clusvcadm " + String.join(" ", args) + " by " + who + " -> exit " + rc + ": "
                + printed.strip().replace("\n", " | "));
        return output(rc, printed);
    }

    private void adminMessage(MemberInfo from, byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        String[] f = text.split("\t", -1);
        try {
            if (f[0].equals("req") && f.length >= 3) {
                long id = Long.parseLong(f[1]);
                List<String> args = List.of(f).subList(3, f.length);
                // Answer on another thread: the admin request waits for the coordinator's operations.
                CompletableFuture.runAsync(() -> {
                    ApiResponse r = runClusvcadm(args, f[2]);
                    int rc = r.message().startsWith("exit ") ? Integer.parseInt(r.message().substring(5)) : 1;
                    String out = r.ok() ? String.join("\n", r.body()) + "\n" : r.message() + "\n";
                    node.messaging().sendTo(from.name(), ADMIN_TOPIC, ("res\t" + id + "\t" + rc + "\n" + out).getBytes(StandardCharsets.UTF_8));
                });
            } else if (f[0].equals("res") && f.length >= 3) {
                String rest = text.substring(text.indexOf('\t', 4) + 1);
                CompletableFuture<String> w = adminReplies.get(Long.parseLong(f[1]));
                if (w != null) w.complete(rest);
            } else {
                dropped.log("rgmanager: dropped a malformed admin message from " + from.name());
            }
        } catch (RuntimeException e) {
            dropped.log("rgmanager: dropped a malformed admin message from " + from.name() + ": " + e.getMessage());
        }
    }

    @Override
    public void stop() {
        // A clean shutdown stops what runs here first, so the others see a clean leave of a node that runs nothing.
        standbys.shutdownNow();
        if (local != null) local.stopAll("node daemon stopping");
        stopStandbys();
        coordination.shutdownNow();
        scheduler.shutdownNow();
        if (channel != null) channel.close();
    }

    /** A standby this node kept is no service of it: stopped here, so it does not outlive the daemon. */
    private void stopStandbys() {
        if (pgsql == null) return;
        for (org.nebulaha.conf.model.Service s : conf.rm().services())
            for (org.nebulaha.conf.model.Resource r : org.nebulaha.rgmanager.agent.ServiceTree.startOrder(s.resources()))
                if (r.type().equals("pgsql")) pgsql.stop(r, Duration.ofSeconds(60));
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}

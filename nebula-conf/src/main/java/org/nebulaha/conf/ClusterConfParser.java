package org.nebulaha.conf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.nebulaha.conf.model.ClusterConf;
import org.nebulaha.conf.model.ClusterNode;
import org.nebulaha.conf.model.Cman;
import org.nebulaha.conf.model.FailoverDomain;
import org.nebulaha.conf.model.FailoverDomainNode;
import org.nebulaha.conf.model.FenceDaemon;
import org.nebulaha.conf.model.FenceDevice;
import org.nebulaha.conf.model.FenceDeviceUse;
import org.nebulaha.conf.model.FenceMethod;
import org.nebulaha.conf.model.Recovery;
import org.nebulaha.conf.model.Resource;
import org.nebulaha.conf.model.ResourceManager;
import org.nebulaha.conf.model.Service;
import org.nebulaha.conf.model.Totem;
import org.nebulaha.conf.xml.XmlElement;
import org.nebulaha.conf.xml.XmlReader;

/**
 * Reads cluster.conf into a {@link ClusterConf}, checking every rule a running cluster depends on.
 * All problems are collected and reported together, each with file, line, column and element:
 * <pre>cluster.conf:9:5: &lt;clusternode name="node3"&gt;: nodeid 2 is already used by node2 (line 8); give each node a unique nodeid</pre>
 *
 * <p>Rules, in the order they are checked: the root is {@code <cluster name config_version>};
 * attribute values have the right type and range (booleans are 0 or 1); node names and nodeids are
 * unique; fence methods name existing fence devices; failover domains name existing nodes with
 * priorities 1..100; resources have their primary attribute, unique per type; services name an
 * existing domain, a valid recovery policy, an existing {@code depend}, and every {@code ref=}
 * resolves to a global resource of the same type. Whether a configuration can run (two_node with
 * exactly two nodes) is checked separately by {@link #activationProblems}.
 */
public final class ClusterConfParser {
    private static final Set<String> BOOLEAN_WORDS = Set.of("0", "1");

    private final String source;
    private final List<ConfProblem> problems = new ArrayList<>();

    private ClusterConfParser(String source) {
        this.source = source;
    }

    public static ClusterConf parse(Path file) throws ConfException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfException(file.toString(), 0, 0, null, "cannot read: " + e.getMessage());
        }
        return parse(text, file.toString());
    }

    public static ClusterConf parse(String text, String source) throws ConfException {
        return fromTree(XmlReader.read(text, source), source);
    }

    /** Builds and validates the model of an already parsed (or edited) tree. */
    public static ClusterConf fromTree(XmlElement root, String source) throws ConfException {
        ClusterConfParser p = new ClusterConfParser(source);
        ClusterConf conf = p.build(root);
        if (!p.problems.isEmpty()) throw new InvalidConfException(p.problems);
        return conf;
    }

    /**
     * What stops a valid configuration from running a cluster: two_node=1 needs exactly two nodes
     * of one vote each (votequorum's rule), and a cluster needs at least one node.
     */
    public static List<String> activationProblems(ClusterConf conf) {
        List<String> r = new ArrayList<>();
        if (conf.nodes().isEmpty()) r.add("the cluster has no nodes; add them with ccs --addnode");
        if (conf.cman().twoNode()) {
            if (conf.nodes().size() != 2)
                r.add("two_node=1 needs exactly two nodes, this cluster has " + conf.nodes().size()
                        + "; set two_node=0 with ccs --setcman for more nodes");
            for (ClusterNode n : conf.nodes())
                if (n.votes() != 1) r.add("two_node=1 needs one vote per node, " + n.name() + " has " + n.votes());
        }
        return r;
    }

    // ---------------------------------------------------------------------------------------------

    private ClusterConf build(XmlElement root) {
        if (!root.name().equals("cluster")) {
            problem(root, "the root element must be <cluster>, not <" + root.name() + ">");
            return null;
        }
        String name = required(root, "name");
        int version = intAttr(root, Settings.CONFIG_VERSION);
        Cman cman = root.child("cman").map(this::cman).orElse(Cman.defaults());
        Totem totem = root.child("totem").map(this::totem).orElse(Totem.defaults());
        FenceDaemon fd = root.child("fence_daemon").map(this::fenceDaemon).orElse(FenceDaemon.defaults());
        List<FenceDevice> devices = fenceDevices(root);
        List<ClusterNode> nodes = nodes(root, devices);
        ResourceManager rm = root.child("rm").map(e -> rm(e, nodes)).orElse(ResourceManager.empty());
        if (cman.twoNode() && nodes.size() > 2)
            problem(root.child("cman").orElseThrow(), "two_node=1 is only valid with two nodes, this cluster has "
                    + nodes.size() + "; set two_node=\"0\"");
        root.child("quorumd").ifPresent(q -> quorumd(q, cman, nodes));
        return new ClusterConf(name == null ? "" : name, version, cman, totem, fd, nodes, devices, rm, root);
    }

    private Cman cman(XmlElement e) {
        OptionalInt expected = optInt(e, Settings.EXPECTED_VOTES);
        return new Cman(bool(e, Settings.TWO_NODE), expected, bool(e, Settings.WAIT_FOR_ALL),
                bool(e, Settings.LAST_MAN_STANDING), intAttr(e, Settings.LAST_MAN_STANDING_WINDOW), bool(e, Settings.AUTO_TIE_BREAKER),
                extras(e, "two_node", "expected_votes", "wait_for_all", "last_man_standing", "last_man_standing_window",
                        "auto_tie_breaker"));
    }

    /**
     * {@code <quorumd>}, the quorum witness: its attributes, and the quorum rules it changes (it
     * replaces two_node; expected votes, when set, must count the witness's votes too). A quorumd
     * with none of host, port, timeout is cman's quorum disk (label, device...): kept, not used.
     */
    private void quorumd(XmlElement q, Cman cman, List<ClusterNode> nodes) {
        if (!isWitness(q)) return;
        required(q, "host");
        for (String attr : q.attributes().keySet())
            Settings.find("quorumd", attr).ifPresent(s -> declared(q, s));
        if (cman.twoNode())
            problem(q, "the quorum witness replaces two_node; set two_node=\"0\" (ccs --setcman expected_votes="
                    + (nodes.stream().mapToInt(ClusterNode::votes).sum() + 1) + ")");
        int witnessVotes = 1; // the only value Settings.QUORUMD_VOTES allows
        int all = nodes.stream().mapToInt(ClusterNode::votes).sum() + witnessVotes;
        if (cman.expectedVotes().isPresent() && cman.expectedVotes().getAsInt() < all)
            problem(q, "expected_votes=" + cman.expectedVotes().getAsInt() + " is below the " + all
                    + " votes of the nodes and the witness: each side of a split could be quorate; set expected_votes=" + all
                    + " or remove it");
    }

    /** A {@code <quorumd>} that configures our network witness (not cman's quorum disk). */
    public static boolean isWitness(XmlElement quorumd) {
        return quorumd.hasAttr("host") || quorumd.hasAttr("port") || quorumd.hasAttr("timeout");
    }

    private Totem totem(XmlElement e) {
        return new Totem(optInt(e, Settings.TOKEN), optInt(e, Settings.CONSENSUS), optInt(e, Settings.JOIN),
                optInt(e, Settings.TOKEN_RETRANSMITS),
                extras(e, "token", "consensus", "join", "token_retransmits_before_loss_const"));
    }

    private FenceDaemon fenceDaemon(XmlElement e) {
        return new FenceDaemon(intAttr(e, Settings.POST_JOIN_DELAY), intAttr(e, Settings.POST_FAIL_DELAY),
                bool(e, Settings.CLEAN_START), intAttr(e, Settings.OVERRIDE_TIME), bool(e, Settings.SKIP_UNDEFINED),
                extras(e, "post_join_delay", "post_fail_delay", "clean_start", "override_time", "skip_undefined"));
    }

    private List<FenceDevice> fenceDevices(XmlElement root) {
        List<FenceDevice> r = new ArrayList<>();
        Map<String, XmlElement> seen = new HashMap<>();
        for (XmlElement fds : root.children("fencedevices")) {
            for (XmlElement e : fds.children("fencedevice")) {
                String name = required(e, "name");
                String agent = required(e, "agent");
                if (name == null) continue;
                if (seen.containsKey(name)) {
                    problem(e, "a fence device named " + name + " already exists (line " + seen.get(name).line() + ")");
                    continue;
                }
                seen.put(name, e);
                r.add(new FenceDevice(name, agent == null ? "" : agent, without(e.attributes(), "name", "agent")));
            }
        }
        return r;
    }

    private List<ClusterNode> nodes(XmlElement root, List<FenceDevice> devices) {
        List<ClusterNode> r = new ArrayList<>();
        Map<String, XmlElement> names = new HashMap<>();
        Map<Integer, XmlElement> ids = new HashMap<>();
        for (XmlElement cns : root.children("clusternodes")) {
            for (XmlElement e : cns.children("clusternode")) {
                String name = required(e, "name");
                int nodeid = intAttr(e, Settings.NODEID);
                int votes = intAttr(e, Settings.VOTES);
                if (name == null) continue;
                if (names.containsKey(name)) {
                    problem(e, "a node named " + name + " already exists (line " + names.get(name).line() + "); node names must be unique");
                    continue;
                }
                names.put(name, e);
                if (nodeid > 0 && ids.containsKey(nodeid)) {
                    XmlElement other = ids.get(nodeid);
                    problem(e, "nodeid " + nodeid + " is already used by " + other.attr("name") + " (line " + other.line()
                            + "); give each node a unique nodeid");
                }
                ids.putIfAbsent(nodeid, e);
                List<FenceMethod> methods = new ArrayList<>();
                Set<String> methodNames = new java.util.HashSet<>();
                for (XmlElement fence : e.children("fence")) {
                    for (XmlElement m : fence.children("method")) {
                        String mname = required(m, "name");
                        if (mname != null && !methodNames.add(mname))
                            problem(m, "node " + name + " already has a fence method named " + mname);
                        methods.add(new FenceMethod(mname == null ? "" : mname, deviceUses(m, devices)));
                    }
                }
                List<FenceDeviceUse> unfence = new ArrayList<>();
                for (XmlElement u : e.children("unfence")) unfence.addAll(deviceUses(u, devices));
                r.add(new ClusterNode(name, nodeid, votes, methods, unfence, extras(e, "name", "nodeid", "votes")));
            }
        }
        return r;
    }

    private List<FenceDeviceUse> deviceUses(XmlElement parent, List<FenceDevice> devices) {
        List<FenceDeviceUse> r = new ArrayList<>();
        for (XmlElement d : parent.children("device")) {
            String dname = required(d, "name");
            if (dname == null) continue;
            if (devices.stream().noneMatch(fd -> fd.name().equals(dname)))
                problem(d, "no fence device named " + dname + "; add it with ccs --addfencedev " + dname + " agent=...");
            r.add(new FenceDeviceUse(dname, without(d.attributes(), "name")));
        }
        return r;
    }

    private ResourceManager rm(XmlElement rm, List<ClusterNode> nodes) {
        List<FailoverDomain> domains = new ArrayList<>();
        Map<String, XmlElement> domainNames = new HashMap<>();
        for (XmlElement fds : rm.children("failoverdomains")) {
            for (XmlElement d : fds.children("failoverdomain")) {
                String name = required(d, "name");
                if (name == null) continue;
                if (domainNames.containsKey(name)) {
                    problem(d, "a failover domain named " + name + " already exists (line " + domainNames.get(name).line() + ")");
                    continue;
                }
                domainNames.put(name, d);
                boolean ordered = bool(d, Settings.ORDERED);
                List<FailoverDomainNode> members = new ArrayList<>();
                Set<String> seen = new java.util.HashSet<>();
                for (XmlElement n : d.children("failoverdomainnode")) {
                    String node = required(n, "name");
                    if (node == null) continue;
                    if (nodes.stream().noneMatch(cn -> cn.name().equals(node)))
                        problem(n, "no clusternode named " + node + "; add it first with ccs --addnode " + node);
                    if (!seen.add(node)) problem(n, node + " is listed twice in failover domain " + name);
                    int prio = intAttr(n, Settings.PRIORITY.attribute(), 0, 1, 100, false); // unset: 0
                    members.add(new FailoverDomainNode(node, prio));
                }
                domains.add(new FailoverDomain(name, ordered, bool(d, Settings.RESTRICTED), bool(d, Settings.NOFAILBACK), members));
            }
        }
        // Global resources: referenced from services by their primary attribute.
        Map<String, XmlElement> globals = new LinkedHashMap<>();
        List<Resource> resources = new ArrayList<>();
        for (XmlElement rs : rm.children("resources")) {
            for (XmlElement e : rs.children()) {
                if (!checkResource(e, false)) continue;
                String key = e.name() + ":" + e.attr(Resource.primaryAttribute(e.name()));
                if (globals.containsKey(key)) {
                    problem(e, "a " + e.name() + " resource with " + Resource.primaryAttribute(e.name()) + "="
                            + e.attr(Resource.primaryAttribute(e.name())) + " already exists (line " + globals.get(key).line() + ")");
                    continue;
                }
                globals.put(key, e);
                resources.add(new Resource(e.name(), e.attributes(), List.of()));
            }
        }
        List<XmlElement> serviceElems = rm.children("service");
        Set<String> serviceNames = new java.util.HashSet<>();
        for (XmlElement s : serviceElems) if (s.attr("name") != null) serviceNames.add(s.attr("name"));
        List<Service> services = new ArrayList<>();
        Map<String, XmlElement> seenServices = new HashMap<>();
        for (XmlElement s : serviceElems) {
            String name = required(s, "name");
            if (name == null) continue;
            if (seenServices.containsKey(name)) {
                problem(s, "a service named " + name + " already exists (line " + seenServices.get(name).line() + ")");
                continue;
            }
            seenServices.put(name, s);
            Optional<String> domain = s.optAttr("domain");
            if (domain.isPresent() && !domainNames.containsKey(domain.get()))
                problem(s, "no failover domain named " + domain.get() + "; add it with ccs --addfailoverdomain " + domain.get());
            Recovery recovery = Recovery.RESTART;
            if (s.hasAttr("recovery")) {
                try {
                    recovery = Recovery.fromXml(s.attr("recovery"));
                } catch (IllegalArgumentException ex) {
                    problem(s, ex.getMessage());
                }
            }
            Optional<String> depend = Optional.empty();
            if (s.hasAttr("depend")) {
                String dep = s.attr("depend");
                String depName = dep.startsWith("service:") ? dep.substring(8) : dep;
                if (!serviceNames.contains(depName)) problem(s, "depend=\"" + dep + "\" names no service; write depend=\"service:NAME\"");
                else if (depName.equals(name)) problem(s, "a service cannot depend on itself");
                depend = Optional.of(depName);
            }
            boolean soft = false;
            if (s.hasAttr("depend_mode")) {
                String mode = s.attr("depend_mode");
                if (!mode.equals("hard") && !mode.equals("soft")) problem(s, "depend_mode must be hard or soft, not '" + mode + "'");
                soft = mode.equals("soft");
            }
            services.add(new Service(name, domain, bool(s, Settings.AUTOSTART), bool(s, Settings.EXCLUSIVE), recovery,
                    intAttr(s, Settings.MAX_RESTARTS), intAttr(s, Settings.RESTART_EXPIRE_TIME),
                    depend, soft, resourceTree(s, globals),
                    extras(s, "name", "domain", "autostart", "exclusive", "recovery", "max_restarts", "restart_expire_time",
                            "depend", "depend_mode")));
        }
        return new ResourceManager(domains, resources, services,
                intAttr(rm, Settings.STATUS_POLL_INTERVAL),
                extras(rm, "status_poll_interval"));
    }

    /** The resources nested in a service or resource, with refs resolved against the global ones. */
    private List<Resource> resourceTree(XmlElement parent, Map<String, XmlElement> globals) {
        List<Resource> r = new ArrayList<>();
        for (XmlElement e : parent.children()) {
            Map<String, String> attrs;
            if (e.hasAttr("ref")) {
                XmlElement global = globals.get(e.name() + ":" + e.attr("ref"));
                if (global == null) {
                    problem(e, "ref=\"" + e.attr("ref") + "\" names no " + e.name() + " in <resources>; add it with ccs --addresource "
                            + e.name() + " " + Resource.primaryAttribute(e.name()) + "=" + e.attr("ref"));
                    continue;
                }
                attrs = new LinkedHashMap<>(global.attributes());
                e.attributes().forEach((k, v) -> { if (!k.equals("ref")) attrs.put(k, v); });
            } else {
                if (!checkResource(e, true)) continue;
                attrs = e.attributes();
            }
            r.add(new Resource(e.name(), attrs, resourceTree(e, globals)));
        }
        return r;
    }

    /** Checks a resource defined in place (not by ref); returns false if it cannot be used at all. */
    private boolean checkResource(XmlElement e, boolean inService) {
        String key = Resource.primaryAttribute(e.name());
        if (!e.hasAttr(key)) {
            problem(e, "a " + e.name() + " resource needs " + key + "=" + (inService ? " or ref=" : ""));
            return false;
        }
        switch (e.name()) {
            case "ip" -> {
                if (!IpAddresses.isAddressWithOptionalPrefix(e.attr("address")))
                    problem(e, "address '" + e.attr("address") + "' is not an IPv4 or IPv6 address (with an optional /prefix)");
                bool(e, Settings.IP_MONITOR_LINK);
                intAttr(e, Settings.IP_SLEEPTIME);
                declared(e, Settings.IP_FAMILY);
            }
            case "script" -> {
                String file = e.attr("file");
                if (file == null) problem(e, "a script resource needs file= (the path of its init script)");
                else if (!file.startsWith("/")) problem(e, "file '" + file + "' must be an absolute path");
            }
            default -> { }
        }
        return true;
    }

    // --- attribute helpers -----------------------------------------------------------------------

    private void problem(XmlElement e, String message) {
        problems.add(new ConfProblem(source, e.line(), e.column(), e.describe(), message));
    }

    private String required(XmlElement e, String attr) {
        String v = e.attr(attr);
        if (v == null || v.isBlank()) {
            problem(e, "missing required attribute " + attr);
            return null;
        }
        return v;
    }

    private boolean bool(XmlElement e, String attr, boolean dflt) {
        String v = e.attr(attr);
        if (v == null) return dflt;
        if (!BOOLEAN_WORDS.contains(v)) {
            problem(e, attr + " must be 0 or 1, not '" + v + "'");
            return dflt;
        }
        return v.equals("1");
    }

    private int intAttr(XmlElement e, String attr, int dflt, int min, int max, boolean required) {
        String v = e.attr(attr);
        if (v == null) {
            if (required) problem(e, "missing required attribute " + attr);
            return dflt;
        }
        try {
            int n = Integer.parseInt(v.strip());
            if (n < min || n > max) {
                problem(e, attr + " must be " + (max == Integer.MAX_VALUE ? "at least " + min : "between " + min + " and " + max)
                        + ", not " + n);
                return dflt;
            }
            return n;
        } catch (NumberFormatException ex) {
            problem(e, attr + " must be an integer, not '" + v + "'");
            return dflt;
        }
    }

    private OptionalInt optInt(XmlElement e, String attr, int min, int max) {
        if (!e.hasAttr(attr)) return OptionalInt.empty();
        int before = problems.size();
        int v = intAttr(e, attr, 0, min, max, false);
        return problems.size() > before ? OptionalInt.empty() : OptionalInt.of(v);
    }

    private int intAttr(XmlElement e, Setting s) {
        return intAttr(e, s.attribute(), s.required() ? -1 : Integer.parseInt(s.dflt()), (int) s.min(), (int) s.max(), s.required());
    }

    private boolean bool(XmlElement e, Setting s) {
        return bool(e, s.attribute(), s.dflt().equals("1"));
    }

    private OptionalInt optInt(XmlElement e, Setting s) {
        return optInt(e, s.attribute(), (int) s.min(), (int) s.max());
    }

    /** Checks {@code e}'s value of a declared setting the parser does not interpret itself. */
    private void declared(XmlElement e, Setting s) {
        String v = e.attr(s.attribute());
        if (v != null) s.problem(v).ifPresent(p -> problem(e, p + " (" + s.doc() + ")"));
    }

    /**
     * The attributes the model keeps as they are (not in {@code known}); those that are declared
     * settings read elsewhere (race_delay, cluster_id, port...) are checked here, so a bad value is
     * refused with the file rather than when a daemon reads it.
     */
    private Map<String, String> extras(XmlElement e, String... known) {
        Map<String, String> rest = without(e.attributes(), known);
        for (String attr : rest.keySet()) Settings.find(e.name(), attr).ifPresent(s -> declared(e, s));
        return rest;
    }

    private static Map<String, String> without(Map<String, String> attrs, String... drop) {
        Map<String, String> r = new LinkedHashMap<>(attrs);
        for (String d : drop) r.remove(d);
        return r;
    }
}

package org.nebulaha.conf.ccs;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.nebulaha.conf.xml.XmlElement;

/**
 * The edits {@code ccs} makes to a cluster.conf tree, one method per option, with ccs's rules and
 * messages. Each edit changes the tree in place and returns what ccs prints on success (often
 * nothing); an edit that cannot be made throws {@link CcsException} and leaves the tree as it was.
 * Bumping config_version and validating the result are the caller's job (see {@link CcsSession}).
 */
public final class CcsEditor {
    private final XmlElement root;

    public CcsEditor(XmlElement root) {
        this.root = root;
    }

    public XmlElement root() {
        return root;
    }

    /** The skeleton {@code --createcluster} writes, as system-config-cluster did. */
    public static XmlElement emptyCluster(String name) {
        XmlElement c = new XmlElement("cluster").set("config_version", "1").set("name", name);
        c.append(new XmlElement("fence_daemon"));
        c.append(new XmlElement("clusternodes"));
        c.append(new XmlElement("cman"));
        c.append(new XmlElement("fencedevices"));
        XmlElement rm = c.append(new XmlElement("rm"));
        rm.append(new XmlElement("failoverdomains"));
        rm.append(new XmlElement("resources"));
        return c;
    }

    /** True if the tree is the empty skeleton (or has no nodes, domains, resources or services yet). */
    public static boolean isEmptyCluster(XmlElement c) {
        return c.descendants("clusternode").isEmpty() && c.descendants("service").isEmpty()
                && c.descendants("failoverdomain").isEmpty() && c.descendants("fencedevice").isEmpty()
                && c.child("rm").flatMap(rm -> rm.child("resources")).map(r -> r.children().isEmpty()).orElse(true);
    }

    // --- element-wide settings ---------------------------------------------------------------------

    /** {@code --setcman}, {@code --settotem}, {@code --setfencedaemon}, {@code --setrm}, ...: replace every attribute. */
    public String setElement(String element, List<String> options) throws CcsException {
        Map<String, String> attrs = CcsArgs.keyValues(options);
        List<XmlElement> found = root.children(element);
        if (found.size() > 1) throw new CcsException("Error: Too many " + element + " elements in cluster.conf");
        XmlElement e = found.isEmpty() ? root.append(new XmlElement(element)) : found.get(0);
        e.clearAttributes();
        attrs.forEach(e::set);
        return "";
    }

    /**
     * {@code --setquorumd host=H [port=P] [votes=1] [timeout=MS]}: the quorum witness (replaces every
     * attribute, as the other --set options); with no words it removes {@code <quorumd>}.
     */
    public String setQuorumd(List<String> options) throws CcsException {
        if (options.isEmpty()) {
            root.children("quorumd").forEach(root::remove);
            return "";
        }
        return setElement("quorumd", options);
    }

    // --- nodes ------------------------------------------------------------------------------------

    public String addNode(String name, String nodeid, String votes) throws CcsException {
        Set<String> usedIds = new HashSet<>();
        for (XmlElement n : root.descendants("clusternode")) {
            if (name.equals(n.attr("name"))) throw new CcsException("Node '" + name + "' already exists in cluster.conf");
            if (nodeid != null && nodeid.equals(n.attr("nodeid")))
                throw new CcsException("Nodeid '" + nodeid + "' already exists in cluster.conf");
            usedIds.add(n.attr("nodeid"));
        }
        if (nodeid != null && !nodeid.matches("[1-9]\\d{0,8}"))
            throw new CcsException("--nodeid must be a positive integer, not '" + nodeid + "'", CcsException.USAGE);
        if (votes != null && !votes.matches("\\d{1,9}"))
            throw new CcsException("--votes must be a non-negative integer, not '" + votes + "'", CcsException.USAGE);
        String id = nodeid;
        if (id == null) { // the first nodeid above 0 that is not used yet
            int n = 1;
            while (usedIds.contains(String.valueOf(n))) n++;
            id = String.valueOf(n);
        }
        XmlElement node = new XmlElement("clusternode").set("name", name).set("nodeid", id);
        if (votes != null) node.set("votes", votes);
        root.childOrCreate("clusternodes").append(node);
        return "Node " + name + " added.";
    }

    public String removeNode(String name) throws CcsException {
        XmlElement n = node(name).orElseThrow(() -> new CcsException("Unable to find node " + name));
        n.parent().remove(n);
        return "";
    }

    private java.util.Optional<XmlElement> node(String name) {
        return root.descendants("clusternode").stream().filter(n -> name.equals(n.attr("name"))).findFirst();
    }

    // --- fencing ----------------------------------------------------------------------------------

    public String addMethod(String method, String nodeName) throws CcsException {
        XmlElement n = node(nodeName).orElseThrow(() -> new CcsException("Node '" + nodeName + "' does not currently exist in cluster.conf."));
        if (n.descendants("method").stream().anyMatch(m -> method.equals(m.attr("name"))))
            throw new CcsException("Method '" + method + "' already exists in cluster.conf.");
        n.childOrCreate("fence").append(new XmlElement("method").set("name", method));
        return "Method " + method + " added to " + nodeName + ".";
    }

    public String removeMethod(String method, String nodeName) throws CcsException {
        XmlElement n = node(nodeName).orElseThrow(() -> new CcsException("Node " + nodeName + " does not exist in cluster.conf."));
        XmlElement m = n.descendants("method").stream().filter(x -> method.equals(x.attr("name"))).findFirst()
                .orElseThrow(() -> new CcsException("Method " + method + " is not present for " + nodeName + "."));
        m.parent().remove(m);
        return "Method " + method + " removed from " + nodeName + ".";
    }

    public String addFenceDevice(String name, List<String> options) throws CcsException {
        Map<String, String> attrs = CcsArgs.keyValues(options);
        List<XmlElement> sections = root.children("fencedevices");
        if (sections.size() > 1) throw new CcsException("Error: Too many fencedevices elements in cluster.conf");
        if (root.descendants("fencedevice").stream().anyMatch(d -> name.equals(d.attr("name"))))
            throw new CcsException("Fence device '" + name + "' already exists in cluster.conf.");
        if (!attrs.containsKey("agent"))
            throw new CcsException("--addfencedev " + name + ": give the agent, e.g. agent=fence_xvm", CcsException.USAGE);
        XmlElement d = new XmlElement("fencedevice");
        attrs.forEach(d::set);
        d.set("name", name);
        root.childOrCreate("fencedevices").append(d);
        return "";
    }

    public String removeFenceDevice(String name) throws CcsException {
        XmlElement d = root.descendants("fencedevice").stream().filter(x -> name.equals(x.attr("name"))).findFirst()
                .orElseThrow(() -> new CcsException("Fence device '" + name + "' does not exist in cluster.conf."));
        d.parent().remove(d);
        return "";
    }

    public String addFenceInstance(String device, String nodeName, String method, List<String> options) throws CcsException {
        Map<String, String> attrs = CcsArgs.keyValues(options);
        if (root.descendants("fencedevice").stream().noneMatch(d -> device.equals(d.attr("name"))))
            throw new CcsException("Fence device '" + device + "' not found.");
        XmlElement m = node(nodeName).flatMap(n -> n.descendants("method").stream().filter(x -> method.equals(x.attr("name"))).findFirst())
                .orElseThrow(() -> new CcsException("Method '" + method + "' not found in node '" + nodeName + "'."));
        XmlElement inst = new XmlElement("device");
        attrs.forEach(inst::set);
        inst.set("name", device);
        m.append(inst);
        return "";
    }

    public String removeFenceInstance(String device, String nodeName, String method) throws CcsException {
        XmlElement inst = node(nodeName)
                .flatMap(n -> n.descendants("method").stream().filter(x -> method.equals(x.attr("name"))).findFirst())
                .flatMap(m -> m.childWith("device", "name", device))
                .orElseThrow(() -> new CcsException("Fence instance '" + device + "' for node '" + nodeName + "' in method '" + method
                        + "' does not exist in cluster.conf."));
        inst.parent().remove(inst);
        return "";
    }

    // --- failover domains ---------------------------------------------------------------------------

    public String addFailoverDomain(String name, List<String> flags) throws CcsException {
        for (String f : flags)
            if (!Set.of("restricted", "ordered", "nofailback").contains(f))
                throw new CcsException("--addfailoverdomain " + name + ": unknown flag '" + f
                        + "'; the flags are restricted, ordered and nofailback", CcsException.USAGE);
        XmlElement fds = root.childOrCreate("rm").childOrCreate("failoverdomains");
        if (fds.childWith("failoverdomain", "name", name).isPresent())
            throw new CcsException("Failover domain '" + name + "' already exists.");
        fds.append(new XmlElement("failoverdomain").set("name", name)
                .set("restricted", flags.contains("restricted") ? "1" : "0")
                .set("ordered", flags.contains("ordered") ? "1" : "0")
                .set("nofailback", flags.contains("nofailback") ? "1" : "0"));
        return "";
    }

    public String removeFailoverDomain(String name) throws CcsException {
        XmlElement fds = root.child("rm").flatMap(rm -> rm.child("failoverdomains"))
                .orElseThrow(() -> new CcsException("No failoverdomains section found in cluster.conf"));
        XmlElement d = fds.childWith("failoverdomain", "name", name)
                .orElseThrow(() -> new CcsException("Unable to find failover domain '" + name + "' in cluster.conf file."));
        fds.remove(d);
        return "";
    }

    /** Adds NODE to DOMAIN with an optional priority 1..100, replacing an existing entry for NODE. */
    public String addFailoverDomainNode(String domain, String nodeName, String priority) throws CcsException {
        if (priority != null) {
            if (!priority.matches("\\d+")) throw new CcsException("Priority must be an integer between 1 and 100", CcsException.USAGE);
            int p = Integer.parseInt(priority.length() > 4 ? "1000" : priority);
            if (p < 1 || p > 100) throw new CcsException("Priority must be between 1 and 100", CcsException.USAGE);
        }
        XmlElement fds = root.child("rm").flatMap(rm -> rm.child("failoverdomains"))
                .orElseThrow(() -> new CcsException("No failoverdomains section is present, add a failover domain first."));
        XmlElement d = fds.childWith("failoverdomain", "name", domain)
                .orElseThrow(() -> new CcsException("Unable to find failoverdomain '" + domain + "'"));
        for (XmlElement old : d.children("failoverdomainnode"))
            if (nodeName.equals(old.attr("name"))) d.remove(old);
        XmlElement n = new XmlElement("failoverdomainnode").set("name", nodeName);
        if (priority != null) n.set("priority", String.valueOf(Integer.parseInt(priority)));
        d.append(n);
        return "";
    }

    public String removeFailoverDomainNode(String domain, String nodeName) throws CcsException {
        XmlElement fds = root.child("rm").flatMap(rm -> rm.child("failoverdomains"))
                .orElseThrow(() -> new CcsException("No failoverdomains section found in cluster.conf"));
        XmlElement n = fds.childWith("failoverdomain", "name", domain).flatMap(d -> d.childWith("failoverdomainnode", "name", nodeName))
                .orElseThrow(() -> new CcsException("Unable to find node '" + nodeName + "' in failover domain '" + domain + "'."));
        n.parent().remove(n);
        return "";
    }

    // --- resources and services ---------------------------------------------------------------------

    public String addResource(String type, List<String> options) throws CcsException {
        Map<String, String> attrs = CcsArgs.keyValues(options);
        checkElementName(type);
        XmlElement rm = root.childOrCreate("rm");
        if (rm.children("resources").size() > 1) throw new CcsException("Error: Too many resources elements in cluster.conf");
        XmlElement resources = rm.childOrCreate("resources");
        String name = attrs.get("name");
        if (name != null && resources.children().stream().anyMatch(r -> name.equals(r.attr("name"))))
            throw new CcsException("Duplicate name: " + name);
        String address = attrs.get("address");
        if (type.equals("ip") && address != null && resources.childWith("ip", "address", address).isPresent())
            throw new CcsException("Duplicate address: " + address);
        XmlElement r = new XmlElement(type);
        attrs.forEach(r::set);
        resources.append(r);
        return "";
    }

    /** Removes the first global resource of TYPE whose attributes match every given key=value. */
    public String removeResource(String type, List<String> options) throws CcsException {
        Map<String, String> match = CcsArgs.keyValues(options);
        List<XmlElement> sections = root.child("rm").map(rm -> rm.children("resources")).orElse(List.of());
        if (sections.size() != 1) throw new CcsException("Error: resources section not present or improperly formatted");
        for (XmlElement r : sections.get(0).children(type)) {
            if (match.entrySet().stream().allMatch(e -> e.getValue().equals(r.attr(e.getKey())))) {
                sections.get(0).remove(r);
                return "";
            }
        }
        throw new CcsException("Unable to find matching resource: " + type + ", " + options);
    }

    public String addService(String name, List<String> options) throws CcsException {
        Map<String, String> attrs = CcsArgs.keyValues(options);
        if (root.descendants("service").stream().anyMatch(s -> name.equals(s.attr("name"))))
            throw new CcsException("Service '" + name + "' already exists in cluster.conf.");
        XmlElement s = new XmlElement("service");
        attrs.forEach(s::set);
        s.set("name", name);
        root.childOrCreate("rm").append(s);
        return "";
    }

    public String removeService(String name) throws CcsException {
        XmlElement rm = root.child("rm").orElseThrow(() -> new CcsException("No <rm> section in cluster.conf"));
        XmlElement s = rm.childWith("service", "name", name).orElseThrow(() -> new CcsException("Unable to find service: " + name));
        rm.remove(s);
        return "";
    }

    /**
     * {@code --addsubservice SERVICE PATH k=v...}: PATH is {@code type[:type...]}, each part
     * optionally {@code type[i]} (0-based among same-type siblings); the last part is the type of
     * the new child, appended under the element the rest of the path names.
     */
    public String addSubservice(String service, String path, List<String> options) throws CcsException {
        Map<String, String> attrs = CcsArgs.keyValues(options);
        XmlElement s = service(service);
        List<String> parts = new ArrayList<>(List.of(path.split(":")));
        String type = parts.remove(parts.size() - 1);
        checkElementName(type);
        XmlElement parent = locate(s, parts).orElseThrow(() -> new CcsException("Unable to find service " + String.join(":", parts)));
        XmlElement child = new XmlElement(type);
        attrs.forEach(child::set);
        parent.append(child);
        return "";
    }

    public String removeSubservice(String service, String path) throws CcsException {
        XmlElement s = service(service);
        XmlElement target = locate(s, List.of(path.split(":"))).filter(e -> e != s)
                .orElseThrow(() -> new CcsException("Unable to find service " + path));
        target.parent().remove(target);
        return "";
    }

    private XmlElement service(String name) throws CcsException {
        return root.descendants("service").stream().filter(x -> name.equals(x.attr("name"))).findFirst()
                .orElseThrow(() -> new CcsException("Unable to find service: " + name));
    }

    private static final Pattern INDEXED = Pattern.compile("([^\\[\\]]+)(?:\\[(\\d+)])?");

    private static java.util.Optional<XmlElement> locate(XmlElement from, List<String> parts) {
        XmlElement at = from;
        for (String part : parts) {
            if (part.isEmpty()) continue;
            Matcher m = INDEXED.matcher(part);
            if (!m.matches()) return java.util.Optional.empty();
            int index = m.group(2) == null ? 0 : Integer.parseInt(m.group(2));
            List<XmlElement> same = at.children(m.group(1));
            if (index >= same.size()) return java.util.Optional.empty();
            at = same.get(index);
        }
        return java.util.Optional.of(at);
    }

    private static void checkElementName(String type) throws CcsException {
        if (!type.matches("[A-Za-z_][A-Za-z0-9_.-]*"))
            throw new CcsException("'" + type + "' is not a resource type", CcsException.USAGE);
    }

    // --- expert mode --------------------------------------------------------------------------------

    /** {@code --exp TAG [LOCATION] [k=v...]}: appends any element, under LOCATION ({@code rm:service[1]}) or the root. */
    public String expert(String tag, List<String> words) throws CcsException {
        checkElementName(tag);
        List<String> options = new ArrayList<>(words);
        XmlElement parent = root;
        if (!options.isEmpty() && !options.get(0).contains("=")) {
            String location = options.remove(0);
            parent = locate(root, List.of(location.split(":"))).orElseThrow(() -> new CcsException("Unable to find " + location));
        }
        Map<String, String> attrs = CcsArgs.keyValues(options);
        XmlElement e = new XmlElement(tag);
        attrs.forEach(e::set);
        parent.append(e);
        return "";
    }

    /** {@code --exprm LOCATION}: removes the element at LOCATION. */
    public String expertRemove(String location) throws CcsException {
        XmlElement e = locate(root, List.of(location.split(":"))).filter(x -> x != root)
                .orElseThrow(() -> new CcsException("Unable to find " + location));
        e.parent().remove(e);
        return "";
    }

    // --- version ----------------------------------------------------------------------------------

    public int version() throws CcsException {
        String v = root.attr("config_version");
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new CcsException("config_version '" + v + "' is not an integer");
        }
    }

    public void setVersion(String v) throws CcsException {
        if (v == null || !v.matches("\\d{1,9}")) throw new CcsException("--setversion needs a non-negative integer, not '" + v + "'", CcsException.USAGE);
        root.set("config_version", String.valueOf(Integer.parseInt(v)));
    }

    public void bumpVersion() throws CcsException {
        root.set("config_version", String.valueOf(version() + 1));
    }
}

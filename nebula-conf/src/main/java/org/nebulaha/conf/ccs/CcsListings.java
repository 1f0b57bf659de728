package org.nebulaha.conf.ccs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nebulaha.conf.xml.XmlElement;

/** ccs's listing options, in its output format: {@code name: key=value, key=value}. */
public final class CcsListings {
    private CcsListings() {}

    /** {@code --lsnodes}: {@code one-server1: nodeid=1}. */
    public static List<String> nodes(XmlElement root) {
        List<String> r = new ArrayList<>();
        for (XmlElement n : root.descendants("clusternode")) r.add(n.attr("name") + ": " + attrs(n, "name"));
        return r;
    }

    /** {@code --lsfailoverdomain}: the domain line, then {@code   NODE: priority=N} per member. */
    public static List<String> failoverDomains(XmlElement root) {
        List<String> r = new ArrayList<>();
        for (XmlElement d : root.descendants("failoverdomain")) {
            r.add(d.attr("name") + ": " + attrs(d, "name"));
            for (XmlElement n : d.children("failoverdomainnode")) r.add("  " + n.attr("name") + ": " + attrs(n, "name"));
        }
        return r;
    }

    /** {@code --lsfencedev}: {@code libvirt-kvm: agent=fence_xvm, ...}. */
    public static List<String> fenceDevices(XmlElement root) {
        List<String> r = new ArrayList<>();
        for (XmlElement d : root.descendants("fencedevice")) r.add(d.attr("name") + ": " + attrs(d, "name"));
        return r;
    }

    /** {@code --lsfenceinst [NODE]}: node, then its methods, then their device instances. */
    public static List<String> fenceInstances(XmlElement root, String onlyNode) {
        List<String> r = new ArrayList<>();
        for (XmlElement n : root.descendants("clusternode")) {
            if (onlyNode != null && !onlyNode.equals(n.attr("name"))) continue;
            r.add(n.attr("name"));
            for (XmlElement m : n.descendants("method")) {
                r.add("  " + m.attr("name"));
                for (XmlElement d : m.children("device")) r.add("    " + d.attr("name") + ": " + attrs(d, "name"));
            }
        }
        return r;
    }

    /** {@code --lsservices}: each service as an indented tree, then the global resources. */
    public static List<String> services(XmlElement root) {
        List<String> r = new ArrayList<>();
        for (XmlElement s : root.descendants("service")) tree(s, 0, r);
        for (XmlElement res : root.descendants("resources")) tree(res, 0, r);
        return r;
    }

    private static void tree(XmlElement e, int level, List<String> out) {
        out.add("  ".repeat(level) + e.name() + ": " + attrs(e));
        for (XmlElement c : e.children()) tree(c, level + 1, out);
    }

    /** Attributes as ccs lists them: {@code name} first, the rest in order, skipping {@code ignore}. */
    static String attrs(XmlElement e, String... ignore) {
        List<String> parts = new ArrayList<>();
        List<String> skip = List.of(ignore);
        if (e.hasAttr("name") && !skip.contains("name")) parts.add("name=" + e.attr("name"));
        for (Map.Entry<String, String> a : e.attributes().entrySet())
            if (!a.getKey().equals("name") && !skip.contains(a.getKey())) parts.add(a.getKey() + "=" + a.getValue());
        return String.join(", ", parts);
    }
}

package org.nebulaha.sunstone.model;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * What the cluster panel shows, parsed from the cluster tools' output: {@code clustat -x}
 * (rgmanager's XML), {@code cman_tool status} ("Key: value" lines) and {@code fence_node -H}
 * (one line per fence attempt, newest last). A tool that is missing or failed leaves its part
 * null and says why in {@code problems}. {@code copies}: the replicated database's copies that
 * {@code clustat -x} lists under {@code <databases>} (the pgsql resource; empty without one).
 */
public record ClusterView(String clusterName, Boolean quorate, List<Member> members, List<Service> services,
                          Map<String, String> cman, List<String> fenceHistory, List<String> problems, List<Copy> copies) {

    /** One database copy: role primary/standby/outdated, whether it holds every committed write, replay lag ("-": unknown). */
    public record Copy(String node, String role, boolean inSync, String lag) {}

    public ClusterView(String clusterName, Boolean quorate, List<Member> members, List<Service> services,
                       Map<String, String> cman, List<String> fenceHistory, List<String> problems) {
        this(clusterName, quorate, members, services, cman, fenceHistory, problems, List.of());
    }

    public record Member(String name, boolean online, boolean local, boolean rgmanager) {}

    public record Service(String name, String state, String owner, String lastOwner, int restarts, long lastTransition, String lastTransitionStr) {}

    public ClusterView {
        members = members == null ? null : List.copyOf(members);
        services = services == null ? null : List.copyOf(services);
        fenceHistory = fenceHistory == null ? null : List.copyOf(fenceHistory);
        problems = List.copyOf(problems);
        copies = copies == null ? List.of() : List.copyOf(copies);
    }

    /** Thrown for tool output that cannot be read; says which tool and what. */
    public static final class BadOutput extends Exception {
        public BadOutput(String m) {
            super(m);
        }
    }

    /** Parses {@code clustat -x}; returns name, quorate, members, services in a partial view. */
    public static ClusterView parseClustat(String xml) throws BadOutput {
        Element root;
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            root = f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8))).getDocumentElement();
        } catch (Exception e) {
            throw new BadOutput("clustat -x: output is not XML (" + e.getMessage() + ")");
        }
        if (!root.getTagName().equals("clustat")) throw new BadOutput("clustat -x: root element is <" + root.getTagName() + ">, expected <clustat>");
        String name = null;
        NodeList c = root.getElementsByTagName("cluster");
        if (c.getLength() > 0) name = ((Element) c.item(0)).getAttribute("name");
        Boolean quorate = null;
        NodeList q = root.getElementsByTagName("quorum");
        if (q.getLength() > 0) quorate = "1".equals(((Element) q.item(0)).getAttribute("quorate"));
        List<Member> members = new ArrayList<>();
        NodeList ns = root.getElementsByTagName("node");
        for (int i = 0; i < ns.getLength(); i++) {
            Element n = (Element) ns.item(i);
            members.add(new Member(n.getAttribute("name"), "1".equals(n.getAttribute("state")), "1".equals(n.getAttribute("local")),
                    "1".equals(n.getAttribute("rgmanager"))));
        }
        List<Service> services = new ArrayList<>();
        NodeList gs = root.getElementsByTagName("group");
        for (int i = 0; i < gs.getLength(); i++) {
            Element g = (Element) gs.item(i);
            services.add(new Service(g.getAttribute("name"), g.getAttribute("state_str"), g.getAttribute("owner"), g.getAttribute("last_owner"),
                    intOf(g.getAttribute("restarts")), longOf(g.getAttribute("last_transition")), g.getAttribute("last_transition_str")));
        }
        List<Copy> copies = new ArrayList<>();
        NodeList cs = root.getElementsByTagName("copy");
        for (int i = 0; i < cs.getLength(); i++) {
            Element e = (Element) cs.item(i);
            copies.add(new Copy(e.getAttribute("name"), e.getAttribute("role"), "1".equals(e.getAttribute("in_sync")),
                    e.getAttribute("lag").isEmpty() ? "-" : e.getAttribute("lag")));
        }
        return new ClusterView(name, quorate, members, services, null, null, List.of(), copies);
    }

    /** Parses {@code cman_tool status}: "Key: value" lines in order. */
    public static Map<String, String> parseCmanStatus(String text) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) m.put(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
        }
        return m;
    }

    /** fence_node -H lines, newest first; "no fence history" becomes an empty list. */
    public static List<String> parseFenceHistory(String text) {
        List<String> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            String l = line.strip();
            if (!l.isEmpty() && !l.startsWith("no fence history")) out.add(0, l);
        }
        return out;
    }

    /** The newest service transition (seconds since the epoch), 0 when unknown: when the last fail-over or start happened. */
    public long lastTransition() {
        long t = 0;
        if (services != null) for (Service s : services) t = Math.max(t, s.lastTransition());
        return t;
    }

    private static int intOf(String s) {
        try {
            return Integer.parseInt(s.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static long longOf(String s) {
        try {
            return Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}

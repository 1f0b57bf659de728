package org.nebulaha.rgmanager.agent;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.nebulaha.conf.model.Resource;

/**
 * rgmanager's resource-tree order ({@code restree.c}, service.sh's child levels). A parent starts
 * before its children and stops after them. Among siblings, start runs typed children by start level
 * (lvm 1, fs 2, clusterfs 3, netfs 4, nfsexport 5, nfsclient 6, ip 7, smb 8, script 9), then
 * untyped ones (ocf, ...) in configuration order; stop runs untyped children in reverse configuration
 * order, then typed ones by stop level (script 1, ip 2, smb 3, nfsclient 4, nfsexport 5, netfs 6,
 * clusterfs 7, fs 8, lvm 9). Our {@code pgsql} (the replicated database) is typed too: it starts after
 * ip and before script, and stops after script and before ip. So {@code <ip/><script/><fs/>} starts fs, ip, script and stops script,
 * ip, fs. The same table applies at every depth. {@code <action>} children are operation settings,
 * not resources.
 */
public final class ServiceTree {
    static final Map<String, Integer> START_LEVEL = Map.of("lvm", 1, "fs", 2, "clusterfs", 3, "netfs", 4, "nfsexport", 5,
            "nfsclient", 6, "ip", 7, "pgsql", 8, "smb", 8, "script", 9);
    /** rgmanager's levels times ten, so that our pgsql (15) stops after the scripts that use it and before the ip. */
    static final Map<String, Integer> STOP_LEVEL = Map.of("script", 10, "pgsql", 15, "ip", 20, "smb", 30, "nfsclient", 40,
            "nfsexport", 50, "netfs", 60, "clusterfs", 70, "fs", 80, "lvm", 90);

    private ServiceTree() {}

    /** Every resource of the tree in start order. */
    public static List<Resource> startOrder(List<Resource> roots) {
        List<Resource> out = new ArrayList<>();
        for (Resource r : siblingsForStart(roots)) {
            out.add(r);
            out.addAll(startOrder(r.children()));
        }
        return out;
    }

    /** Every resource of the tree in stop order. */
    public static List<Resource> stopOrder(List<Resource> roots) {
        List<Resource> out = new ArrayList<>();
        for (Resource r : siblingsForStop(roots)) {
            out.addAll(stopOrder(r.children()));
            out.add(r);
        }
        return out;
    }

    /**
     * The start order as steps that may run at once (our {@code parallel_start="1"} on a
     * {@code <service>}; docs/rgmanager.md, "Start and stop order"): each step is a list of branches,
     * a branch a top-level resource and its subtree in start order. Consecutive top-level siblings of
     * the same typed level share a step (the guide's two scripts); everything else is a step of its
     * own, so the levels still order the steps (the address and the database before the scripts).
     */
    public static List<List<List<Resource>>> startSteps(List<Resource> roots) {
        List<List<List<Resource>>> steps = new ArrayList<>();
        Integer level = null;
        for (Resource r : siblingsForStart(roots)) {
            List<Resource> branch = new ArrayList<>();
            branch.add(r);
            branch.addAll(startOrder(r.children()));
            Integer l = START_LEVEL.get(r.type());
            if (l != null && l.equals(level)) steps.get(steps.size() - 1).add(branch);
            else steps.add(new ArrayList<>(List.of(branch)));
            level = l;
        }
        return steps;
    }

    /** As {@link #startSteps} for stop: consecutive top-level siblings of the same stop level stop at once. */
    public static List<List<List<Resource>>> stopSteps(List<Resource> roots) {
        List<List<List<Resource>>> steps = new ArrayList<>();
        Integer level = null;
        for (Resource r : siblingsForStop(roots)) {
            List<Resource> branch = new ArrayList<>(stopOrder(r.children()));
            branch.add(r);
            Integer l = STOP_LEVEL.get(r.type());
            if (l != null && l.equals(level)) steps.get(steps.size() - 1).add(branch);
            else steps.add(new ArrayList<>(List.of(branch)));
            level = l;
        }
        return steps;
    }

    private static List<Resource> resources(List<Resource> rs) {
        return rs.stream().filter(r -> !r.type().equals("action")).toList();
    }

    private static List<Resource> siblingsForStart(List<Resource> rs) {
        List<Resource> typed = resources(rs).stream().filter(r -> START_LEVEL.containsKey(r.type()))
                .sorted(Comparator.comparingInt(r -> START_LEVEL.get(r.type()))).toList(); // stable: config order within a level
        List<Resource> out = new ArrayList<>(typed);
        resources(rs).stream().filter(r -> !START_LEVEL.containsKey(r.type())).forEach(out::add);
        return out;
    }

    private static List<Resource> siblingsForStop(List<Resource> rs) {
        List<Resource> untyped = new ArrayList<>(resources(rs).stream().filter(r -> !STOP_LEVEL.containsKey(r.type())).toList());
        java.util.Collections.reverse(untyped);
        List<Resource> out = new ArrayList<>(untyped);
        resources(rs).stream().filter(r -> STOP_LEVEL.containsKey(r.type()))
                .sorted(Comparator.comparingInt(r -> STOP_LEVEL.get(r.type()))).forEach(out::add);
        return out;
    }
}

package org.nebulaha.lab;

import java.io.PrintStream;
import java.util.List;

/**
 * The lab's boot step for hot standbys (docs/oned.md, "Hot standby"): each node runs its init
 * scripts' {@code standby} (oned with mm_sched's script, Sunstone), as a boot script does on the
 * nodes of the failover domain. On the node that runs the service this leaves a spare standby. A
 * standby that fails to start is reported, not fatal: the next takeover there is a cold start.
 */
final class LabStandbys {
    static final List<String> SCRIPTS = List.of("opennebula", "opennebula-sunstone");

    private LabStandbys() {}

    static void start(Lab lab, String node, PrintStream out) {
        for (String s : SCRIPTS) {
            try {
                lab.exec(node, List.of(lab.initScript(s), "standby"));
            } catch (LabException e) {
                out.println("lab: " + node + ": no hot standby of " + s + " (" + e.getMessage() + "); a start there is a cold one");
            }
        }
    }
}

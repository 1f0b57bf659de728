package org.nebulaha.lab.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.nebulaha.common.ProcStatus;

/**
 * Resident memory of every process of a node (the descendants of its init), by role: the node
 * daemon, ricci, oned and its drivers, mm_sched, Sunstone, their hot standbys, PostgreSQL. The
 * issue's bound is 600 MiB per node for all of them together.
 */
public final class FrontEndMemory {
    private static final Map<String, String> ROLES = Map.of(
            "org.nebulaha.node", "node daemon", "org.nebulaha.conf.ricci", "ricci", "org.nebulaha.oned.cli.OnedCommand", "oned",
            "org.nebulaha.oned.driver", "oned drivers", "org.nebulaha.sched", "mm_sched", "org.nebulaha.sunstone", "Sunstone");

    private FrontEndMemory() {}

    /** One line: {@code one-server1: oned 85 MiB, ... = total 512 MiB}; a standby is named as such. */
    public static String of(String node, long initPid) {
        Map<String, long[]> kib = new TreeMap<>();
        ProcessHandle.of(initPid).ifPresent(init -> init.descendants().forEach(p -> {
            String role = role(p.pid());
            if (role == null) return;
            long[] v = kib.computeIfAbsent(role, k -> new long[3]);
            v[0] += ProcStatus.rssKib(p.pid()).orElse(0);
            v[1]++;
            v[2] += ProcStatus.rssAnonKib(p.pid()).orElse(0);
        }));
        long total = 0;
        long anon = 0;
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, long[]> e : kib.entrySet()) {
            total += e.getValue()[0];
            anon += e.getValue()[2];
            parts.add(e.getKey() + (e.getValue()[1] > 1 ? " (" + e.getValue()[1] + ")" : "") + " " + e.getValue()[0] / 1024);
        }
        return node + ": " + String.join(", ", parts) + " = total " + total / 1024 + " MiB resident (" + anon / 1024
                + " MiB of it private: the rest is libjvm and the class archive, mapped once and shared by every JVM)";
    }

    public static void print(PrintStream out, Map<String, Long> nodeInits) {
        out.println("resident memory (MiB) of each node's processes:");
        nodeInits.forEach((n, pid) -> out.println("  " + of(n, pid)));
    }

    /** The role of a process from its command line, or null for what is not ours (shells, curl, tini). */
    static String role(long pid) {
        String cmd;
        try {
            cmd = new String(Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline"))).replace('\0', ' ');
        } catch (IOException e) {
            return null;
        }
        if (cmd.startsWith("postgres") || cmd.contains("/postgres ") || cmd.contains("postgres:")) return "PostgreSQL";
        if (!cmd.contains("java")) return null;
        for (Map.Entry<String, String> e : ROLES.entrySet()) {
            if (!cmd.contains(" " + e.getKey())) continue;
            // a driver belongs to its oned: a standby's drivers are the standby's
            if (e.getValue().equals("oned drivers"))
                return ProcessHandle.of(pid).flatMap(ProcessHandle::parent).map(pp -> role(pp.pid())).orElse("oned").replace("oned", "oned drivers");
            return e.getValue() + (waiting(pid, cmd) ? " standby" : "");
        }
        return "other java";
    }

    /** A hot standby that has not taken over: its state file (the argument after --standby, seen through its root) says so. */
    private static boolean waiting(long pid, String cmd) {
        int i = cmd.indexOf(" --standby ");
        if (i < 0) return false;
        String file = cmd.substring(i + 11).strip().split(" ")[0];
        // /var/run is a link to /run, which would resolve in our root, not the node's
        for (String f : List.of(file, file.replaceFirst("^/var/run/", "/run/"))) {
            try {
                return Files.readString(Path.of("/proc/" + pid + "/root" + f)).startsWith("standby");
            } catch (IOException | RuntimeException e) {
                // try the other spelling
            }
        }
        return true; // no state yet: still starting, not serving
    }
}

package org.nebulaha.sched.model;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nebulaha.oned.model.Template;

/**
 * sched.conf in OpenNebula 4.2's format and defaults ({@code src/scheduler/etc/sched.conf}):
 * {@code ONED_PORT = 2633, SCHED_INTERVAL = 30, MAX_VM = 5000 (0 = all), MAX_DISPATCH = 30,
 * MAX_HOST = 1, LIVE_RESCHEDS = 0, HYPERVISOR_MEM = 0.1, DEFAULT_SCHED = [ POLICY = 1 ]}.
 * Policies: 0 packing, 1 striping, 2 load-aware, 3 custom ({@code RANK} in DEFAULT_SCHED), and 4.4's
 * 4 fixed (the hosts' {@code PRIORITY} template attribute, highest first).
 * A bad value refuses the whole file with the file name and the key.
 */
public record SchedConf(int onedPort, String onedHost, int schedInterval, int maxVm, int maxDispatch, int maxHost,
                        boolean liveRescheds, double hypervisorMem, Policy policy, String customRank, int debugLevel) {

    /** DEFAULT_SCHED's POLICY. */
    public enum Policy {
        PACKING("RUNNING_VMS"), STRIPING("- RUNNING_VMS"), LOAD_AWARE("FREE_CPU"), CUSTOM(null), FIXED("PRIORITY");

        /** The rank expression this policy stands for (OpenNebula's SchedulerTemplate::get_policy). */
        public final String rank;

        Policy(String rank) {
            this.rank = rank;
        }
    }

    public static final SchedConf DEFAULTS = new SchedConf(2633, "localhost", 30, 5000, 30, 1, false, 0.1, Policy.STRIPING, null, 3);

    public static final String DEFAULT_TEXT = """
            # mm_sched configuration (OpenNebula 4.2 format)
            #  ONED_PORT: port of oned's XML-RPC server (http://localhost:ONED_PORT/RPC2)
            #  SCHED_INTERVAL: seconds between scheduling passes
            #  MAX_VM: pending VMs considered per pass (0 = all)
            #  MAX_DISPATCH: VMs dispatched per pass
            #  MAX_HOST: VMs dispatched to one host per pass
            #  LIVE_RESCHEDS: 1 = live-migrate rescheduled VMs, 0 = cold migration
            #  HYPERVISOR_MEM: fraction of each host's memory kept for the hypervisor
            #  DEFAULT_SCHED: POLICY 0 packing, 1 striping, 2 load-aware, 3 custom (RANK = "..."),
            #                 4 fixed (host PRIORITY)
            ONED_PORT = 2633
            SCHED_INTERVAL = 30
            MAX_VM = 5000
            MAX_DISPATCH = 30
            MAX_HOST = 1
            LIVE_RESCHEDS = 0
            HYPERVISOR_MEM = 0.1
            DEFAULT_SCHED = [
               POLICY = 1
            ]
            LOG = [
              SYSTEM = "file",
              DEBUG_LEVEL = 3
            ]
            """;

    public SchedConf {
        if (policy == Policy.CUSTOM && (customRank == null || customRank.isBlank()))
            throw new IllegalArgumentException("DEFAULT_SCHED POLICY = 3 (custom) needs RANK = \"<expression>\"");
    }

    /** The rank expression used for VMs without SCHED_RANK. */
    public String defaultRank() {
        return policy == Policy.CUSTOM ? customRank : policy.rank;
    }

    public String onedUrl() {
        return "http://" + onedHost + ":" + onedPort + "/RPC2";
    }

    public SchedConf withPolicy(Policy p, String rank) {
        return new SchedConf(onedPort, onedHost, schedInterval, maxVm, maxDispatch, maxHost, liveRescheds, hypervisorMem, p, rank, debugLevel);
    }

    public SchedConf withLimits(int maxVm, int maxDispatch, int maxHost) {
        return new SchedConf(onedPort, onedHost, schedInterval, maxVm, maxDispatch, maxHost, liveRescheds, hypervisorMem, policy, customRank, debugLevel);
    }

    /** Thrown for a sched.conf that cannot be used; the message names the file and the key. */
    public static final class ConfException extends Exception {
        public ConfException(String m) {
            super(m);
        }
    }

    public static SchedConf parse(String text, String where) throws Template.SyntaxException, ConfException {
        Template t = Template.parse(text);
        int port = intOf(t, "ONED_PORT", 2633, 1, 65535, where);
        int interval = intOf(t, "SCHED_INTERVAL", 30, 1, 86400, where);
        int maxVm = intOf(t, "MAX_VM", 5000, 0, Integer.MAX_VALUE, where);
        int maxDispatch = intOf(t, "MAX_DISPATCH", 30, 1, Integer.MAX_VALUE, where);
        int maxHost = intOf(t, "MAX_HOST", 1, 1, Integer.MAX_VALUE, where);
        int live = intOf(t, "LIVE_RESCHEDS", 0, 0, 1, where);
        double hvMem = doubleOf(t, "HYPERVISOR_MEM", 0.1, where);
        if (hvMem < 0 || hvMem >= 1) throw new ConfException(where + ": HYPERVISOR_MEM = " + hvMem + ": must be at least 0 and below 1");
        Policy policy = Policy.STRIPING;
        String rank = null;
        List<Map<String, String>> ds = t.vectors("DEFAULT_SCHED");
        if (!ds.isEmpty()) {
            Map<String, String> v = ds.get(ds.size() - 1);
            String p = v.getOrDefault("POLICY", "1").strip();
            switch (p) {
                case "0": policy = Policy.PACKING; break;
                case "1": policy = Policy.STRIPING; break;
                case "2": policy = Policy.LOAD_AWARE; break;
                case "3": policy = Policy.CUSTOM; break;
                case "4": policy = Policy.FIXED; break;
                default: throw new ConfException(where + ": DEFAULT_SCHED POLICY = " + p + ": use 0 (packing), 1 (striping), 2 (load-aware), 3 (custom) or 4 (fixed)");
            }
            rank = v.get("RANK");
            if (policy == Policy.CUSTOM && (rank == null || rank.isBlank()))
                throw new ConfException(where + ": DEFAULT_SCHED POLICY = 3 needs RANK = \"<expression>\", e.g. RANK = \"FREE_CPU\"");
            if (rank != null) {
                try {
                    Expr.parse(rank);
                } catch (Expr.ParseException e) {
                    throw new ConfException(where + ": DEFAULT_SCHED RANK: " + e.getMessage());
                }
            }
        }
        int debug = 3;
        List<Map<String, String>> log = t.vectors("LOG");
        if (!log.isEmpty() && log.get(log.size() - 1).containsKey("DEBUG_LEVEL")) {
            String d = log.get(log.size() - 1).get("DEBUG_LEVEL").strip();
            if (!d.matches("[0-3]")) throw new ConfException(where + ": LOG DEBUG_LEVEL = " + d + ": use 0 (error) .. 3 (debug)");
            debug = Integer.parseInt(d);
        }
        return new SchedConf(port, "localhost", interval, maxVm, maxDispatch, maxHost, live == 1, hvMem, policy, rank, debug);
    }

    private static String last(Template t, String key) {
        String v = null;
        for (Template.Attribute a : t.attributes()) if (!a.isVector() && a.name().equals(key)) v = a.value();
        return v;
    }

    private static int intOf(Template t, String key, int def, int min, int max, String where) throws ConfException {
        String v = last(t, key);
        if (v == null) return def;
        try {
            int n = Integer.parseInt(v.strip());
            if (n < min || n > max) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException e) {
            throw new ConfException(where + ": " + key + " = " + v + ": expected a whole number from " + min
                    + (max == Integer.MAX_VALUE ? " up" : " to " + max) + " (default " + def + ")");
        }
    }

    private static double doubleOf(Template t, String key, double def, String where) throws ConfException {
        String v = last(t, key);
        if (v == null) return def;
        try {
            return Double.parseDouble(v.strip().toLowerCase(Locale.ROOT));
        } catch (NumberFormatException e) {
            throw new ConfException(where + ": " + key + " = " + v + ": expected a number (default " + def + ")");
        }
    }
}

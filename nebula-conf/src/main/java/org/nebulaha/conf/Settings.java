package org.nebulaha.conf;

import static org.nebulaha.conf.Setting.Type.BOOL;
import static org.nebulaha.conf.Setting.Type.INT;
import static org.nebulaha.conf.Setting.Type.PATH;
import static org.nebulaha.conf.Setting.Type.TEXT;
import static org.nebulaha.conf.Setting.Type.WORD;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Every cluster.conf setting nebula-ha reads, each declared once (see {@link Setting}). */
public final class Settings {
    private static final int MAX = Integer.MAX_VALUE;
    private static final List<Setting> ALL = new ArrayList<>();

    private Settings() {}

    private static Setting add(Setting s) {
        ALL.add(s);
        return s;
    }

    private static Setting integer(String el, String attr, long min, long max, String dflt, String doc) {
        return add(new Setting(el, attr, INT, min, max, List.of(), dflt, dflt.isEmpty(), doc));
    }

    private static Setting bool(String el, String attr, String dflt, String doc) {
        return add(new Setting(el, attr, BOOL, 0, 1, List.of(), dflt, false, doc));
    }

    private static Setting word(String el, String attr, String dflt, List<String> values, String doc) {
        return add(new Setting(el, attr, WORD, 0, 0, values, dflt, false, doc));
    }

    private static Setting text(String el, String attr, Setting.Type type, String dflt, boolean required, String doc) {
        return add(new Setting(el, attr, type, 0, 0, List.of(), dflt, required, doc));
    }

    public static final Setting CLUSTER_NAME = text("cluster", "name", TEXT, "", true, "the cluster's name");
    public static final Setting CONFIG_VERSION = integer("cluster", "config_version", 0, MAX, "",
            "version of this file; a node takes a configuration only with a higher version");

    public static final Setting TWO_NODE = bool("cman", "two_node", "0", "two-node cluster: quorate with one vote");
    public static final Setting EXPECTED_VOTES = integer("cman", "expected_votes", 1, MAX, "sum of the nodes' votes",
            "votes the cluster expects; quorum is half of them plus one");
    public static final Setting WAIT_FOR_ALL = bool("cman", "wait_for_all", "two_node",
            "quorate only once all nodes were seen together (on by default with two_node)");
    public static final Setting LAST_MAN_STANDING = bool("cman", "last_man_standing", "0",
            "lower expected votes step by step as nodes leave");
    public static final Setting LAST_MAN_STANDING_WINDOW = integer("cman", "last_man_standing_window", 1, MAX, "10000",
            "ms the membership must be stable before last_man_standing lowers expected votes");
    public static final Setting AUTO_TIE_BREAKER = bool("cman", "auto_tie_breaker", "0",
            "in an even split, the half with the lowest nodeid keeps quorum");
    public static final Setting CMAN_PORT = integer("cman", "port", 1, 65534, "5405", "TCP port of the cluster channel (the next port carries crash detection)");
    public static final Setting CLUSTER_ID = integer("cman", "cluster_id", 0, 65535, "16-bit hash of the name",
            "cluster id shown by cman_tool status and clustat");
    public static final Setting KEYFILE = text("cman", "keyfile", PATH, "/etc/cluster/cluster.key", false,
            "the cluster key file (encryption and join authentication)");

    public static final Setting QUORUMD_HOST = text("quorumd", "host", TEXT, "", true,
            "quorum witness (nebula-witness) host name or address; replaces two_node (nebula-ha)");
    public static final Setting QUORUMD_PORT = integer("quorumd", "port", 1, 65535, "5403", "the witness's TCP port (TLS)");
    public static final Setting QUORUMD_VOTES = integer("quorumd", "votes", 1, 1, "1",
            "votes the witness gives the partition it votes for");
    public static final Setting QUORUMD_TIMEOUT = integer("quorumd", "timeout", 300, 60000, "the token",
            "ms without an answer after which a node counts no witness vote (and the witness drops a silent node)");

    public static final Setting TOKEN = integer("totem", "token", 1, MAX, "1000",
            "ms a silent node stays a member (failure detection timeouts derive from it)");
    public static final Setting CONSENSUS = integer("totem", "consensus", 1, MAX, "derived from token", "kept for cman compatibility");
    public static final Setting JOIN = integer("totem", "join", 1, MAX, "derived from token", "kept for cman compatibility");
    public static final Setting TOKEN_RETRANSMITS = integer("totem", "token_retransmits_before_loss_const", 1, MAX,
            "derived from token", "kept for cman compatibility");

    public static final Setting POST_JOIN_DELAY = integer("fence_daemon", "post_join_delay", -1, MAX, "6",
            "s after quorum before a node that never joined is fenced (-1: never)");
    public static final Setting POST_FAIL_DELAY = integer("fence_daemon", "post_fail_delay", -1, MAX, "0",
            "s between a member's failure and its fencing (-1: wait for ever)");
    public static final Setting CLEAN_START = bool("fence_daemon", "clean_start", "0", "assume nodes that never joined are clean");
    public static final Setting OVERRIDE_TIME = integer("fence_daemon", "override_time", 0, MAX, "3",
            "s fenced waits for fence_ack_manual (kept for compatibility)");
    public static final Setting SKIP_UNDEFINED = bool("fence_daemon", "skip_undefined", "0",
            "a node without fence methods counts as fenced");
    public static final Setting RACE_DELAY = integer("fence_daemon", "race_delay", 0, MAX, "10",
            "two_node: s the higher nodeid waits before fencing its peer (nebula-ha)");
    public static final Setting AGENT_TIMEOUT = integer("fence_daemon", "agent_timeout", 1, MAX, "60",
            "s before a running fence agent is killed and its device counts as failed (nebula-ha)");

    public static final Setting NODE_NAME = text("clusternode", "name", TEXT, "", true, "the node's name (unique)");
    public static final Setting NODEID = integer("clusternode", "nodeid", 1, MAX, "", "the node's id (unique)");
    public static final Setting VOTES = integer("clusternode", "votes", 0, MAX, "1", "the node's votes");

    public static final Setting STATUS_POLL_INTERVAL = integer("rm", "status_poll_interval", 1, MAX, "10",
            "s between two rounds of resource status checks");

    public static final Setting DOMAIN_NAME = text("failoverdomain", "name", TEXT, "", true, "the domain's name");
    public static final Setting ORDERED = bool("failoverdomain", "ordered", "0", "prefer nodes by priority");
    public static final Setting RESTRICTED = bool("failoverdomain", "restricted", "0", "run services only on the domain's nodes");
    public static final Setting NOFAILBACK = bool("failoverdomain", "nofailback", "0",
            "do not move a service back when a preferred node returns");
    public static final Setting PRIORITY = add(new Setting("failoverdomainnode", "priority", INT, 1, 100, List.of(), "unset (after every set one)", false,
            "lower is preferred"));

    public static final Setting IP_MONITOR_LINK = bool("ip", "monitor_link", "1", "the address fails when its link is down");
    public static final Setting IP_SLEEPTIME = integer("ip", "sleeptime", 0, MAX, "10", "s to wait after adding the address");
    public static final Setting IP_FAMILY = word("ip", "family", "auto", List.of("auto", "inet", "inet6"), "address family");
    public static final Setting SCRIPT_FILE = text("script", "file", PATH, "", true, "the init script");

    public static final Setting SERVICE_NAME = text("service", "name", TEXT, "", true, "the service's name");
    public static final Setting AUTOSTART = bool("service", "autostart", "1", "start when the cluster becomes quorate");
    public static final Setting EXCLUSIVE = bool("service", "exclusive", "0", "run only on a node with no other service");
    public static final Setting RECOVERY = word("service", "recovery", "restart",
            List.of("restart", "relocate", "disable", "restart-disable"), "what to do when the service fails");
    public static final Setting MAX_RESTARTS = integer("service", "max_restarts", 0, MAX, "0",
            "restarts in restart_expire_time before relocating (0: no limit)");
    public static final Setting RESTART_EXPIRE_TIME = integer("service", "restart_expire_time", 0, MAX, "0",
            "s a restart is remembered for max_restarts");
    public static final Setting DEPEND_MODE = word("service", "depend_mode", "hard", List.of("hard", "soft"),
            "hard: stop with the service depended on; soft: only start after it");

    /** Every declaration, in document order. */
    public static List<Setting> all() {
        return List.copyOf(ALL);
    }

    /** The declaration of {@code attribute} on {@code element}. */
    public static Optional<Setting> find(String element, String attribute) {
        return ALL.stream().filter(s -> s.element().equals(element) && s.attribute().equals(attribute)).findFirst();
    }

    /** The settings table of docs/cluster.conf.md, generated from the declarations. */
    public static String markdownTable() {
        StringBuilder sb = new StringBuilder("| Element | Attribute | Type | Range | Default | Meaning |\n|---|---|---|---|---|---|\n");
        for (Setting s : ALL)
            sb.append("| `").append(s.element()).append("` | `").append(s.attribute()).append("` | ")
                    .append(s.type().name().toLowerCase()).append(" | ").append(s.rangeText()).append(" | ")
                    .append(s.required() ? "required" : s.dflt()).append(" | ").append(s.doc()).append(" |\n");
        return sb.toString();
    }
}

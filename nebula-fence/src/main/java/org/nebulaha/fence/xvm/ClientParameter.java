package org.nebulaha.fence.xvm;

import java.util.List;

/**
 * The parameters of fence_xvm / fence_virt, declared once: the stdin name, the getopt letter,
 * the default, and the description. The option parser, the usage text and {@code -o metadata}
 * are all generated from this table, so they cannot disagree.
 */
public record ClientParameter(String name, char letter, String argLabel, String defaultValue, String description,
                              boolean required, String obsoletes, boolean deprecated, boolean tcpOnly) {

    public boolean takesValue() {
        return argLabel != null;
    }

    /** In metadata and usage order, as the original prints them. */
    public static final List<ClientParameter> ALL = List.of(
            p("debug", 'd', null, null, "Specify (stdin) or increment (command line) debug level"),
            p("ip_family", 'i', "<family>", "auto", "IP Family ([auto], ipv4, ipv6)"),
            p("multicast_address", 'a', "<address>", null, "Multicast address (default=225.0.0.12 / ff05::3:1)"),
            p("ipaddr", 'T', "<address>", "127.0.0.1", "IP address to connect to in TCP mode (fence_virt only)").tcp(),
            p("ipport", 'p', "<port>", "1229", "TCP, Multicast or VM socket port (default=1229)"),
            p("retrans", 'r', "<retrans>", "20", "Multicast retransmit time (in 1/10sec; default=20)"),
            p("auth", 'C', "<auth>", "sha256", "Authentication (none, sha1, [sha256], sha512)"),
            p("hash", 'c', "<hash>", "sha256", "Packet hash strength (none, sha1, [sha256], sha512)"),
            p("key_file", 'k', "<file>", "/etc/cluster/fence_xvm.key", "Shared key file (default=/etc/cluster/fence_xvm.key)"),
            new ClientParameter("plug", 'n', "<domain>", null, "Virtual Machine (domain name) to fence", true, "port", false, false),
            new ClientParameter("port", 'H', "<domain>", null, "Virtual Machine (domain name) to fence", true, null, true, false),
            p("use_uuid", 'u', null, "0", "Treat [domain] as UUID instead of domain name. This is provided for compatibility with older fence_xvmd installations."),
            p("action", 'o', "<operation>", "reboot",
                    "Fencing action (null, off, on, [reboot], status, list, list-status, monitor, validate-all, metadata)"),
            p("timeout", 't', "<timeout>", "30", "Fencing timeout (in seconds; default=30)"),
            p("delay", 'w', "<delay>", "0", "Fencing delay (in seconds; default=0)"),
            new ClientParameter("domain", '\0', null, null, "Virtual Machine (domain name) to fence (deprecated; use port)",
                    false, null, true, false));

    private static ClientParameter p(String name, char letter, String label, String def, String desc) {
        return new ClientParameter(name, letter, label, def, desc, false, null, false, false);
    }

    private ClientParameter tcp() {
        return new ClientParameter(name, letter, argLabel, defaultValue, description, required, obsoletes, deprecated, true);
    }

    /** The parameters a given program offers: fence_virt adds the TCP ones. */
    public static List<ClientParameter> of(boolean tcpMode) {
        return ALL.stream().filter(p -> tcpMode || !p.tcpOnly()).toList();
    }
}

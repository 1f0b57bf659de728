package org.nebulaha.fence.virtd;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.nebulaha.common.NebulaRoot;
import org.nebulaha.fence.xvm.HashType;

/**
 * fence_virtd's configuration, checked when loaded (every error names the file and line):
 * <pre>
 * fence_virtd { listener = "multicast"|"tcp"; backend = "libvirt"|"lab"; foreground; debug; }
 * listeners { multicast { key_file; hash (minimum, sha256); auth (sha256); family (ipv4);
 *                         address (225.0.0.12 / ff05::3:1); port (1229); interface (all) }
 *             tcp       { key_file; hash; auth; family; address (127.0.0.1 / ::1); port (1229) } }
 * backends { libvirt { uri = "qemu:///system"; }  lab { power_command = "/path"; timeout = "30"; } }
 * groups { group { name; ip = "10.0.0.1"; uuid = "vm1"; } ... }   # optional permission map
 * </pre>
 */
public record VirtdConfig(String listener, String backend, Listener settings, ConfBlock backendBlock, List<Group> groups,
                          boolean foreground, int debug, String source) {

    public static final Set<String> LISTENERS = Set.of("multicast", "tcp");
    public static final Set<String> BACKENDS = Set.of("libvirt", "lab");

    /** Where and how requests are accepted. {@code interfaceName} null = all interfaces. */
    public record Listener(Path keyFile, HashType hash, HashType auth, boolean ipv6, String address, int port,
                           String interfaceName) {}

    /** One entry of the static permission map: callers ({@code ip}) that may fence targets ({@code uuid}). */
    public record Group(String name, List<String> ips, List<String> uuids) {
        public Group {
            ips = List.copyOf(ips);
            uuids = List.copyOf(uuids);
        }
    }

    public static VirtdConfig from(ConfBlock root, String source) throws ConfSyntaxException {
        ConfBlock main = root.block("fence_virtd")
                .orElseThrow(() -> new ConfSyntaxException(source + ": no 'fence_virtd { ... }' block; it must name a listener and a backend"));
        String listener = required(main, "listener", source);
        String backend = required(main, "backend", source);
        check(LISTENERS.contains(listener), main.assignment("listener").get(), source,
                "unknown listener '" + listener + "' (this fence_virtd offers " + String.join(", ", sorted(LISTENERS)) + ")");
        check(BACKENDS.contains(backend), main.assignment("backend").get(), source,
                "unknown backend '" + backend + "' (this fence_virtd offers " + String.join(", ", sorted(BACKENDS)) + ")");
        ConfBlock l = root.path("listeners", listener).orElse(new ConfBlock(listener, 0, List.of(), List.of()));
        Listener settings = listener(l, listener.equals("tcp"), source);
        ConfBlock b = root.path("backends", backend).orElse(new ConfBlock(backend, 0, List.of(), List.of()));
        List<Group> groups = new ArrayList<>();
        for (ConfBlock g : root.block("groups").map(x -> x.blocks("group")).orElse(List.of()))
            groups.add(new Group(g.value("name").orElse("group at line " + g.line()), g.values("ip"), g.values("uuid")));
        boolean fg = main.value("foreground").map(v -> v.equals("1") || v.equalsIgnoreCase("yes")).orElse(false);
        int debug = intValue(main, "debug", 0, source);
        return new VirtdConfig(listener, backend, settings, b, groups, fg, debug, source);
    }

    private static Listener listener(ConfBlock l, boolean tcp, String source) throws ConfSyntaxException {
        Path key = l.value("key_file").map(Path::of).orElse(NebulaRoot.resolve("/etc/cluster/fence_xvm.key"));
        HashType hash = hash(l, "hash", source);
        HashType auth = hash(l, "auth", source);
        String family = l.value("family").orElse("ipv4").toLowerCase(Locale.ROOT);
        check(family.equals("ipv4") || family.equals("ipv6"), l.assignment("family").orElse(null), source,
                "family must be ipv4 or ipv6, not '" + family + "'");
        boolean v6 = family.equals("ipv6");
        String address = l.value("address").orElse(tcp ? (v6 ? "::1" : "127.0.0.1") : (v6 ? "ff05::3:1" : "225.0.0.12"));
        int port = intValue(l, "port", 1229, source);
        check(port > 0 && port < 65536, l.assignment("port").orElse(null), source, "port " + port + " is out of range 1..65535");
        String iface = l.value("interface").filter(s -> !s.isBlank() && !s.equals("none")).orElse(null);
        return new Listener(key, hash, auth, v6, address, port, iface);
    }

    private static HashType hash(ConfBlock b, String key, String source) throws ConfSyntaxException {
        Optional<ConfBlock.Assignment> a = b.assignment(key);
        if (a.isEmpty()) return HashType.SHA256;
        try {
            return HashType.ofWord(a.get().value());
        } catch (IllegalArgumentException e) {
            throw new ConfSyntaxException(source + ":" + a.get().line() + ": " + key + ": " + e.getMessage());
        }
    }

    private static int intValue(ConfBlock b, String key, int def, String source) throws ConfSyntaxException {
        Optional<ConfBlock.Assignment> a = b.assignment(key);
        if (a.isEmpty()) return def;
        try {
            return Integer.parseInt(a.get().value().strip());
        } catch (NumberFormatException e) {
            throw new ConfSyntaxException(source + ":" + a.get().line() + ": " + key + " must be a number, not '" + a.get().value() + "'");
        }
    }

    private static String required(ConfBlock main, String key, String source) throws ConfSyntaxException {
        return main.value(key).orElseThrow(() -> new ConfSyntaxException(
                source + ":" + main.line() + ": fence_virtd block has no '" + key + "'; add e.g. " + key + " = \""
                        + (key.equals("listener") ? "multicast" : "libvirt") + "\";"));
    }

    private static void check(boolean ok, ConfBlock.Assignment at, String source, String what) throws ConfSyntaxException {
        if (!ok) throw new ConfSyntaxException(source + ":" + (at == null ? 0 : at.line()) + ": " + what);
    }

    private static List<String> sorted(Set<String> s) {
        return s.stream().sorted().toList();
    }
}

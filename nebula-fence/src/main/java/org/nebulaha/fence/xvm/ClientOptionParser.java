package org.nebulaha.fence.xvm;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nebulaha.common.NebulaRoot;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParseResult;

/**
 * Reads fence_xvm / fence_virt options from argv (getopt {@code di:a:p:r:C:c:k:M:n:H:uo:t:?hVw:},
 * clustered short options allowed, last value wins) or, with no argv, from {@code name=value}
 * lines on stdin with the original names ({@link ClientParameter}). Unknown stdin names are
 * reported through {@link Parsed#warnings()} and ignored; {@code agent}, {@code self} and
 * {@code nodename} (sent by fenced and Pacemaker) are ignored silently; {@code option} is the old
 * name of {@code action}.
 */
public final class ClientOptionParser {
    private static final Set<String> IGNORED = Set.of("agent", "self", "nodename");

    /** What the command line asked for. {@code options} is null when only help or version was asked. */
    public record Parsed(ClientOptions options, boolean help, boolean version, List<String> warnings) {}

    private final boolean tcpMode;

    /** @param tcpMode true for fence_virt (adds -T/ipaddr and connects over TCP) */
    public ClientOptionParser(boolean tcpMode) {
        this.tcpMode = tcpMode;
    }

    public Parsed parseArgv(List<String> argv) {
        CommandSpec spec = CommandSpec.create();
        spec.parser().overwrittenOptionsAllowed(true).posixClusteredShortOptionsAllowed(true).unmatchedOptionsArePositionalParams(false);
        for (ClientParameter p : ClientParameter.of(tcpMode)) {
            if (p.letter() == '\0') continue;
            OptionSpec.Builder b = OptionSpec.builder("-" + p.letter());
            if (p.takesValue()) b.arity("1").type(String.class);
            else b.arity("0").type(boolean[].class);
            spec.addOption(b.build());
        }
        spec.addOption(OptionSpec.builder("-M").arity("1").type(String.class).build()); // accepted, unused (as upstream)
        for (String h : List.of("-?", "-V")) spec.addOption(OptionSpec.builder(h).arity("0").type(boolean.class).build());
        spec.addOption(OptionSpec.builder("-h", "--help").arity("0").type(boolean.class).build()); // --help: as every other command here
        spec.addPositional(PositionalParamSpec.builder().arity("0..*").type(String[].class).build());
        ParseResult pr;
        try {
            pr = new CommandLine(spec).parseArgs(argv.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            throw new ClientUsageException(e.getMessage());
        }
        if (pr.hasMatchedOption("-h") || pr.hasMatchedOption("-?")) return new Parsed(null, true, false, List.of());
        if (pr.hasMatchedOption("-V")) return new Parsed(null, false, true, List.of());
        Map<String, String> values = new LinkedHashMap<>();
        int debug = 0;
        for (ClientParameter p : ClientParameter.of(tcpMode)) {
            if (p.letter() == '\0' || !pr.hasMatchedOption("-" + p.letter())) continue;
            if (p.takesValue()) {
                values.put(p.name(), pr.matchedOptionValue("-" + p.letter(), ""));
            } else {
                boolean[] hits = pr.matchedOptionValue("-" + p.letter(), new boolean[0]);
                if (p.name().equals("debug")) debug = hits.length;
                else values.put(p.name(), "1");
            }
        }
        if (values.containsKey("plug") && values.containsKey("port"))
            throw new ClientUsageException("Domain/UUID may not be specified more than once");
        return new Parsed(build(values, debug), false, false, List.of());
    }

    public Parsed parseStdin(Map<String, String> lines) {
        List<String> warnings = new ArrayList<>();
        Map<String, String> values = new LinkedHashMap<>();
        int domains = 0;
        for (var e : lines.entrySet()) {
            String name = e.getKey();
            if (name.equals("option")) name = "action";
            if (IGNORED.contains(name)) continue;
            String known = ClientParameter.of(tcpMode).stream().map(ClientParameter::name).filter(name::equals).findFirst().orElse(null);
            if (known == null) {
                warnings.add("Parse error: Ignoring unknown option '" + e.getKey() + "'");
                continue;
            }
            if (Set.of("plug", "port", "domain").contains(name)) {
                if (++domains > 1) throw new ClientUsageException("Domain/UUID may not be specified more than once");
                name = "plug";
            }
            values.put(name, e.getValue());
        }
        String d = values.remove("debug");
        int debug = d == null ? 0 : d.strip().matches("\\d+") ? Integer.parseInt(d.strip()) : 1;
        return new Parsed(build(values, debug), false, false, warnings);
    }

    private ClientOptions build(Map<String, String> v, int debug) {
        Operation op;
        try {
            op = Operation.ofWord(v.getOrDefault("action", "reboot"));
        } catch (IllegalArgumentException e) {
            throw new ClientUsageException(e.getMessage());
        }
        String domain = v.getOrDefault("plug", v.get("port"));
        if (domain != null && domain.getBytes(java.nio.charset.StandardCharsets.UTF_8).length >= FenceRequest.DOMAIN_MAX)
            throw new ClientUsageException("Domain '" + domain + "' is too long (at most 63 bytes)");
        if (op.needsDomain() && (domain == null || domain.isEmpty())) throw new ClientUsageException("No domain specified!");
        String family = v.getOrDefault("ip_family", "auto").toLowerCase(java.util.Locale.ROOT);
        String group = v.get("multicast_address");
        boolean ipv6 = switch (family) {
            case "ipv4" -> false;
            case "ipv6" -> true;
            case "auto" -> group != null && group.contains(":");
            default -> throw new ClientUsageException("Unsupported family: " + family + " (use auto, ipv4 or ipv6)");
        };
        if (group == null) group = ipv6 ? ClientOptions.DEFAULT_IPV6_GROUP : ClientOptions.DEFAULT_IPV4_GROUP;
        int port = parseInt("ipport", v.getOrDefault("ipport", "1229"));
        if (port < 1 || port > 65535) throw new ClientUsageException("Invalid port: " + port);
        int retrans = parseInt("retrans", v.getOrDefault("retrans", "20"));
        if (retrans < 1) throw new ClientUsageException("Invalid retrans: " + retrans + " (tenths of a second, at least 1)");
        int timeout = parseInt("timeout", v.getOrDefault("timeout", "30"));
        if (timeout < 1) throw new ClientUsageException("Invalid timeout: " + timeout);
        int delay = parseInt("delay", v.getOrDefault("delay", "0"));
        HashType hash = hashWord("hash", v.getOrDefault("hash", "sha256"));
        HashType auth = hashWord("auth", v.getOrDefault("auth", "sha256"));
        boolean useUuid = v.containsKey("use_uuid") && !v.get("use_uuid").equals("0");
        Path key = v.containsKey("key_file") ? Path.of(v.get("key_file")) : NebulaRoot.resolve("/etc/cluster/fence_xvm.key");
        if (!op.isLocal() || op == Operation.VALIDATEALL) {
            if (!Files.exists(key)) throw new ClientUsageException("Invalid key file: '" + key + "' (No such file or directory)");
        }
        String tcp = tcpMode ? v.getOrDefault("ipaddr", "127.0.0.1") : null;
        return new ClientOptions(op, domain == null ? "" : domain, group, ipv6, port, Duration.ofMillis(retrans * 100L), hash, auth, key,
                useUuid, Duration.ofSeconds(timeout), Duration.ofSeconds(delay), debug, tcp);
    }

    private static int parseInt(String name, String value) {
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new ClientUsageException("Invalid " + name + ": '" + value + "' is not a number");
        }
    }

    private static HashType hashWord(String name, String value) {
        try {
            return HashType.ofWord(value);
        } catch (IllegalArgumentException e) {
            throw new ClientUsageException("Invalid " + name + ": " + e.getMessage());
        }
    }
}

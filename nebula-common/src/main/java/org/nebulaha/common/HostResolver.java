package org.nebulaha.common;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the network address of a cluster node by its name, as the original tools did through
 * name resolution, with an override file for labs and tests where several nodes share one
 * machine or one address.
 *
 * <p>The override file is named by {@code NEBULA_HOSTS} (environment) or {@code nebula.hosts}
 * (system property), else {@code /etc/cluster/hosts} under {@link NebulaRoot} if it exists.
 * One line per node: {@code NAME ADDRESS [key=value ...]}, for example
 * <pre>one-server1 127.0.0.1 ricci=11111 cluster=7800</pre>
 * The keys name per-node ports ({@code ricci}, {@code cluster}, ...). Lines starting with
 * {@code #} are comments. Names not in the file resolve through DNS with default ports.
 */
public final class HostResolver {

    /** One node's address and its port overrides. */
    public record HostEntry(String name, String address, Map<String, String> ports) {
        public HostEntry {
            ports = Map.copyOf(ports);
        }

        public int port(String key, int defaultPort) {
            String v = ports.get(key);
            return v == null ? defaultPort : Integer.parseInt(v);
        }
    }

    private final Map<String, HostEntry> entries;

    public HostResolver(Map<String, HostEntry> entries) {
        this.entries = Map.copyOf(entries);
    }

    /** The resolver configured for this process (environment, system property or default file). */
    public static HostResolver system() {
        String f = System.getProperty("nebula.hosts");
        if (f == null || f.isBlank()) f = System.getenv("NEBULA_HOSTS");
        Path file = f == null || f.isBlank() ? NebulaRoot.resolve("/etc/cluster/hosts") : Path.of(f);
        if (!Files.isRegularFile(file)) return new HostResolver(Map.of());
        try {
            return parse(Files.readAllLines(file), file.toString());
        } catch (IOException e) {
            throw new IllegalStateException(file + ": cannot read the hosts file: " + e.getMessage(), e);
        }
    }

    public static HostResolver parse(List<String> lines, String source) {
        Map<String, HostEntry> m = new HashMap<>();
        int n = 0;
        for (String raw : lines) {
            n++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            String[] f = line.split("\\s+");
            if (f.length < 2)
                throw new IllegalArgumentException(source + ":" + n + ": expected 'NAME ADDRESS [key=port ...]', got '" + line + "'");
            Map<String, String> ports = new HashMap<>();
            for (int i = 2; i < f.length; i++) {
                int eq = f[i].indexOf('=');
                if (eq <= 0 || !f[i].substring(eq + 1).matches("\\d{1,5}"))
                    throw new IllegalArgumentException(source + ":" + n + ": '" + f[i] + "' is not key=port");
                ports.put(f[i].substring(0, eq), f[i].substring(eq + 1));
            }
            m.put(f[0], new HostEntry(f[0], f[1], ports));
        }
        return new HostResolver(m);
    }

    public Optional<HostEntry> lookup(String name) {
        return Optional.ofNullable(entries.get(name));
    }

    /** The address to connect to for {@code name}: the override, else the name itself for DNS. */
    public String address(String name) {
        return lookup(name).map(HostEntry::address).orElse(name);
    }

    /** The port {@code key} of node {@code name}, or {@code defaultPort}. */
    public int port(String name, String key, int defaultPort) {
        return lookup(name).map(e -> e.port(key, defaultPort)).orElse(defaultPort);
    }
}

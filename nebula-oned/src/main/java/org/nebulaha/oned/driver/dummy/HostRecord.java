package org.nebulaha.oned.driver.dummy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.nebulaha.common.AtomicFiles;

/**
 * The dummy drivers' durable record of what really exists, one folder per host under
 * {@code <root>/hosts/<host>/} and one for the front-end's system datastore
 * ({@code <root>/frontend/}, host name {@code -}). Per VM: {@code vm-<id>.domain} (a running
 * domain; content = deploy id), {@code vm-<id>.disks} (deployed disks),
 * {@code vm-<id>.checkpoint} (saved memory), {@code vm-<id>.attached} (hot-plugged disk ids),
 * {@code vm-<id>.snapshots} (snapshot ids).
 * Every change is an atomic, fsynced file write or a delete, made before the driver answers.
 */
public final class HostRecord {
    public static final String FRONTEND = "-";
    private final Path root;

    public HostRecord(Path root) {
        this.root = root;
    }

    public Path dir(String host) {
        if (host.equals(FRONTEND)) return root.resolve("frontend");
        if (host.isEmpty() || host.contains("/") || host.startsWith("."))
            throw new IllegalArgumentException("bad host name '" + host + "'");
        return root.resolve("hosts").resolve(host);
    }

    private Path file(String host, int vmid, String kind) {
        return dir(host).resolve("vm-" + vmid + "." + kind);
    }

    public void put(String host, int vmid, String kind, String content) throws IOException {
        AtomicFiles.write(file(host, vmid, kind), content);
    }

    public void remove(String host, int vmid, String kind) throws IOException {
        Files.deleteIfExists(file(host, vmid, kind));
    }

    public boolean has(String host, int vmid, String kind) {
        return Files.exists(file(host, vmid, kind));
    }

    public String get(String host, int vmid, String kind) throws IOException {
        Path f = file(host, vmid, kind);
        return Files.exists(f) ? Files.readString(f, StandardCharsets.UTF_8) : null;
    }

    /** Moves one kind of record from one place to another (atomic write, then delete). */
    public void move(String from, String to, int vmid, String kind) throws IOException {
        String c = get(from, vmid, kind);
        if (c == null) return;
        put(to, vmid, kind, c);
        remove(from, vmid, kind);
    }

    public Set<Integer> attached(String host, int vmid) throws IOException {
        return ids(host, vmid, "attached");
    }

    public void setAttached(String host, int vmid, Set<Integer> disks) throws IOException {
        setIds(host, vmid, "attached", disks);
    }

    /** A set of ids kept in {@code vm-<id>.<kind>} (hot-plugged disks, snapshots). */
    public Set<Integer> ids(String host, int vmid, String kind) throws IOException {
        Set<Integer> s = new TreeSet<>();
        String c = get(host, vmid, kind);
        if (c != null) for (String p : c.split(",")) if (!p.isBlank()) s.add(Integer.parseInt(p.strip()));
        return s;
    }

    public void setIds(String host, int vmid, String kind, Set<Integer> ids) throws IOException {
        if (ids.isEmpty()) remove(host, vmid, kind);
        else put(host, vmid, kind, String.join(",", ids.stream().map(String::valueOf).toList()));
    }

    /** VM ids with a running domain on {@code host}. */
    public Set<Integer> domains(String host) throws IOException {
        Set<Integer> s = new TreeSet<>();
        Path d = dir(host);
        if (!Files.isDirectory(d)) return s;
        try (var st = Files.list(d)) {
            st.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("vm-") && n.endsWith(".domain"))
                    .forEach(n -> s.add(Integer.parseInt(n.substring(3, n.length() - ".domain".length()))));
        }
        return s;
    }
}

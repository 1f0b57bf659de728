package org.nebulaha.common;

import java.nio.file.Path;

/**
 * Where a node keeps its files. Every fixed path of the original tools ({@code /etc/cluster},
 * {@code /var/lib/ricci}, {@code /var/run}) is taken relative to this root, so that several
 * "hosts" can share one machine in the lab and in tests without a private mount namespace.
 *
 * <p>The root is the system property {@code nebula.root}, else the environment variable
 * {@code NEBULA_ROOT}, else {@code /}. Example: with {@code NEBULA_ROOT=/tmp/n1},
 * {@code resolve("/etc/cluster/cluster.conf")} is {@code /tmp/n1/etc/cluster/cluster.conf}.
 */
public final class NebulaRoot {
    private NebulaRoot() {}

    public static Path root() {
        String r = System.getProperty("nebula.root");
        if (r == null || r.isBlank()) r = System.getenv("NEBULA_ROOT");
        return Path.of(r == null || r.isBlank() ? "/" : r);
    }

    /** Maps an absolute path of the original layout into this node's root. */
    public static Path resolve(String absolute) {
        String rel = absolute.startsWith("/") ? absolute.substring(1) : absolute;
        return root().resolve(rel);
    }

    /** The cluster configuration, {@code /etc/cluster/cluster.conf} in the original layout. */
    public static Path clusterConf() {
        return resolve("/etc/cluster/cluster.conf");
    }
}

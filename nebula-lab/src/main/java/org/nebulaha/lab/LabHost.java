package org.nebulaha.lab;

import java.nio.file.Path;

/**
 * One machine of the lab: a network namespace joined to the lab bridge, and inside it a private
 * mount, UTS and PID namespace whose init (tini) reaps at once. Its {@code /etc}, {@code /var/lib},
 * {@code /var/log} and {@code /root} are overlays on the machine's own, so the guide's fixed paths
 * ({@code /etc/cluster/cluster.conf}, {@code /etc/init.d/opennebula}) are per host; {@code /run} is
 * a private tmpfs.
 *
 * @param name    host name and network namespace name (one-server1, physical, client)
 * @param address its IPv4 address on the lab network (prefix /24)
 * @param dir     where its overlay upper layers and logs live on the machine
 */
public record LabHost(String name, String address, Path dir, Kind kind) {
    public enum Kind { NODE, PHYSICAL, CLIENT }

    /** Where a path inside the host is written from outside before the host starts: its overlay layer. */
    public Path layer(String absolutePath) {
        for (String top : LabNetwork.OVERLAID) {
            String prefix = "/" + top + "/";
            if (absolutePath.startsWith(prefix))
                return dir.resolve(top.replace('/', '-') + "-up").resolve(absolutePath.substring(prefix.length()));
        }
        throw new IllegalArgumentException(absolutePath + " is not under an overlaid folder " + LabNetwork.OVERLAID);
    }

    /** The veth name on the bridge side (interface names are limited to 15 characters). */
    String bridgePort() {
        String n = name.replace("one-server", "n").replace("physical", "ph").replace("client", "cl");
        return ("vb-" + n).substring(0, Math.min(15, 3 + n.length()));
    }
}

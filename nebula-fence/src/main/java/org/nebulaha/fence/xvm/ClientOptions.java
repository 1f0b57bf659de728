package org.nebulaha.fence.xvm;

import java.nio.file.Path;
import java.time.Duration;

/**
 * A validated fence_xvm / fence_virt request: what to do, to which domain, and how to reach and
 * authenticate to fence_virtd. Built by {@link ClientOptionParser} from argv or stdin.
 *
 * @param multicastAddress the group to send to (default 225.0.0.12 for IPv4, ff05::3:1 for IPv6)
 * @param tcpAddress       non-null in fence_virt TCP mode ({@code -T}): connect to this address instead
 * @param retrans          pause between multicast rounds (the {@code -r} tenths of a second)
 */
public record ClientOptions(Operation operation, String domain, String multicastAddress, boolean ipv6, int port,
                            Duration retrans, HashType hash, HashType auth, Path keyFile, boolean useUuid, Duration timeout,
                            Duration delay, int debug, String tcpAddress) {

    public static final String DEFAULT_IPV4_GROUP = "225.0.0.12";
    public static final String DEFAULT_IPV6_GROUP = "ff05::3:1";
    public static final int DEFAULT_PORT = 1229;

    /** Number of multicast rounds: timeout / retrans, at least one (the original loops forever on 0). */
    public int rounds() {
        return (int) Math.max(1, timeout.toMillis() / Math.max(1, retrans.toMillis()));
    }
}

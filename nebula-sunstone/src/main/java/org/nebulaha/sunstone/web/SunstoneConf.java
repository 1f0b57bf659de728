package org.nebulaha.sunstone.web;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * sunstone-server's settings: where it listens ({@code host}, {@code port}, OpenNebula's defaults
 * 127.0.0.1 and 9869), oned's endpoint, the session store and cookie key files, the PATH searched
 * for the cluster tools and how long a login lasts.
 */
public record SunstoneConf(String host, int port, URI oned, Path sessions, Path key, String toolsPath, Duration sessionLifetime) {
    public SunstoneConf {
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port " + port + " is not between 0 and 65535");
        if (sessionLifetime.isNegative() || sessionLifetime.isZero()) throw new IllegalArgumentException("session lifetime must be positive");
    }
}

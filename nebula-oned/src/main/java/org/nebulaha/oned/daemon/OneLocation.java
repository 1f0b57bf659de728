package org.nebulaha.oned.daemon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.nebulaha.common.AtomicFiles;
import org.nebulaha.common.NebulaRoot;

/**
 * Where oned keeps its files. With {@code ONE_LOCATION} set (self-contained install):
 * {@code $ONE_LOCATION/etc/oned.conf}, {@code $ONE_LOCATION/var/} (one.db, logs, driver
 * records) and {@code $ONE_LOCATION/var/.one/one_auth}. Without it, the system-wide layout
 * {@code /etc/one/oned.conf} and {@code /var/lib/one/} under {@link NebulaRoot}.
 */
public record OneLocation(Path etc, Path var) {

    public static OneLocation fromEnvironment() {
        String l = System.getProperty("one.location");
        if (l == null || l.isBlank()) l = System.getenv("ONE_LOCATION");
        if (l != null && !l.isBlank()) return new OneLocation(Path.of(l, "etc"), Path.of(l, "var"));
        return new OneLocation(NebulaRoot.resolve("/etc/one"), NebulaRoot.resolve("/var/lib/one"));
    }

    public Path onedConf() {
        return etc.resolve("oned.conf");
    }

    public Path oneAuth() {
        return var.resolve(".one").resolve("one_auth");
    }

    public Path pidFile() {
        return var.resolve("oned.pid");
    }

    public Path log() {
        return var.resolve("oned.log");
    }

    /** Creates the folders, a default oned.conf and a one_auth with a random oneadmin password, when missing. */
    public void createDefaults() throws IOException {
        Files.createDirectories(etc);
        Files.createDirectories(var);
        if (!Files.exists(onedConf())) AtomicFiles.write(onedConf(), OnedConf.DEFAULT);
        if (!Files.exists(oneAuth())) {
            byte[] pw = new byte[12];
            new SecureRandom().nextBytes(pw);
            AtomicFiles.write(oneAuth(), ("oneadmin:" + HexFormat.of().formatHex(pw) + "\n").getBytes(),
                    PosixFilePermissions.fromString("rw-------"));
        }
    }

    /** The oneadmin password from one_auth ({@code oneadmin:password}). */
    public String adminPassword() throws IOException {
        String s = Files.readString(oneAuth()).strip();
        int c = s.indexOf(':');
        if (c <= 0 || !s.substring(0, c).equals("oneadmin"))
            throw new IOException(oneAuth() + ": expected 'oneadmin:password'");
        return s.substring(c + 1);
    }
}

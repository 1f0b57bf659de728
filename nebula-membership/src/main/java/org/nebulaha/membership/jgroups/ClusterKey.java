package org.nebulaha.membership.jgroups;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.nebulaha.common.AtomicFiles;

/**
 * The cluster key file, like corosync's authkey: 128 random bytes, mode 0400, identical on every
 * node. Generated on first use when missing; copy it to the other nodes before they start (a node
 * with another key can neither join nor read cluster traffic).
 *
 * <p>Two independent keys are derived from it with HMAC-SHA256 over fixed labels: the AES-256 key
 * of the channel's {@link GcmEncrypt} and the HMAC key of the join token, so neither use weakens the other.
 */
public final class ClusterKey {
    public static final int KEY_BYTES = 128;
    public static final int MIN_KEY_BYTES = 32;
    private static final System.Logger LOG = System.getLogger("cluster-key");

    private final byte[] master;
    private final Path file;

    private ClusterKey(byte[] master, Path file) {
        this.master = master.clone();
        this.file = file;
    }

    /** Reads the key file, or creates it (mode 0400) when it does not exist. */
    public static ClusterKey loadOrCreate(Path file) throws IOException {
        if (!Files.exists(file)) {
            byte[] k = new byte[KEY_BYTES];
            new SecureRandom().nextBytes(k);
            AtomicFiles.write(file, k, Set.of(PosixFilePermission.OWNER_READ));
            LOG.log(System.Logger.Level.WARNING, "generated a new key in " + file
                    + " (mode 0400); copy this file to every other node before starting them");
            return new ClusterKey(k, file);
        }
        return load(file);
    }

    /** Reads an existing key file; refuses a short one. */
    public static ClusterKey load(Path file) throws IOException {
        byte[] k = Files.readAllBytes(file);
        if (k.length < MIN_KEY_BYTES)
            throw new IOException(file + ": cluster key is " + k.length + " bytes, need at least " + MIN_KEY_BYTES
                    + "; delete it to have a new one generated, then copy it to every node");
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            if (perms.stream().anyMatch(p -> p.name().startsWith("GROUP") || p.name().startsWith("OTHERS")))
                LOG.log(System.Logger.Level.WARNING, "" + file + " is readable by others ("
                        + PosixFilePermissions.toString(perms) + "); chmod 0400 it");
        } catch (UnsupportedOperationException ignored) {
            // not a POSIX file system: nothing to check
        }
        return new ClusterKey(k, file);
    }

    /** Writes a fresh random key to {@code file} (mode 0400), replacing any existing one. */
    public static ClusterKey generate(Path file) throws IOException {
        Files.deleteIfExists(file);
        return loadOrCreate(file);
    }

    public Path file() {
        return file;
    }

    /** The AES-256 key of the channel's AES-GCM layer ({@link GcmEncrypt}). */
    public SecretKey channelKey() {
        return new SecretKeySpec(derive("nebula-ha channel aes-gcm v1"), "AES");
    }

    /** The HMAC-SHA256 key for the join token. */
    public byte[] authKey() {
        return derive("nebula-ha auth v1");
    }

    /** The HMAC-SHA256 key both sides of a quorum witness connection prove they hold. */
    public byte[] witnessKey() {
        return derive("nebula-ha witness v1");
    }

    private byte[] derive(String label) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(master, "HmacSHA256"));
            return mac.doFinal(label.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JDK", e);
        }
    }
}

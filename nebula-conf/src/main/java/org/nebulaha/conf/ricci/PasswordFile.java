package org.nebulaha.conf.ricci;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.nebulaha.common.AtomicFiles;

/**
 * ricci's password, stored salted and hashed (PBKDF2-HMAC-SHA256) in one line:
 * {@code pbkdf2-sha256$ITERATIONS$SALT$HASH} (salt and hash in base64), mode 0600.
 */
public final class PasswordFile {
    private static final int ITERATIONS = 120_000;
    private static final String PREFIX = "pbkdf2-sha256";
    private final Path file;

    public PasswordFile(Path file) {
        this.file = file;
    }

    public Path path() {
        return file;
    }

    public boolean isSet() {
        return Files.isRegularFile(file);
    }

    public void set(char[] password) throws IOException {
        if (password.length == 0) throw new IllegalArgumentException("the password must not be empty");
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        String line = PREFIX + "$" + ITERATIONS + "$" + Base64.getEncoder().encodeToString(salt) + "$"
                + Base64.getEncoder().encodeToString(hash(password, salt, ITERATIONS)) + "\n";
        AtomicFiles.write(file, line.getBytes(StandardCharsets.US_ASCII), PosixFilePermissions.fromString("rw-------"));
    }

    /** True if {@code password} is the stored one; false if it is not or none is stored. */
    public boolean matches(char[] password) {
        try {
            if (!isSet()) return false;
            String[] f = Files.readString(file, StandardCharsets.US_ASCII).strip().split("\\$");
            if (f.length != 4 || !f[0].equals(PREFIX)) return false;
            byte[] salt = Base64.getDecoder().decode(f[2]);
            byte[] expected = Base64.getDecoder().decode(f[3]);
            return MessageDigest.isEqual(expected, hash(password, salt, Integer.parseInt(f[1])));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static byte[] hash(char[] password, byte[] salt, int iterations) {
        try {
            PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, 256);
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is missing from this JDK", e);
        }
    }
}

package org.nebulaha.sunstone.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.nebulaha.common.AtomicFiles;

/**
 * Sunstone sessions that survive a fail-over. The store is a file (default
 * {@code $ONE_LOCATION/var/sunstone/sessions}) beside oned's database, so the node that takes over
 * reads the same sessions; the browser's cookie is {@code <id>.<HMAC-SHA256(key, id)>}, signed with
 * a key kept in a file next to it ({@code sunstone.key}, mode 600, created on first start).
 * Each line: {@code id TAB user TAB expires-epoch-seconds TAB AES-GCM(password)}; the password is
 * kept (encrypted with a key derived from the same key file) because every oned call carries the
 * user's session, as OpenNebula's Sunstone does. Every change re-reads the file and rewrites it
 * atomically; an id not in memory is looked up in the file again before it is refused.
 */
public final class SessionStore {
    private static final System.Logger LOG = System.getLogger("sunstone.sessions");

    /** A logged-in user. */
    public record Session(String id, String user, long expires, String password) {
        public String oneSession() {
            return user + ":" + password;
        }
    }

    /** The outcome of a cookie look-up. */
    public enum Check { VALID, NO_COOKIE, BAD_SIGNATURE, UNKNOWN, EXPIRED }

    public record Found(Check check, Session session) {}

    private final Path file;
    private final byte[] key;
    /** The AES key for the passwords, derived from {@code key} once. */
    private final SecretKeySpec secretKey;
    private final Clock clock;
    private final Duration lifetime;
    private final Map<String, Session> sessions = new LinkedHashMap<>();
    private final SecureRandom random = new SecureRandom();

    public SessionStore(Path file, Path keyFile, Duration lifetime, Clock clock) throws IOException {
        this.file = file;
        this.clock = clock;
        this.lifetime = lifetime;
        this.key = loadOrCreateKey(keyFile);
        this.secretKey = deriveSecretKey(key);
        synchronized (this) {
            reload();
        }
    }

    private static byte[] loadOrCreateKey(Path keyFile) throws IOException {
        if (!Files.exists(keyFile)) {
            byte[] k = new byte[32];
            new SecureRandom().nextBytes(k);
            Files.createDirectories(keyFile.toAbsolutePath().getParent());
            AtomicFiles.write(keyFile, (HexFormat.of().formatHex(k) + "\n").getBytes(StandardCharsets.US_ASCII), PosixFilePermissions.fromString("rw-------"));
        }
        String hex = Files.readString(keyFile).strip();
        try {
            byte[] k = HexFormat.of().parseHex(hex);
            if (k.length < 16) throw new IllegalArgumentException("too short");
            return k;
        } catch (IllegalArgumentException e) {
            throw new IOException(keyFile + ": not a Sunstone cookie key (expected at least 32 hex digits): " + e.getMessage()
                    + "; delete it to create a new one (every user logs in again)");
        }
    }

    /** Creates a session for a user whose password oned accepted; returns the cookie value. */
    public synchronized String create(String user, String password) throws IOException {
        byte[] idBytes = new byte[18];
        random.nextBytes(idBytes);
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(idBytes);
        reload();
        sessions.put(id, new Session(id, user, clock.instant().plus(lifetime).getEpochSecond(), password));
        save();
        return id + "." + sign(id);
    }

    public synchronized Found find(String cookie) {
        if (cookie == null || cookie.isBlank()) return new Found(Check.NO_COOKIE, null);
        int dot = cookie.indexOf('.');
        if (dot <= 0 || !MessageDigest.isEqual(sign(cookie.substring(0, dot)).getBytes(StandardCharsets.US_ASCII),
                cookie.substring(dot + 1).getBytes(StandardCharsets.US_ASCII)))
            return new Found(Check.BAD_SIGNATURE, null);
        String id = cookie.substring(0, dot);
        Session s = sessions.get(id);
        if (s == null) {
            try {
                reload(); // another node (before a fail-over) may have written it
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "sunstone: cannot read sessions " + file + ": " + e.getMessage());
            }
            s = sessions.get(id);
        }
        if (s == null) return new Found(Check.UNKNOWN, null);
        if (s.expires() < clock.instant().getEpochSecond()) return new Found(Check.EXPIRED, s);
        return new Found(Check.VALID, s);
    }

    public synchronized void remove(String id) throws IOException {
        reload();
        if (sessions.remove(id) != null) save();
    }

    private String sign(String id) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(id.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static SecretKeySpec deriveSecretKey(byte[] key) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update("sunstone session secrets".getBytes(StandardCharsets.US_ASCII));
            return new SecretKeySpec(d.digest(key), "AES");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private String encrypt(String text) {
        try {
            byte[] iv = new byte[12];
            random.nextBytes(iv);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, secretKey, new GCMParameterSpec(128, iv));
            byte[] ct = c.doFinal(text.getBytes(StandardCharsets.UTF_8));
            byte[] all = new byte[iv.length + ct.length];
            System.arraycopy(iv, 0, all, 0, iv.length);
            System.arraycopy(ct, 0, all, iv.length, ct.length);
            return Base64.getEncoder().encodeToString(all);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private String decrypt(String b64) throws GeneralSecurityException {
        byte[] all = Base64.getDecoder().decode(b64);
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(Cipher.DECRYPT_MODE, secretKey, new GCMParameterSpec(128, all, 0, 12));
        return new String(c.doFinal(all, 12, all.length - 12), StandardCharsets.UTF_8);
    }

    private void reload() throws IOException {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            return;
        }
        Map<String, Session> fresh = new LinkedHashMap<>();
        long now = clock.instant().getEpochSecond();
        int n = 0;
        for (String line : text.split("\n")) {
            n++;
            if (line.isBlank()) continue;
            String[] f = line.split("\t", -1);
            try {
                if (f.length != 4) throw new IllegalArgumentException("expected 4 tab-separated fields, found " + f.length);
                long exp = Long.parseLong(f[2]);
                if (exp < now) continue; // expired sessions are dropped at the next write
                fresh.put(f[0], new Session(f[0], f[1], exp, decrypt(f[3])));
            } catch (IllegalArgumentException | GeneralSecurityException e) {
                LOG.log(System.Logger.Level.WARNING, "sunstone: " + file + ":" + n + ": session skipped (" + e.getMessage()
                        + "); a different sunstone.key wrote it?");
            }
        }
        sessions.clear();
        sessions.putAll(fresh);
    }

    private void save() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (Session s : sessions.values())
            sb.append(s.id()).append('\t').append(s.user()).append('\t').append(s.expires()).append('\t').append(encrypt(s.password())).append('\n');
        Files.createDirectories(file.toAbsolutePath().getParent());
        AtomicFiles.write(file, sb.toString().getBytes(StandardCharsets.UTF_8), PosixFilePermissions.fromString("rw-------"));
    }
}

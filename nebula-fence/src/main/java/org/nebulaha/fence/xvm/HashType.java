package org.nebulaha.fence.xvm;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;

/**
 * The digest used for packet signing and for the TCP challenge-response, with its wire code
 * (fence_req.hashtype). Digests are always carried left-aligned in a 64-byte field, zero padded.
 */
public enum HashType {
    NONE(0, "none", null),
    SHA1(1, "sha1", "SHA-1"),
    SHA256(2, "sha256", "SHA-256"),
    SHA512(3, "sha512", "SHA-512");

    /** Size of every digest field and every challenge on the wire. */
    public static final int FIELD = 64;

    private final int code;
    private final String word;
    private final String jdkName;

    HashType(int code, String word, String jdkName) {
        this.code = code;
        this.word = word;
        this.jdkName = jdkName;
    }

    public int code() {
        return code;
    }

    /** The configuration/command-line word: none, sha1, sha256, sha512. */
    public String word() {
        return word;
    }

    public static HashType ofCode(int code) {
        for (HashType h : values()) if (h.code == code) return h;
        throw new IllegalArgumentException("unknown hash type code " + code + " (known: 0 none, 1 sha1, 2 sha256, 3 sha512)");
    }

    public static HashType ofWord(String word) {
        String w = word.strip().toLowerCase(Locale.ROOT);
        for (HashType h : values()) if (h.word.equals(w)) return h;
        throw new IllegalArgumentException("unknown hash '" + word + "' (use none, sha1, sha256 or sha512)");
    }

    /** H(key || parts...) zero-padded to 64 bytes; all zero for {@link #NONE}. */
    public byte[] digest64(byte[] key, byte[]... parts) {
        byte[] out = new byte[FIELD];
        if (this == NONE) return out;
        MessageDigest md;
        try {
            md = MessageDigest.getInstance(jdkName);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JDK lacks " + jdkName, e);
        }
        md.update(key);
        for (byte[] p : parts) md.update(p);
        byte[] d = md.digest();
        System.arraycopy(d, 0, out, 0, d.length);
        return out;
    }

    /** Constant-time comparison of two 64-byte fields. */
    public static boolean sameField(byte[] a, byte[] b) {
        return a.length == b.length && MessageDigest.isEqual(a, b);
    }

    static byte[] zeros() {
        return new byte[FIELD];
    }
}

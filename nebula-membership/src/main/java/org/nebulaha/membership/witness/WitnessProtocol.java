package org.nebulaha.membership.witness;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The witness protocol (ours; not corosync-qnetd's wire format): UTF-8 lines inside TLS.
 *
 * <pre>
 * witness: NEBULA-WITNESS 1 NONCE_W
 * node:    HELLO CLUSTER NODEID TIMEOUT_MS NONCE_C MAC_C
 * witness: WELCOME MAC_W                     or  REFUSED reason, then it closes
 * node:    REPORT SEQ MEMBERS                (every timeout/5 and at each membership change; MEMBERS like 1,2)
 * witness: ACK SEQ MEMBERS | NACK SEQ VOTED_MEMBERS|- | WAIT SEQ   (to each report, and to every node when the vote moves)
 * </pre>
 *
 * Both sides prove they hold the cluster key: MAC_C and MAC_W are HMAC-SHA256 (key derived from the
 * cluster key, {@code ClusterKey.witnessKey()}) over a role word, the cluster, nodeid, timeout, both
 * random nonces and the SHA-256 of the witness's TLS certificate as the node saw it. The certificate
 * is self-signed and not otherwise trusted: binding it into the MACs is what stops a man in the
 * middle (who would show the node another certificate). SEQ in an answer is the latest report the
 * witness had from that node; the node counts the answer fresh for the timeout from when it sent
 * that report.
 */
public final class WitnessProtocol {
    public static final String BANNER = "NEBULA-WITNESS";
    public static final int VERSION = 1;
    /** Longest line either side accepts. */
    public static final int MAX_LINE = 1024;
    private static final SecureRandom RANDOM = new SecureRandom();

    private WitnessProtocol() {}

    public static String nonce() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** The MAC of {@code role} ("hello" for the node, "welcome" for the witness). */
    public static String mac(byte[] key, String role, String cluster, int nodeid, long timeoutMs, String nonceW, String nonceC,
                             String certFingerprint) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            String text = String.join("|", role, String.valueOf(VERSION), cluster, String.valueOf(nodeid), String.valueOf(timeoutMs),
                    nonceW, nonceC, certFingerprint);
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JDK", e);
        }
    }

    /** Compares two MACs in constant time. */
    public static boolean sameMac(String a, String b) {
        return a != null && b != null && MessageDigest.isEqual(a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
    }

    /** "1,2" (sorted). */
    public static String members(Set<Integer> ids) {
        return new TreeSet<>(ids).stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    /** Parses "1,2"; throws IllegalArgumentException on anything else. */
    public static Set<Integer> parseMembers(String text) {
        if (!text.matches("\\d{1,9}(,\\d{1,9}){0,63}")) throw new IllegalArgumentException("bad member list '" + text + "'");
        return Arrays.stream(text.split(",")).map(Integer::valueOf).collect(Collectors.toCollection(TreeSet::new));
    }

    /** Reads one line of at most {@link #MAX_LINE} bytes (without the newline). */
    public static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(64);
        while (true) {
            int c = in.read();
            if (c < 0) throw new EOFException("connection closed");
            if (c == '\n') return b.toString(StandardCharsets.UTF_8);
            if (b.size() >= MAX_LINE) throw new IOException("line longer than " + MAX_LINE + " bytes");
            b.write(c);
        }
    }

    public static void writeLine(OutputStream out, String line) throws IOException {
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}

package org.nebulaha.fence.xvm;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.SecureRandom;

/**
 * The mutual authentication on the TCP callback. The side that accepted the connection
 * (the client, fence_xvm) challenges first:
 * <ol>
 *   <li>client sends 64 random bytes C1; server answers H(key || C1) zero-padded to 64;</li>
 *   <li>server sends 64 random bytes C2; client answers H(key || C2).</li>
 * </ol>
 * Each side compares all 64 bytes. With {@link HashType#NONE} nothing is exchanged.
 */
public final class ChallengeResponse {
    private static final SecureRandom RANDOM = new SecureRandom();

    private ChallengeResponse() {}

    /** The answer to {@code challenge}: H(key || challenge), zero padded to 64 bytes. */
    public static byte[] answer(HashType auth, byte[] key, byte[] challenge) {
        return auth.digest64(key, challenge);
    }

    /** Sends a fresh challenge and checks the peer's answer; false if the answer is wrong. */
    public static boolean challenge(HashType auth, byte[] key, InputStream in, OutputStream out) throws IOException {
        if (auth == HashType.NONE) return true;
        byte[] c = new byte[HashType.FIELD];
        RANDOM.nextBytes(c);
        out.write(c);
        out.flush();
        byte[] got = readFully(in, HashType.FIELD);
        return HashType.sameField(answer(auth, key, c), got);
    }

    /** Reads the peer's challenge and answers it. */
    public static void respond(HashType auth, byte[] key, InputStream in, OutputStream out) throws IOException {
        if (auth == HashType.NONE) return;
        byte[] c = readFully(in, HashType.FIELD);
        out.write(answer(auth, key, c));
        out.flush();
    }

    public static byte[] readFully(InputStream in, int n) throws IOException {
        byte[] b = in.readNBytes(n);
        if (b.length != n) throw new EOFException("connection closed after " + b.length + " of " + n + " bytes");
        return b;
    }
}

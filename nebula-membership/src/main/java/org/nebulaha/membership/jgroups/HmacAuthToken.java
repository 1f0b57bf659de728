package org.nebulaha.membership.jgroups;

import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jgroups.Address;
import org.jgroups.Message;
import org.jgroups.auth.AuthToken;
import org.jgroups.util.UUID;

/**
 * The AUTH token a node puts on its JOIN and MERGE requests: HMAC-SHA256, keyed by the cluster key,
 * over the cluster name, the sender's address, a timestamp and a random nonce. The coordinator
 * accepts it only when the HMAC matches, the sender is the message's source, the timestamp is within
 * {@link #MAX_SKEW_MS} of its own clock and the nonce was not seen before; so a captured request
 * cannot be replayed (and it travels inside the sealed channel anyway).
 *
 * <p>JGroups creates the received copy with the no-argument constructor and {@link #readFrom}; the
 * configured instance (with the key) checks it in {@link #authenticate}.
 */
public class HmacAuthToken extends AuthToken {
    /** Node clocks must agree within this (NTP), as with Kerberos. */
    public static final long MAX_SKEW_MS = 60_000;
    private static final int NONCE_BYTES = 16;
    private static final int MAX_FIELD = 512;
    private static final System.Logger LOG = System.getLogger("auth");

    private final byte[] key;
    private final String clusterName;
    private final SecureRandom random = new SecureRandom();
    /** nonce (hex) -> timestamp, oldest first; entries older than twice the skew are dropped */
    private final Map<String, Long> seen = new LinkedHashMap<>();

    // fields of a received token
    private String sender = "";
    private long timestamp;
    private byte[] nonce = new byte[0];
    private byte[] proof = new byte[0];

    /** For JGroups, which creates received tokens reflectively. */
    public HmacAuthToken() {
        this(null, "");
    }

    public HmacAuthToken(byte[] key, String clusterName) {
        this.key = key == null ? null : key.clone();
        this.clusterName = clusterName;
    }

    @Override
    public String getName() {
        return getClass().getName();
    }

    @Override
    public boolean authenticate(AuthToken token, Message msg) {
        String from = id(msg.getSrc());
        // a request this node sends to itself is delivered without serialization: the header still
        // holds our own configured token, and nobody outside this process can produce that
        if (token == this && auth != null && msg.getSrc() != null && msg.getSrc().equals(auth.getAddress())) return true;
        if (!(token instanceof HmacAuthToken t)) {
            LOG.log(System.Logger.Level.WARNING, "refused " + from + ": no nebula-ha token (another cluster stack?)");
            return false;
        }
        if (key == null) return false;
        if (!from.equals(t.sender)) {
            LOG.log(System.Logger.Level.WARNING, "refused " + from + ": token was made for " + t.sender);
            return false;
        }
        long now = System.currentTimeMillis();
        if (Math.abs(now - t.timestamp) > MAX_SKEW_MS) {
            LOG.log(System.Logger.Level.WARNING, "refused " + from + ": token time is " + (now - t.timestamp)
                    + " ms off our clock (limit " + MAX_SKEW_MS + " ms); sync the clocks (NTP)");
            return false;
        }
        if (!MessageDigest.isEqual(mac(t.sender, t.timestamp, t.nonce), t.proof)) {
            LOG.log(System.Logger.Level.WARNING, "refused " + from + ": wrong HMAC; its cluster key differs from ours");
            return false;
        }
        if (!remember(HexFormat.of().formatHex(t.nonce), t.timestamp, now)) {
            LOG.log(System.Logger.Level.WARNING, "refused " + from + ": replayed token (nonce seen before)");
            return false;
        }
        return true;
    }

    private synchronized boolean remember(String nonceHex, long ts, long now) {
        for (Iterator<Long> it = seen.values().iterator(); it.hasNext(); ) {
            if (now - it.next() > 2 * MAX_SKEW_MS || seen.size() > 100_000) it.remove();
            else break;
        }
        return seen.putIfAbsent(nonceHex, ts) == null;
    }

    @Override
    public void writeTo(DataOutput out) throws IOException {
        String who = auth != null ? id(auth.getAddress()) : "";
        long ts = System.currentTimeMillis();
        byte[] n = new byte[NONCE_BYTES];
        random.nextBytes(n);
        byte[] p = key == null ? new byte[0] : mac(who, ts, n);
        out.writeUTF(who);
        out.writeLong(ts);
        out.writeShort(n.length);
        out.write(n);
        out.writeShort(p.length);
        out.write(p);
    }

    @Override
    public void readFrom(DataInput in) throws IOException {
        sender = in.readUTF();
        timestamp = in.readLong();
        nonce = readBytes(in);
        proof = readBytes(in);
    }

    private static byte[] readBytes(DataInput in) throws IOException {
        int len = in.readUnsignedShort();
        if (len > MAX_FIELD) throw new IOException("auth token field of " + len + " bytes (limit " + MAX_FIELD + ")");
        byte[] b = new byte[len];
        in.readFully(b);
        return b;
    }

    @Override
    public int size() {
        return 2 + 3 * 40 + 8 + 2 + NONCE_BYTES + 2 + 32;
    }

    private byte[] mac(String who, long ts, byte[] n) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream d = new DataOutputStream(bytes);
            d.writeUTF("nebula-ha join");
            d.writeUTF(clusterName);
            d.writeUTF(who);
            d.writeLong(ts);
            d.write(n);
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(new SecretKeySpec(key, "HmacSHA256"));
            return m.doFinal(bytes.toByteArray());
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot compute the join HMAC", e);
        }
    }

    static String id(Address a) {
        return a == null ? "" : a instanceof UUID u ? u.toStringLong() : a.toString();
    }
}

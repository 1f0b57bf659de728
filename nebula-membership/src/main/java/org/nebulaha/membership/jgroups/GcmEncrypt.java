package org.nebulaha.membership.jgroups;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.jgroups.Address;
import org.jgroups.BytesMessage;
import org.jgroups.Message;
import org.jgroups.util.ByteArray;
import org.jgroups.util.MessageBatch;
import org.jgroups.util.Util;

/**
 * Our authenticated encryption layer, directly above the transport: every message (headers and
 * payload, so discovery, heartbeats and views too) travels sealed with AES-256-GCM. JGroups'
 * SYM_ENCRYPT offers only unauthenticated modes (CBC) and leaves headers and empty messages in the
 * clear, so a message altered in flight went undetected.
 *
 * <p>Wire format: version byte, 16-byte session salt, 12-byte nonce, then GCM over the sender's
 * address, its epoch (random per start), its message number, its clock, and the whole JGroups
 * message. Each start of a sender draws a random salt and seals under its own session key,
 * HMAC-SHA256(cluster channel key, salt); the nonce is the message number. So a nonce is never used
 * twice under one key, however long the cluster key lives (random 96-bit nonces under the one
 * cluster key would reach GCM's 2^32-message limit in the life of a busy cluster). Received:
 * <ol>
 *   <li>the tag must verify (else <em>forged</em>);</li>
 *   <li>the sealed sender must be the connection's sender and the sealed destination (a member address) us or everyone
 *       (else <em>forged</em>: a copy redirected to another member);</li>
 *   <li>{@link ReplayGuard} must call it fresh (else <em>replayed</em> or <em>stale</em>).</li>
 * </ol>
 * Refusals are counted ({@link #stats()}, shown by {@code cman_tool status -v}) and logged at most
 * once per {@link #LOG_INTERVAL_MS}; a refused message is dropped and the reliable layers above
 * retransmit the genuine one, so the cluster carries on.
 */
public class GcmEncrypt extends org.jgroups.stack.Protocol {
    static final byte VERSION = 2;
    static final int SALT_BYTES = 16;
    static final int NONCE_BYTES = 12;
    /** Version, salt and nonce: what precedes the ciphertext. */
    static final int HEAD_BYTES = 1 + SALT_BYTES + NONCE_BYTES;
    private static final int SESSION_KEYS_KEPT = 64;
    static final int TAG_BITS = 128;
    static final long LOG_INTERVAL_MS = 10_000;
    private static final byte[] AAD = "nebula-ha channel v2".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SESSION_LABEL = "nebula-ha gcm session v2".getBytes(StandardCharsets.US_ASCII);

    private final SecretKey key;
    private final byte[] salt = new byte[SALT_BYTES];
    private SecretKey sessionKey;
    /** Peers' session keys by salt, kept once a message under them verified (deriving one is an HMAC). */
    private final Map<ByteBuffer, SecretKey> peerKeys = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<ByteBuffer, SecretKey> eldest) {
            return size() > SESSION_KEYS_KEPT;
        }
    };
    private final long epoch = ThreadLocalRandom.current().nextLong();
    private final AtomicLong seq = new AtomicLong();
    /** A sender's start: its address (compared as an address, not by its printed name, which changes once
     *  JGroups learns the logical name) and the random epoch it sealed with. */
    record SenderEpoch(Address sender, long epoch) {}

    private final ReplayGuard<SenderEpoch> guard = new ReplayGuard<>(System::currentTimeMillis);
    private final ThreadLocal<Cipher> ciphers = ThreadLocal.withInitial(GcmEncrypt::newCipher);
    private final LongAdder accepted = new LongAdder(), forged = new LongAdder(), replayed = new LongAdder(),
            stale = new LongAdder();
    private final AtomicLong lastLog = new AtomicLong();

    /** For JGroups' reflection only; a stack built by {@link ClusterStack} passes the key. */
    public GcmEncrypt() {
        this(null);
    }

    public GcmEncrypt(SecretKey key) {
        this.key = key;
        if (key != null) {
            new SecureRandom().nextBytes(salt);
            sessionKey = sessionKey(key, salt, 0);
        }
    }

    /** The AES-256 key of one sender's start: HMAC-SHA256(channel key, label || salt). */
    private static SecretKey sessionKey(SecretKey channelKey, byte[] buf, int saltOffset) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(channelKey.getEncoded(), "HmacSHA256"));
            mac.update(SESSION_LABEL);
            mac.update(buf, saltOffset, SALT_BYTES);
            return new SecretKeySpec(mac.doFinal(), "AES");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JDK", e);
        }
    }

    private SecretKey peerKey(byte[] buf, int saltOffset) {
        ByteBuffer id = ByteBuffer.wrap(buf, saltOffset, SALT_BYTES).slice();
        synchronized (peerKeys) {
            SecretKey k = peerKeys.get(id);
            if (k != null) return k;
        }
        return sessionKey(key, buf, saltOffset);
    }

    private void rememberPeerKey(byte[] buf, int saltOffset, SecretKey k) {
        ByteBuffer id = ByteBuffer.wrap(Arrays.copyOfRange(buf, saltOffset, saltOffset + SALT_BYTES));
        synchronized (peerKeys) {
            peerKeys.putIfAbsent(id, k);
        }
    }

    public ChannelStats stats() {
        return new ChannelStats(accepted.sum(), forged.sum(), replayed.sum(), stale.sum());
    }

    private static Cipher newCipher() {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM is not available in this JDK", e);
        }
    }

    @Override
    public void init() throws Exception {
        if (key == null) throw new IllegalStateException("GcmEncrypt needs the cluster key");
        super.init();
    }

    // ---------------------------------------------------------------- sending

    @Override
    public Object down(Message msg) {
        try {
            return down_prot.down(seal(msg));
        } catch (Exception e) {
            log.warn("%s: could not seal a message to %s: %s", local_addr, msg.dest(), e);
            return null;
        }
    }

    Message seal(Message msg) throws Exception {
        ByteArray inner = Util.messageToBuffer(msg);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(inner.getLength() + 64);
        DataOutputStream out = new DataOutputStream(bytes);
        Util.writeAddress(local_addr, out);
        long n = seq.getAndIncrement();
        out.writeLong(epoch);
        out.writeLong(n);
        out.writeLong(System.currentTimeMillis());
        out.write(inner.getArray(), inner.getOffset(), inner.getLength());
        out.flush();
        byte[] plain = bytes.toByteArray();

        byte[] nonce = ByteBuffer.allocate(NONCE_BYTES).putInt(0).putLong(n).array(); // unique under this start's key
        Cipher c = ciphers.get();
        c.init(Cipher.ENCRYPT_MODE, sessionKey, new GCMParameterSpec(TAG_BITS, nonce));
        c.updateAAD(AAD);
        byte[] sealed = new byte[HEAD_BYTES + c.getOutputSize(plain.length)];
        sealed[0] = VERSION;
        System.arraycopy(salt, 0, sealed, 1, SALT_BYTES);
        System.arraycopy(nonce, 0, sealed, 1 + SALT_BYTES, NONCE_BYTES);
        c.doFinal(plain, 0, plain.length, sealed, HEAD_BYTES);

        // the flags steer the transport (OOB thread pool, no loopback, no bundling); the sealed copy inside is what counts
        Message out2 = new BytesMessage(msg.dest(), sealed);
        out2.setFlag(msg.getFlags(false), false, true); // (flags, transient?, add to existing)
        out2.setFlag(msg.getFlags(true), true, true);
        return out2;
    }

    // ---------------------------------------------------------------- receiving

    @Override
    public Object up(Message msg) {
        Message inner = open(msg, msg.src());
        return inner == null ? null : up_prot.up(inner);
    }

    @Override
    public void up(MessageBatch batch) {
        for (Iterator<Message> it = batch.iterator(); it.hasNext(); ) {
            Message m = it.next();
            Message inner = open(m, m.src() != null ? m.src() : batch.sender());
            if (inner == null) it.remove();
            else ((org.jgroups.util.FastArray<Message>.FastIterator) it).replace(inner);
        }
        if (!batch.isEmpty()) up_prot.up(batch);
    }

    /** The authentic, fresh message inside {@code msg}, or null (counted) when it is not. */
    Message open(Message msg, Address from) {
        byte[] plain;
        try {
            byte[] buf = msg.getArray();
            int off = msg.getOffset(), len = msg.getLength();
            if (buf == null || len < HEAD_BYTES + TAG_BITS / 8 || buf[off] != VERSION)
                return refuse(forged, "a message without our seal", from);
            SecretKey k = peerKey(buf, off + 1);
            Cipher c = ciphers.get();
            c.init(Cipher.DECRYPT_MODE, k, new GCMParameterSpec(TAG_BITS, buf, off + 1 + SALT_BYTES, NONCE_BYTES));
            c.updateAAD(AAD);
            plain = c.doFinal(buf, off + HEAD_BYTES, len - HEAD_BYTES);
            rememberPeerKey(buf, off + 1, k);
        } catch (AEADBadTagException e) {
            return refuse(forged, "a message that fails authentication (altered, or another cluster key)", from);
        } catch (GeneralSecurityException e) {
            return refuse(forged, "a message that cannot be opened: " + e, from);
        }
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(plain));
            Address sender = Util.readAddress(in);
            long senderEpoch = in.readLong(), n = in.readLong(), ts = in.readLong();
            int head = plain.length - in.available();
            if (sender == null || (from != null && !from.equals(sender)))
                return refuse(forged, "a message sealed by " + sender, from);
            Message inner = Util.messageFromBuffer(plain, head, plain.length - head);
            // discovery goes to transport addresses; only a member address can be compared with ours
            if (inner.dest() instanceof org.jgroups.util.UUID to && local_addr != null && !to.equals(local_addr))
                return refuse(forged, "a message for " + inner.dest() + " redirected to us by", from);
            switch (guard.check(new SenderEpoch(sender, senderEpoch), n, ts)) {
                case DUPLICATE, TOO_OLD -> {
                    return refuse(replayed, "a replayed message (number " + n + " seen before or too old)", from);
                }
                case STALE -> {
                    return refuse(stale, "a message stamped " + (System.currentTimeMillis() - ts) + " ms ago", from);
                }
                case FRESH -> { }
            }
            inner.setSrc(sender);
            accepted.increment();
            return inner;
        } catch (Exception e) {
            // authentic but unreadable: a sender with a different JGroups version
            return refuse(forged, "an authentic but unreadable message (" + e + ")", from);
        }
    }

    private Message refuse(LongAdder counter, String what, Address from) {
        counter.increment();
        long now = System.currentTimeMillis(), last = lastLog.get();
        if (now - last >= LOG_INTERVAL_MS && lastLog.compareAndSet(last, now))
            log.warn("%s: refused %s from %s; refused so far: %s", local_addr, what, from, stats());
        return null;
    }
}

package org.nebulaha.membership.jgroups;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.jgroups.Address;
import org.jgroups.BytesMessage;
import org.jgroups.Message;
import org.jgroups.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Seal and open without a channel: every single-bit change is refused, counted, and never delivered. */
class GcmEncryptTest {
    @TempDir
    Path dir;

    final Address a = UUID.randomUUID(), b = UUID.randomUUID(), c = UUID.randomUUID();

    GcmEncrypt layer(ClusterKey key, Address self) {
        GcmEncrypt g = new GcmEncrypt(key.channelKey());
        g.addr(self);
        return g;
    }

    @Test
    void anAuthenticMessageOpensOnceWithItsSenderAndPayload() throws Exception {
        ClusterKey key = ClusterKey.loadOrCreate(dir.resolve("k"));
        GcmEncrypt sender = layer(key, a), receiver = layer(key, b);
        Message sealed = sender.seal(new BytesMessage(null, "hello".getBytes()).setFlag(Message.Flag.OOB));
        assertThat(new String(sealed.getArray(), sealed.getOffset(), sealed.getLength())).doesNotContain("hello");
        assertThat(sealed.isFlagSet(Message.Flag.OOB)).as("transport flags are kept outside").isTrue();

        Message opened = receiver.open(sealed, a);
        assertThat(opened).isNotNull();
        assertThat(opened.src()).isEqualTo(a);
        assertThat(new String(opened.getArray(), opened.getOffset(), opened.getLength())).isEqualTo("hello");
        assertThat(opened.isFlagSet(Message.Flag.OOB)).isTrue();

        assertThat(receiver.open(sealed, a)).as("the same message again").isNull();
        assertThat(receiver.stats()).isEqualTo(new ChannelStats(1, 0, 1, 0));
    }

    @Test
    void everyFlippedBitIsRefusedAsForged() throws Exception {
        ClusterKey key = ClusterKey.loadOrCreate(dir.resolve("k"));
        GcmEncrypt sender = layer(key, a), receiver = layer(key, b);
        Message sealed = sender.seal(new BytesMessage(b, "fence one-server2".getBytes()));
        byte[] wire = sealed.getArray();
        int bits = sealed.getLength() * 8;
        assertThat(bits).isGreaterThan(8 * (GcmEncrypt.HEAD_BYTES + 16));
        for (int i = 0; i < bits; i++) {
            byte[] copy = wire.clone();
            copy[sealed.getOffset() + i / 8] ^= (byte) (1 << (i % 8));
            assertThat(receiver.open(new BytesMessage(b, copy), a)).as("bit %d flipped", i).isNull();
        }
        assertThat(receiver.stats()).isEqualTo(new ChannelStats(0, bits, 0, 0));
        assertThat(receiver.open(sealed, a)).as("the genuine one still passes").isNotNull();
    }

    @Test
    void anotherKeyASpoofedSenderOrARedirectedUnicastIsForged() throws Exception {
        GcmEncrypt sender = layer(ClusterKey.loadOrCreate(dir.resolve("k")), a);
        GcmEncrypt receiver = layer(ClusterKey.loadOrCreate(dir.resolve("k")), b);
        GcmEncrypt stranger = layer(ClusterKey.loadOrCreate(dir.resolve("other")), c);
        GcmEncrypt third = layer(ClusterKey.loadOrCreate(dir.resolve("k")), c);

        assertThat(receiver.open(stranger.seal(new BytesMessage(null, "x".getBytes())), c)).isNull();
        assertThat(receiver.open(sender.seal(new BytesMessage(null, "x".getBytes())), c)).as("claims another sender").isNull();
        assertThat(receiver.open(sender.seal(new BytesMessage(c, "x".getBytes())), a)).as("unicast meant for c").isNull();
        assertThat(receiver.open(new BytesMessage(null, "plain".getBytes()), a)).as("not sealed at all").isNull();
        assertThat(receiver.stats().forged()).isEqualTo(4);
        assertThat(third.open(sender.seal(new BytesMessage(c, "x".getBytes())), a)).isNotNull();
    }

    @Test
    void aSendersReplayWindowStaysOneWhenJGroupsLearnsItsName() {
        org.jgroups.util.UUID u = org.jgroups.util.UUID.randomUUID();
        ReplayGuard<GcmEncrypt.SenderEpoch> guard = new ReplayGuard<>(System::currentTimeMillis);
        long now = System.currentTimeMillis();
        assertThat(guard.check(new GcmEncrypt.SenderEpoch(u, 7), 100, now)).isEqualTo(ReplayGuard.Verdict.FRESH);
        String before = u.toString();
        org.jgroups.util.NameCache.add(u, "one-server2-" + before); // as discovery does: the printed name changes
        assertThat(u.toString()).isNotEqualTo(before);
        assertThat(guard.check(new GcmEncrypt.SenderEpoch(u, 7), 100, now)).as("the same message again").isEqualTo(ReplayGuard.Verdict.DUPLICATE);
    }

    @Test
    void aStartSealsUnderItsOwnSaltAndNeverRepeatsANonce() throws Exception {
        ClusterKey key = ClusterKey.loadOrCreate(dir.resolve("k"));
        GcmEncrypt first = layer(key, a), restarted = layer(key, a), receiver = layer(key, b);
        java.util.Set<String> saltAndNonce = new java.util.HashSet<>(), salts = new java.util.HashSet<>();
        for (GcmEncrypt start : java.util.List.of(first, restarted)) {
            for (int i = 0; i < 500; i++) {
                Message sealed = start.seal(new BytesMessage(null, ("m" + i).getBytes()));
                byte[] w = java.util.Arrays.copyOfRange(sealed.getArray(), sealed.getOffset(), sealed.getOffset() + GcmEncrypt.HEAD_BYTES);
                String salt = java.util.HexFormat.of().formatHex(w, 1, 1 + GcmEncrypt.SALT_BYTES);
                salts.add(salt);
                assertThat(saltAndNonce.add(java.util.HexFormat.of().formatHex(w))).as("salt and nonce used once").isTrue();
                assertThat(receiver.open(sealed, a)).isNotNull();
            }
        }
        assertThat(salts).as("one salt per start").hasSize(2);
        assertThat(receiver.stats().accepted()).isEqualTo(1000);
    }
}

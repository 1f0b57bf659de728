package org.nebulaha.membership.jgroups;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.nio.file.Path;
import org.jgroups.BytesMessage;
import org.jgroups.Message;
import org.jgroups.protocols.AUTH;
import org.jgroups.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HmacAuthTokenTest {
    @TempDir
    Path dir;

    /** The bytes a joiner with {@code key} puts on its JOIN request as {@code sender}. */
    static byte[] joinToken(byte[] key, String cluster, UUID sender) throws Exception {
        HmacAuthToken t = new HmacAuthToken(key, cluster);
        AUTH auth = new AUTH();
        auth.setAddress(sender);
        t.setAuth(auth);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        t.writeTo(new DataOutputStream(bytes));
        return bytes.toByteArray();
    }

    static HmacAuthToken received(byte[] wire) throws Exception {
        HmacAuthToken t = new HmacAuthToken();
        t.readFrom(new DataInputStream(new ByteArrayInputStream(wire)));
        return t;
    }

    static Message from(UUID src) {
        return new BytesMessage().setSrc(src);
    }

    byte[] key(String name) throws Exception {
        return ClusterKey.loadOrCreate(dir.resolve(name)).authKey();
    }

    @Test
    void acceptsATokenMadeWithTheClusterKeyOnce() throws Exception {
        byte[] k = key("a.key");
        UUID joiner = UUID.randomUUID();
        HmacAuthToken coordinator = new HmacAuthToken(k, "lab");
        byte[] wire = joinToken(k, "lab", joiner);
        assertThat(coordinator.authenticate(received(wire), from(joiner))).isTrue();
        assertThat(coordinator.authenticate(received(wire), from(joiner))).as("replayed").isFalse();
        assertThat(coordinator.authenticate(received(joinToken(k, "lab", joiner)), from(joiner))).as("fresh token").isTrue();
    }

    @Test
    void refusesAnotherKeyAnotherClusterAndAnotherSender() throws Exception {
        byte[] k = key("a.key");
        UUID joiner = UUID.randomUUID();
        HmacAuthToken coordinator = new HmacAuthToken(k, "lab");
        assertThat(coordinator.authenticate(received(joinToken(key("b.key"), "lab", joiner)), from(joiner))).isFalse();
        assertThat(coordinator.authenticate(received(joinToken(k, "other", joiner)), from(joiner))).isFalse();
        assertThat(coordinator.authenticate(received(joinToken(k, "lab", joiner)), from(UUID.randomUUID()))).isFalse();
    }

    @Test
    void refusesGarbage() throws Exception {
        byte[] k = key("a.key");
        byte[] wire = joinToken(k, "lab", UUID.randomUUID());
        wire[wire.length - 1] ^= 1; // one bit of the HMAC
        UUID any = UUID.randomUUID();
        assertThat(new HmacAuthToken(k, "lab").authenticate(received(wire), from(any))).isFalse();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> received(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff}))
                .isInstanceOf(java.io.IOException.class);
    }
}

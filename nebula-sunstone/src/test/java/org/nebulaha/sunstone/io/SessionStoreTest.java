package org.nebulaha.sunstone.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionStoreTest {
    @TempDir Path tmp;
    final Clock t0 = Clock.fixed(Instant.parse("2026-11-25T10:00:00Z"), ZoneOffset.UTC);

    SessionStore store(Clock c) throws Exception {
        return new SessionStore(tmp.resolve("sessions"), tmp.resolve("sunstone.key"), Duration.ofHours(1), c);
    }

    @Test
    void aSecondStoreOnTheSameFilesKnowsTheSessionAndThePasswordIsNotStoredInClear() throws Exception {
        String cookie = store(t0).create("oneadmin", "s3cret");
        SessionStore.Found f = store(t0).find(cookie);
        assertThat(f.check()).isEqualTo(SessionStore.Check.VALID);
        assertThat(f.session().oneSession()).isEqualTo("oneadmin:s3cret");
        assertThat(Files.readString(tmp.resolve("sessions"))).contains("oneadmin").doesNotContain("s3cret");
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve("sunstone.key")))).isEqualTo("rw-------");
    }

    @Test
    void tamperedUnknownAndExpiredCookiesAreTold() throws Exception {
        SessionStore s = store(t0);
        String cookie = s.create("oneadmin", "pw");
        assertThat(s.find(cookie.substring(0, cookie.length() - 2) + "xx").check()).isEqualTo(SessionStore.Check.BAD_SIGNATURE);
        assertThat(s.find(null).check()).isEqualTo(SessionStore.Check.NO_COOKIE);
        assertThat(store(Clock.offset(t0, Duration.ofHours(2))).find(cookie).check()).isEqualTo(SessionStore.Check.UNKNOWN); // dropped on load
        assertThat(Clock.offset(t0, Duration.ofHours(2)).instant()).isAfter(t0.instant());
        SessionStore late = store(t0);
        s.remove(cookie.substring(0, cookie.indexOf('.')));
        assertThat(late.find(cookie).check()).isEqualTo(SessionStore.Check.VALID); // still in memory of a store that read it before
        assertThat(store(t0).find(cookie).check()).isEqualTo(SessionStore.Check.UNKNOWN);
    }

    @Test
    void aKeyFileThatIsNotAKeyIsRefusedWithWhatToDo() throws Exception {
        Files.writeString(tmp.resolve("sunstone.key"), "hello\n");
        assertThatThrownBy(() -> store(t0)).hasMessageContaining("sunstone.key: not a Sunstone cookie key").hasMessageContaining("delete it");
    }
}

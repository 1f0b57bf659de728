package org.nebulaha.membership.jgroups;

import static org.assertj.core.api.Assertions.assertThat;
import static org.nebulaha.membership.jgroups.ReplayGuard.Verdict.DUPLICATE;
import static org.nebulaha.membership.jgroups.ReplayGuard.Verdict.FRESH;
import static org.nebulaha.membership.jgroups.ReplayGuard.Verdict.STALE;
import static org.nebulaha.membership.jgroups.ReplayGuard.Verdict.TOO_OLD;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ReplayGuardTest {
    final AtomicLong now = new AtomicLong(1_000_000);
    final ReplayGuard<String> guard = new ReplayGuard<>(now::get);

    @Test
    void messagesThatOvertakeEachOtherPassButNoNumberPassesTwice() {
        assertThat(guard.check("a/1", 10, now.get())).isEqualTo(FRESH);
        assertThat(guard.check("a/1", 12, now.get())).isEqualTo(FRESH);
        assertThat(guard.check("a/1", 11, now.get())).isEqualTo(FRESH);
        assertThat(guard.check("a/1", 9, now.get())).as("below the first one seen, within the window").isEqualTo(FRESH);
        assertThat(guard.check("a/1", 11, now.get())).isEqualTo(DUPLICATE);
        assertThat(guard.check("a/1", 12, now.get())).isEqualTo(DUPLICATE);
        assertThat(guard.check("a/1", 9, now.get())).isEqualTo(DUPLICATE);
    }

    @Test
    void aNumberThatFellOutOfTheWindowIsRefusedEvenIfNeverSeen() {
        assertThat(guard.check("a/1", 5, now.get())).isEqualTo(FRESH);
        assertThat(guard.check("a/1", 5 + ReplayGuard.WINDOW + 3, now.get())).isEqualTo(FRESH);
        assertThat(guard.check("a/1", 6, now.get())).isEqualTo(TOO_OLD);
        assertThat(guard.check("a/1", 5 + 4, now.get())).as("just inside the window, never seen").isEqualTo(FRESH);
        // slots reused after the window moved on are not mistaken for old ones
        assertThat(guard.check("a/1", 5 + ReplayGuard.WINDOW + 2, now.get())).isEqualTo(FRESH);
    }

    @Test
    void aNewEpochOfTheSameNodeStartsAFreshWindow() {
        assertThat(guard.check("a/1", 500, now.get())).isEqualTo(FRESH);
        assertThat(guard.check("a/2", 0, now.get())).isEqualTo(FRESH);
        assertThat(guard.check("a/2", 1, now.get())).isEqualTo(FRESH);
        assertThat(guard.check("a/1", 500, now.get())).isEqualTo(DUPLICATE);
    }

    @Test
    void timestampsFarFromOurClockAreStaleEitherWay() {
        assertThat(guard.check("a/1", 0, now.get() - ReplayGuard.MAX_AGE_MS - 1)).isEqualTo(STALE);
        assertThat(guard.check("a/1", 1, now.get() + ReplayGuard.MAX_AGE_MS + 1)).isEqualTo(STALE);
        assertThat(guard.check("a/1", 2, now.get() - ReplayGuard.MAX_AGE_MS)).isEqualTo(FRESH);
    }

    @Test
    void aForgottenSendersOldMessagesAreRefusedByTheirAge() {
        long sent = now.get();
        assertThat(guard.check("a/1", 7, sent)).isEqualTo(FRESH);
        now.addAndGet(2 * ReplayGuard.MAX_AGE_MS + 1);
        guard.check("b/1", 0, now.get()); // triggers the sweep
        assertThat(guard.senders()).as("a's window was dropped").isEqualTo(1);
        assertThat(guard.check("a/1", 7, sent)).isEqualTo(STALE);
    }
}

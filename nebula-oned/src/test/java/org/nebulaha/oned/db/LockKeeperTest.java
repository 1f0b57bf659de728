package org.nebulaha.oned.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The keep-alive's decisions on a fake clock: when the session counts as possibly lost, and that it is reported once. */
class LockKeeperTest {
    final AtomicLong now = new AtomicLong(1_000_000_000L);
    final List<String> lost = new ArrayList<>();
    boolean failing;

    LockKeeper keeper() {
        return new LockKeeper(() -> {
            if (failing) throw new SQLException("Connection reset");
        }, 10_000, now::get, lost::add);
    }

    void advanceMillis(long ms) {
        now.addAndGet(ms * 1_000_000L);
    }

    @Test
    void answeredPingsKeepTheLock() {
        LockKeeper k = keeper();
        for (int i = 0; i < 20; i++) {
            advanceMillis(2500);
            k.ping();
            k.check();
        }
        assertThat(lost).isEmpty();
        assertThat(k.isLost()).isFalse();
    }

    @Test
    void aFailedPingIsALossReportedOnce() {
        LockKeeper k = keeper();
        advanceMillis(2500);
        failing = true;
        k.ping();
        k.ping();
        k.check();
        assertThat(lost).hasSize(1);
        assertThat(lost.get(0)).contains("the keep-alive ping failed: Connection reset");
        assertThat(k.isLost()).isTrue();
    }

    @Test
    void unansweredPingsAreALossBeforeTheServerCanEndTheSession() {
        LockKeeper k = keeper();
        advanceMillis(2500);
        k.ping(); // answered: sent at t = 2.5 s, so the server keeps the session at least until 12.5 s
        advanceMillis(7400); // a hung ping: nothing answered since; 7.4 s < 3/4 of LOCK_TIMEOUT
        k.check();
        assertThat(lost).isEmpty();
        advanceMillis(100); // 7.5 s: declared lost, 5 s before the server could free the lock
        k.check();
        assertThat(lost).singleElement().asString().contains("no keep-alive ping answered for 7500 ms (LOCK_TIMEOUT 10000 ms)");
    }

    @Test
    void aClosedKeeperReportsNothing() {
        LockKeeper k = keeper();
        k.close();
        failing = true;
        k.ping();
        advanceMillis(60_000);
        k.check();
        assertThat(lost).isEmpty();
    }
}

package org.nebulaha.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class JournalCheckTest {
    @Test
    void aCleanRelocationIsNoViolation() {
        assertThat(JournalCheck.violations(List.of(
                "100 n1 svc start", "150 n1 svc started", "300 n1 svc stopped", "310 n2 svc start", "350 n2 svc started"))).isEmpty();
    }

    @Test
    void aStartBeforeTheOldOwnerLostPowerIsAViolation() {
        var v = JournalCheck.violations(List.of("100 n1 svc start", "150 n1 svc started", "400 n2 svc start", "500 n1 - poweroff"));
        assertThat(v).singleElement().asString().contains("n1 held svc from 100 to 500").contains("n2 held svc from 400 to now");
    }

    @Test
    void aStartAfterFencingIsNoViolation() {
        assertThat(JournalCheck.violations(List.of("100 n1 svc start", "150 n1 svc started", "500 n1 - poweroff",
                "520 n2 svc start", "600 n2 svc started", "900 n1 - poweron"))).isEmpty();
    }

    @Test
    void aNodeThatNeverStoppedStillHoldsTheService() {
        var v = JournalCheck.violations(List.of("100 n1 svc start", "200 n2 svc start"));
        assertThat(v).hasSize(1);
    }

    @Test
    void differentServicesMayRunOnDifferentNodes() {
        assertThat(JournalCheck.violations(List.of("100 n1 a start", "110 n2 b start"))).isEmpty();
    }

    @Test
    void aRestartInPlaceIsOneHolderAtATime() {
        assertThat(JournalCheck.holds(List.of("100 n1 svc start", "120 n1 svc started", "500 n1 svc stopped", "510 n1 svc start")))
                .extracting(JournalCheck.Hold::toString)
                .containsExactly("n1 held svc from 100 to 500", "n1 held svc from 510 to now");
    }

    @Test
    void refusesAGarbledLine() {
        assertThatThrownBy(() -> JournalCheck.holds(List.of("100 n1 svc"))).hasMessageContaining("journal line 1");
    }
}

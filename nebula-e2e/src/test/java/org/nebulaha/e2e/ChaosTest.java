package org.nebulaha.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.nebulaha.lab.bench.Chaos;

/** A short seeded chaos campaign: every fault recovered within the bound, never two holders, no acknowledged write lost. */
class ChaosTest extends LabClusterTest {
    @Test
    void seededFaultsAreAllRecoveredWithoutTwoHoldersOrLostWrites() throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        Chaos.Summary s = new Chaos(c.lab, new PrintStream(buf, true, StandardCharsets.UTF_8))
                .run(Long.getLong("chaos.seed", 20261125L), Integer.getInteger("chaos.faults", 4), Duration.ofMinutes(6), Duration.ofSeconds(60));
        String report = buf.toString(StandardCharsets.UTF_8);
        System.out.println(report);
        assertThat(s.violations()).as(report).isEmpty();
        assertThat(s.unrecovered()).as(report).isEmpty();
        assertThat(s.recovered()).as(report).isPositive();
        assertThat(s.lostWrites()).as(report).isEmpty();
        assertThat(s.writesAcknowledged()).as(report).isPositive();
    }
}

package org.nebulaha.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;

class RateLimitedLogTest {
    /** A clock the test moves by hand. */
    static final class StepClock extends Clock {
        Instant now = Instant.parse("2026-12-03T10:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final StepClock clock = new StepClock();
    private final RateLimitedLog log;

    RateLimitedLogTest() {
        Logs.setup(new PrintStream(out, true, StandardCharsets.UTF_8), Level.INFO);
        log = new RateLimitedLog(System.getLogger("org.nebulaha.test.drops"), System.Logger.Level.WARNING, "dropped packets", Duration.ofSeconds(10), clock);
    }

    private List<String> lines() {
        return out.toString(StandardCharsets.UTF_8).lines().map(l -> l.substring(24)).toList();
    }

    @Test
    void logsTheFirstThenOneSummaryPerInterval() {
        for (int i = 0; i < 1000; i++) log.log("dropped packet " + i + " from 127.0.0.1");
        assertThat(lines()).containsExactly("WARN  drops: dropped packet 0 from 127.0.0.1");
        clock.now = clock.now.plusSeconds(10);
        log.log("dropped packet 1000 from 127.0.0.1");
        assertThat(lines()).containsExactly("WARN  drops: dropped packet 0 from 127.0.0.1",
                "WARN  drops: 999 more dropped packets in 10 s (not logged one by one); the last: dropped packet 999 from 127.0.0.1",
                "WARN  drops: dropped packet 1000 from 127.0.0.1");
    }

    @Test
    void tickWritesTheSummaryOnlyOnceTheIntervalEnded() {
        log.log("first");
        log.log("second");
        clock.now = clock.now.plusSeconds(9);
        log.tick();
        assertThat(lines()).containsExactly("WARN  drops: first");
        clock.now = clock.now.plusSeconds(1);
        log.tick();
        log.tick();
        assertThat(lines()).containsExactly("WARN  drops: first", "WARN  drops: 1 more dropped packets in 10 s (not logged one by one); the last: second");
        // After a quiet interval the next one is logged in full again.
        log.log("third");
        assertThat(lines()).last().isEqualTo("WARN  drops: third");
    }

    @Test
    void sparseEventsAreAllLoggedInFull() {
        for (int i = 0; i < 3; i++) {
            log.log("event " + i);
            clock.now = clock.now.plusSeconds(11);
        }
        assertThat(lines()).containsExactly("WARN  drops: event 0", "WARN  drops: event 1", "WARN  drops: event 2");
    }

    @Test
    void messagesAreNotFormatPatterns() {
        log.log("odd {0} 'quoted'");
        log.log("also {1}");
        clock.now = clock.now.plusSeconds(10);
        log.tick();
        assertThat(lines()).containsExactly("WARN  drops: odd {0} 'quoted'", "WARN  drops: 1 more dropped packets in 10 s (not logged one by one); the last: also {1}");
    }
}

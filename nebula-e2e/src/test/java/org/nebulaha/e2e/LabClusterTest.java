package org.nebulaha.e2e;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** One lab for the test class: up with the service started on one-server1 before the first test, down after the last. */
abstract class LabClusterTest {
    static LabCluster c;

    @BeforeAll
    static void up() throws Exception {
        c = LabCluster.up();
        c.awaitStartedOn("one-server1", Duration.ofSeconds(60));
    }

    @AfterAll
    static void down() {
        if (c != null) c.close();
        c = null;
    }
}

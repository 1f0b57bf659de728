package org.nebulaha.e2e;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** One lab for the test class: up with the service started on one-server1 before the first test, down after the last. */
abstract class LabClusterTest {
    static LabCluster c;

    /** The lab's database layout for a test class ({@code lab up --db}); without it, the lab's default. */
    @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
    @java.lang.annotation.Target(java.lang.annotation.ElementType.TYPE)
    @interface Database {
        String value();
    }

    /** The test class's lab runs the quorum witness ({@code lab up --witness}). */
    @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
    @java.lang.annotation.Target(java.lang.annotation.ElementType.TYPE)
    @interface Witness {}

    @BeforeAll
    static void up(org.junit.jupiter.api.TestInfo info) throws Exception {
        c = LabCluster.up(info.getTestClass().map(k -> k.getAnnotation(Database.class)).map(Database::value).orElse(null),
                info.getTestClass().map(k -> k.isAnnotationPresent(Witness.class)).orElse(false));
        c.awaitStartedOn("one-server1", Duration.ofSeconds(60));
    }

    @AfterAll
    static void down() {
        if (c != null) c.close();
        c = null;
    }
}

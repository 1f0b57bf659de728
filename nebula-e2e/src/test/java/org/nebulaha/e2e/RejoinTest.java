package org.nebulaha.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nebulaha.lab.bench.RejoinBench;

/**
 * A node that is fenced (the guide's reboot) is a cluster member again after its reboot, every time:
 * 20 power losses of one-server2 in a row (the figures, against the 3 s target, are bench rejoin's).
 */
class RejoinTest extends LabClusterTest {
    @Test
    void aFencedAndRebootedNodeIsAMemberAgainEveryTime() {
        c.awaitBothMembers(Duration.ofSeconds(120));
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int runs = Integer.getInteger("rejoin.runs", 20);
        List<RejoinBench.Rejoin> r = new RejoinBench(c.lab, new PrintStream(buf, true, StandardCharsets.UTF_8))
                .run("crash", runs, Duration.ofSeconds(30));
        String report = buf.toString(StandardCharsets.UTF_8);
        System.out.println(report);
        assertThat(r).as(report).hasSize(runs).allSatisfy(x -> assertThat(x.memberMillis()).isPresent());
        c.assertNoDoubleOwnership();
    }
}

package org.nebulaha.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.nebulaha.lab.JournalCheck;
import org.nebulaha.lab.Lab;
import org.nebulaha.lab.bench.WriteLoss;
import org.nebulaha.testkit.Poll;
import org.nebulaha.testkit.Require;

/** One lab for a test class: built from the distribution folder, torn down after. */
final class LabCluster implements AutoCloseable {
    static final String SERVICE = "opennebula";
    static final String URL = "http://" + Lab.FLOATING_IP + ":" + Lab.SUNSTONE_PORT + "/";

    final Lab lab;
    final ByteArrayOutputStream log = new ByteArrayOutputStream();

    private LabCluster(Lab lab) {
        this.lab = lab;
    }

    /** Builds the lab, or skips the test class when this machine cannot (not root, no tools, no distribution). */
    static LabCluster up() throws IOException {
        return up(null);
    }

    /** As {@link #up()}, with oned's database layout ({@code lab up --db}); null: the lab's default. */
    static LabCluster up(String db) throws IOException {
        return up(db, false);
    }

    /** As {@link #up(String)}, with the quorum witness on the physical host when {@code witness} ({@code lab up --witness}). */
    static LabCluster up(String db, boolean witness) throws IOException {
        Require.root();
        Path home = Path.of(System.getProperty("nebula.home", "../nebula-dist/target/nebula-ha")).toAbsolutePath().normalize();
        Require.that(Files.isExecutable(home.resolve("bin/lab")), "no distribution folder at " + home + " (mvn package)");
        for (String tool : List.of("/usr/bin/tini", "/usr/sbin/nft", "/usr/bin/curl"))
            Require.that(Files.isExecutable(Path.of(tool)), tool + " is missing (bash .ci/run installs it)");
        Path dir = Path.of(System.getProperty("nebula.lab.dir", "target/lab")).toAbsolutePath();
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        Lab lab = new Lab(dir, home, new PrintStream(buf, true, StandardCharsets.UTF_8));
        lab.down(); // a lab left over by an interrupted run
        LabCluster c = new LabCluster(lab);
        if (db != null) lab.withDatabase(db);
        lab.withWitness(witness);
        try {
            lab.up(2, "nebula");
        } catch (RuntimeException | IOException e) {
            lab.down();
            throw new AssertionError("lab up failed: " + e.getMessage() + "\n" + buf.toString(StandardCharsets.UTF_8), e);
        }
        return c;
    }

    void awaitStartedOn(String node, Duration within) {
        Poll.until(within, () -> lab.serviceStatus(SERVICE).map(s -> s.isStartedOn(node)).orElse(false),
                () -> "clustat says " + lab.serviceStatus(SERVICE) + "; journal tail " + tail());
    }

    /** Both nodes are cluster members again (cman_tool nodes shows two M rows on one-server1). */
    void awaitBothMembers(Duration within) {
        Poll.until(within, () -> {
            try {
                return lab.isOn("one-server1") && lab.exec("one-server1", List.of("cman_tool", "nodes")).lines()
                        .filter(l -> l.matches("\\s*\\d+\\s+M\\s.*")).count() == 2;
            } catch (RuntimeException e) {
                return false;
            }
        }, () -> "cman_tool nodes did not show both members");
    }

    /** The service runs on {@code node} and the client reaches Sunstone on the floating IP. */
    void awaitAnswerFrom(String node, Duration within) {
        Poll.until(within, () -> lab.serviceStatus(SERVICE).map(s -> s.isStartedOn(node)).orElse(false)
                        && lab.fetchFromClient(URL).isPresent(),
                () -> "client got " + lab.fetchFromClient(URL) + "; clustat " + lab.serviceStatus(SERVICE));
    }

    /** Every database copy in sync (nothing to wait for in the shared SQLite layout): a fault before that is a double failure. */
    void awaitCopiesInSync(Duration within) {
        Poll.until(within, () -> org.nebulaha.lab.bench.DatabaseCopies.inSync(lab, "one-server1"),
                () -> "database copies not all in sync; clustat on one-server1:\n" + lab.exec("one-server1", java.util.List.of("clustat")));
    }

    /** The invariant of every scenario: never two holders of the service at once. */
    void assertNoDoubleOwnership() {
        assertThat(JournalCheck.violations(lab.journalLines())).as("journal:\n%s", String.join("\n", lab.journalLines())).isEmpty();
    }

    /** Once oned answers on the floating IP, every write it acknowledged so far exists. */
    void assertNoWriteLost(WriteLoss writes) throws IOException {
        WriteLoss.Check check = writes.check(Duration.ofSeconds(60))
                .orElseThrow(() -> new AssertionError("oned did not answer the write check on the floating IP within 60 s; clustat "
                        + lab.serviceStatus(SERVICE)));
        System.out.println("write check: " + check);
        assertThat(check.missing()).as("acknowledged writes lost: %s", check).isEmpty();
        assertThat(check.acknowledged()).as("writes acknowledged").isPositive();
    }

    private String tail() {
        List<String> j = lab.journalLines();
        return String.join(" | ", j.subList(Math.max(0, j.size() - 6), j.size()));
    }

    @Override
    public void close() {
        lab.down();
    }
}

package org.nebulaha.lab.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.nebulaha.lab.Lab;
import org.nebulaha.lab.LabException;

/**
 * The write-loss checker: while faults are injected, a client on the lab's client host allocates
 * VMs through oned on the floating IP without pause and records every id oned acknowledged
 * ({@link WriteClient}); after a fault, once the front-end answers again, {@link #check} asks oned
 * whether every acknowledged VM exists. An acknowledged write that is gone is a lost write: the
 * state did not survive the fault. Knows nothing of where oned keeps its database.
 */
public final class WriteLoss implements AutoCloseable {
    /** Up to this many acknowledged writes, every check checks them all; above it, see {@link #selection}. */
    static final int FULL_CHECK_LIMIT = 20_000;
    /** Windows of {@link WriteClient#RANGE} older writes a partial check samples. */
    static final int SAMPLE_WINDOWS = 4;

    /**
     * What a check found: how many writes were acknowledged so far, which of them oned lost, and
     * how many were checked (all, or a partial check's selection).
     */
    public record Check(int acknowledged, List<Integer> missing, int checked) {
        public Check(int acknowledged, List<Integer> missing) {
            this(acknowledged, missing, acknowledged);
        }

        public boolean ok() {
            return missing.isEmpty();
        }

        @Override
        public String toString() {
            return acknowledged + " acknowledged" + (checked < acknowledged ? " (" + checked + " checked: the new ones and "
                    + SAMPLE_WINDOWS + " older windows)" : "") + ", " + (missing.isEmpty() ? "none lost"
                    : missing.size() + " lost: " + missing.subList(0, Math.min(20, missing.size())) + (missing.size() > 20 ? " ..." : ""));
        }
    }

    private final Lab lab;
    private final Path dir;
    private final Path auth;
    private final Process load;
    private int checks;
    /** Lines of the acknowledged file that a check has already covered (the next partial check starts there). */
    private int checkedUpTo;

    private WriteLoss(Lab lab, Path dir, Path auth, Process load) {
        this.lab = lab;
        this.dir = dir;
        this.auth = auth;
        this.load = load;
    }

    /** Starts the client's writes against the lab that is up (the service must have started once: oned made oneadmin's session). */
    public static WriteLoss start(Lab lab) throws IOException {
        return start(lab, 0);
    }

    /** As {@link #start(Lab)}, at most {@code ratePerSecond} allocations a second (0: no pause). */
    public static WriteLoss start(Lab lab, int ratePerSecond) throws IOException {
        Path auth = oneAuth(lab.dir());
        Path dir = Files.createDirectories(lab.dir().resolve("write-loss"));
        Files.deleteIfExists(dir.resolve("stop"));
        Files.deleteIfExists(dir.resolve("acked"));
        Files.createFile(dir.resolve("acked"));
        Process p = lab.startInHost("client", List.of("nebula-java", WriteClient.class.getName(), "load", lab.onedUrl(), auth.toString(),
                dir.resolve("acked").toString(), dir.resolve("stop").toString(), Integer.toString(ratePerSecond)));
        return new WriteLoss(lab, dir, auth, p);
    }

    /**
     * oneadmin's session: the {@code one_auth} oned wrote beside its state on the lab's disks (the
     * client host sees the machine's files). Found by name, wherever the lab keeps ONE_LOCATION.
     */
    static Path oneAuth(Path labDir) throws IOException {
        try (Stream<Path> s = Files.find(labDir, 12, (p, a) -> a.isRegularFile() && p.getFileName().toString().equals("one_auth")
                && p.getParent().getFileName().toString().equals(".one"))) {
            return s.sorted().findFirst().orElseThrow(() -> new LabException("no oneadmin session (.one/one_auth) under " + labDir
                    + ": has the opennebula service started once?"));
        }
    }

    /** Writes acknowledged so far. */
    public int acknowledged() {
        try {
            return WriteClient.acknowledged(Files.readString(dir.resolve("acked"))).size();
        } catch (IOException e) {
            return 0;
        }
    }

    /** Waits until at least {@code n} writes were acknowledged; false when {@code within} ran out first. */
    public boolean awaitAcknowledged(int n, Duration within) {
        return Waits.until(within, 100, () -> acknowledged() >= n);
    }

    /**
     * Checks the writes acknowledged until now, as soon as oned answers on the floating IP; empty
     * when it did not answer within {@code within}. Up to {@link #FULL_CHECK_LIMIT} of them, all;
     * beyond, the ones since the last check and a sample of older ones ({@link #selection}): a
     * campaign's check would otherwise grow with every round. {@link #checkAll} checks them all.
     */
    public Optional<Check> check(Duration within) throws IOException {
        return check(within, false);
    }

    /** Checks every write acknowledged until now (the end of a campaign). */
    public Optional<Check> checkAll(Duration within) throws IOException {
        return check(within, true);
    }

    private Optional<Check> check(Duration within, boolean all) throws IOException {
        if (!load.isAlive()) throw new LabException("the write-loss client stopped; see " + lab.dir().resolve("hosts/client/log/background.log"));
        Path snapshot = dir.resolve("acked-" + ++checks);
        Path result = dir.resolve("result-" + checks);
        // a copy: the writes acknowledged up to now (the client keeps appending to its file); a last
        // line still being written is not one
        String content = Files.readString(dir.resolve("acked"));
        List<String> lines = content.lastIndexOf('\n') < 0 ? List.of() : List.of(content.substring(0, content.lastIndexOf('\n')).split("\n"));
        List<String> chosen = all ? lines : selection(lines, checkedUpTo, new java.util.Random(checks));
        org.nebulaha.common.AtomicFiles.write(snapshot, chosen.isEmpty() ? "" : String.join("\n", chosen) + "\n");
        int upTo = lines.size();
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            Files.deleteIfExists(result);
            Process p = lab.startInHost("client", List.of("nebula-java", WriteClient.class.getName(), "check", lab.onedUrl(), auth.toString(),
                    snapshot.toString(), result.toString()));
            try {
                if (!p.waitFor(Math.max(1, (deadline - System.nanoTime()) / 1_000_000) + 30_000, TimeUnit.MILLISECONDS)) p.destroyForcibly();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
                return Optional.empty();
            }
            if (Files.exists(result)) {
                Check c = parse(Files.readString(result));
                checkedUpTo = Math.max(checkedUpTo, upTo);
                return Optional.of(new Check(lines.size(), c.missing(), c.acknowledged()));
            }
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(200).toNanos()); // oned not answering yet
        }
        return Optional.empty();
    }

    /**
     * The acknowledged lines a partial check looks at: every one when there are at most
     * {@link #FULL_CHECK_LIMIT}; else those from {@code from} on (new since the last check: the
     * writes the last fault put at risk) and {@link #SAMPLE_WINDOWS} random windows of
     * {@link WriteClient#RANGE} consecutive older ones (a stale copy promoted would lose a stretch of
     * older writes, not a scattered few; the checker asks oned for id ranges, so a window costs one call).
     */
    static List<String> selection(List<String> lines, int from, java.util.Random random) {
        if (lines.size() <= FULL_CHECK_LIMIT || from <= 0) return lines;
        int older = Math.min(from, lines.size());
        java.util.TreeSet<Integer> starts = new java.util.TreeSet<>();
        for (int i = 0; i < SAMPLE_WINDOWS && older > WriteClient.RANGE; i++) starts.add(random.nextInt(older - WriteClient.RANGE));
        List<String> out = new java.util.ArrayList<>();
        int next = 0;
        for (int s : older <= WriteClient.RANGE ? java.util.Set.of(0) : starts) {
            for (int i = Math.max(s, next); i < Math.min(s + WriteClient.RANGE, older); i++) out.add(lines.get(i));
            next = Math.max(next, s + WriteClient.RANGE);
        }
        out.addAll(lines.subList(older, lines.size()));
        return out;
    }

    /** A RESULT line: {@code acknowledged N missing ID ...}. */
    static Check parse(String result) {
        String[] f = result.strip().split("\\s+");
        if (f.length < 3 || !f[0].equals("acknowledged") || !f[2].equals("missing"))
            throw new LabException("unreadable write-loss result: " + result.strip());
        return new Check(Integer.parseInt(f[1]), Arrays.stream(f, 3, f.length).map(Integer::valueOf).toList());
    }

    /** Stops the client's writes. */
    @Override
    public void close() {
        try {
            Files.writeString(dir.resolve("stop"), "");
            if (!load.waitFor(10, TimeUnit.SECONDS)) load.destroyForcibly();
        } catch (IOException e) {
            load.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            load.destroyForcibly();
        }
    }
}

package org.nebulaha.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;

/**
 * The one regression-case runner of every decision (Pacemaker's cts-scheduler as a JUnit
 * {@code @TestFactory}). A case is a folder named after its scenario:
 * <pre>
 * src/test/cases/KIND/NAME/
 *   cluster.conf   the configuration, as a user writes it (when the decision reads one)
 *   state.txt      first line "# what this case shows"; then the observed state, one fact a line
 *   expected.txt   the decision, one line each, with its rule and reason
 * </pre>
 * Each folder becomes one dynamic test named after it. The decision under test turns the folder's
 * inputs into text; a difference from expected.txt fails with a unified diff. With
 * {@code -Dcases.update=true} (or {@code NEBULA_CASES_UPDATE=1}) the runner writes the actual text
 * into expected.txt instead, and the reviewer reads the diff like code. Adding a case is adding a
 * folder: write state.txt (and cluster.conf), run with the switch, read expected.txt, commit.
 *
 * <pre>
 * &#64;TestFactory Stream&lt;DynamicTest&gt; cases() {
 *     return CaseFolders.run(Path.of("src/test/cases/planner"), 20, dir -&gt; plan(dir));
 * }
 * </pre>
 */
public final class CaseFolders {
    public static final String STATE = "state.txt";
    public static final String EXPECTED = "expected.txt";

    /** Turns one case folder into the decision's text. */
    @FunctionalInterface
    public interface Decision {
        String decide(Case c) throws Exception;
    }

    /** One case folder and its description (state.txt's first comment line). */
    public record Case(Path dir, String description) {
        public String name() {
            return dir.getFileName().toString();
        }

        public Path file(String name) {
            return dir.resolve(name);
        }

        /** state.txt's text. */
        public String state() {
            return read(STATE);
        }

        public String read(String name) {
            try {
                return Files.readString(dir.resolve(name), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(dir + ": cannot read " + name, e);
            }
        }
    }

    private CaseFolders() {}

    /** True when expected files are rewritten rather than compared. */
    public static boolean updating() {
        return Boolean.getBoolean("cases.update") || "1".equals(System.getenv("NEBULA_CASES_UPDATE"));
    }

    /**
     * One dynamic test per sub-folder of {@code root} (sorted by name), each comparing
     * {@code decision}'s text with its expected.txt. Fails at once when there are fewer than
     * {@code atLeast} folders (a moved folder must not pass as an empty suite).
     */
    public static Stream<DynamicTest> run(Path root, int atLeast, Decision decision) {
        List<Path> dirs;
        try (Stream<Path> s = Files.list(root)) {
            dirs = s.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("no case folders at " + root.toAbsolutePath(), e);
        }
        if (dirs.size() < atLeast)
            throw new AssertionError(root.toAbsolutePath() + " holds " + dirs.size() + " case folders; expected at least " + atLeast);
        boolean update = updating();
        return dirs.stream().map(d -> DynamicTest.dynamicTest(d.getFileName().toString(), d.toUri(), () -> check(d, decision, update)));
    }

    /** Runs one case folder: compares (or, updating, rewrites) its expected.txt. */
    public static void check(Path dir, Decision decision, boolean update) throws Exception {
        Case c = new Case(dir, description(dir));
        String actual = decision.decide(c);
        if (!actual.isEmpty() && !actual.endsWith("\n")) actual += "\n";
        Path expectedFile = dir.resolve(EXPECTED);
        if (update) {
            if (!Files.exists(expectedFile) || !Files.readString(expectedFile, StandardCharsets.UTF_8).equals(actual)) write(expectedFile, actual);
            return;
        }
        String expected = Files.exists(expectedFile) ? Files.readString(expectedFile, StandardCharsets.UTF_8) : "";
        if (!expected.equals(actual))
            throw new AssertionError(c.name() + ": the decision differs (" + c.description() + ")\n"
                    + UnifiedDiff.of(dir.getFileName() + "/" + EXPECTED, expected, "actual", actual)
                    + "\n(if the new decision is right, rerun with -Dcases.update=true and review the diff of " + EXPECTED + ")");
    }

    /** The first {@code #} line of state.txt, which every case must have. */
    static String description(Path dir) throws IOException {
        Path state = dir.resolve(STATE);
        if (!Files.isRegularFile(state)) throw new AssertionError(dir + ": every case folder needs a " + STATE);
        for (String line : Files.readAllLines(state, StandardCharsets.UTF_8)) {
            String l = line.strip();
            if (l.isEmpty()) continue;
            if (l.startsWith("#") && !l.substring(1).isBlank()) return l.substring(1).strip();
            break;
        }
        throw new AssertionError(state + ": the first line must be '# what this case shows'");
    }

    /** Replaces the file whole (temporary file, then rename), like the daemons' AtomicFiles. */
    private static void write(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}

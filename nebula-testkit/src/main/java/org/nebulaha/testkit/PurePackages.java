package org.nebulaha.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The style guide's architecture check, shared by every module: the packages named {@code plan},
 * {@code model} and {@code quorum} hold pure decisions and records, so their sources may not do
 * I/O (java.net, java.sql, java.io files and streams, java.nio.file other than the {@code Path}
 * value type), use JGroups, read the clock ({@code Instant.now()}, {@code Clock.}, {@code
 * System.currentTimeMillis/nanoTime}, {@code *.now()}) or start threads and executors.
 * A clock or a scheduler is a parameter; time is an {@code Instant now} argument.
 */
public final class PurePackages {
    public static final Set<String> PURE = Set.of("plan", "model", "quorum");
    static final Pattern FORBIDDEN = Pattern.compile(
            "import java\\.net\\.|import java\\.sql\\.|import java\\.nio\\.file\\.(?!Path;)|import java\\.io\\.(File|Input|Output|Reader|Writer|Buffered|Print|RandomAccess)"
            + "|import org\\.jgroups\\.|import java\\.util\\.concurrent\\.(Executor|Scheduled|ThreadPool|ForkJoin)"
            + "|Instant\\.now\\(|\\bClock\\.|System\\.currentTimeMillis|System\\.nanoTime|(LocalDateTime|LocalDate|ZonedDateTime|OffsetDateTime)\\.now\\("
            + "|new Thread\\b|Thread\\.sleep|\\bFiles\\.|\\bExecutors\\.");

    private PurePackages() {}

    /** Every offending line under {@code mainJava} in a plan, model or quorum package, as {@code file:line: text}. */
    public static List<String> offences(Path mainJava) {
        return offencesIn(pureSources(mainJava));
    }

    /** Every offending line of the given sources (pure classes that live outside a plan package). */
    public static List<String> offencesIn(List<Path> sources) {
        List<String> out = new ArrayList<>();
        for (Path f : sources) {
            try {
                List<String> lines = Files.readAllLines(f);
                for (int i = 0; i < lines.size(); i++)
                    if (FORBIDDEN.matcher(lines.get(i)).find()) out.add(f + ":" + (i + 1) + ": " + lines.get(i).strip());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    /** The Java sources of every plan, model and quorum package under {@code mainJava}. */
    public static List<Path> pureSources(Path mainJava) {
        try (Stream<Path> s = Files.walk(mainJava)) {
            return s.filter(p -> p.toString().endsWith(".java") && PURE.contains(p.getParent().getFileName().toString())).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + mainJava.toAbsolutePath(), e);
        }
    }

    /** Fails with every offence; also when there are fewer than {@code atLeastFiles} pure sources (a moved tree must not pass empty). */
    public static void assertPure(Path mainJava, int atLeastFiles) {
        int n = pureSources(mainJava).size();
        if (n < atLeastFiles)
            throw new AssertionError(mainJava.toAbsolutePath() + " has " + n + " sources in plan/model/quorum packages; expected at least " + atLeastFiles);
        List<String> bad = offences(mainJava);
        if (!bad.isEmpty())
            throw new AssertionError("plan, model and quorum packages must be pure (no I/O, no clock, no threads; pass time and schedulers in):\n  "
                    + String.join("\n  ", bad));
    }
}

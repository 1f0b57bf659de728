package org.nebulaha.oned.it;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the shipped launchers and init scripts as processes from a distribution-shaped folder. */
final class Launchers {
    /** nebula-dist/src: the shipped bin/, libexec/ and etc/ files, as the tests' working folder sees them. */
    static final Path DIST_SRC = Path.of("").toAbsolutePath().resolveSibling("nebula-dist").resolve("src");

    private Launchers() {}

    /** What a command did: exit code, stdout, stderr. */
    record Result(int exit, String out, String err) {}

    /** Copies a shipped file (nebula-dist/src/...) into the folder, executable. */
    static void copyExecutable(Path from, Path to) throws IOException {
        Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
        to.toFile().setExecutable(true);
    }

    /**
     * Runs {@code home/cmd args} with {@code env} added (and {@code unset} removed), stdin closed;
     * its output goes through files in {@code scratch}. A command that has not ended after
     * {@code timeout} is killed and fails the test.
     */
    static Result run(Path home, Path scratch, Map<String, String> env, List<String> unset, Duration timeout, String cmd,
            String... args) {
        List<String> c = new ArrayList<>(List.of(home.resolve(cmd).toString()));
        c.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(c);
        pb.environment().putAll(env);
        unset.forEach(pb.environment()::remove);
        String tag = "run-" + System.nanoTime();
        File out = scratch.resolve(tag + ".out").toFile(), err = scratch.resolve(tag + ".err").toFile();
        pb.redirectOutput(out).redirectError(err);
        try {
            Process p = pb.start();
            p.getOutputStream().close();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", c) + " did not end within " + timeout + "; stderr so far: "
                        + Files.readString(err.toPath()));
            }
            return new Result(p.exitValue(), Files.readString(out.toPath()), Files.readString(err.toPath()));
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(String.join(" ", c) + ": " + e, e);
        } finally {
            out.delete();
            err.delete();
        }
    }
}

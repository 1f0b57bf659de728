package org.nebulaha.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A distribution-shaped folder ({@code bin/ libexec/ lib/ etc/init.d/}) made from
 * {@code nebula-dist/src} and the test's class path, so a test runs the shipped launchers and
 * init scripts as a user would, before the real distribution is assembled.
 *
 * <pre>DistHome h = DistHome.create(tmp.resolve("nebula-ha"), List.of("sunstone-server", "ccs"), List.of("opennebula-sunstone"), env);
 * assertThat(h.run("etc/init.d/opennebula-sunstone", "start").exit()).isZero();</pre>
 */
public final class DistHome {
    /** nebula-dist/src, seen from a sibling module's folder (where Maven runs its tests). */
    public static final Path DIST_SRC = Path.of("").toAbsolutePath().resolveSibling("nebula-dist").resolve("src");
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(180);

    private final Path home;
    private final Map<String, String> env;

    private DistHome(Path home, Map<String, String> env) {
        this.home = home;
        this.env = Map.copyOf(env);
    }

    /**
     * Copies the named {@code bin/} launchers and {@code etc/init.d/} scripts (executable), every
     * {@code libexec/} helper, and fills {@code lib/} ({@link DistFolder#fillLib}); {@code env} is
     * given to every {@link #run}.
     */
    public static DistHome create(Path home, List<String> bin, List<String> initScripts, Map<String, String> env) throws IOException {
        for (String d : List.of("bin", "libexec", "etc/init.d")) Files.createDirectories(home.resolve(d));
        for (String f : bin) copyExecutable(DIST_SRC.resolve("bin").resolve(f), home.resolve("bin").resolve(f));
        try (var helpers = Files.list(DIST_SRC.resolve("libexec"))) {
            for (Path f : (Iterable<Path>) helpers::iterator) copyExecutable(f, home.resolve("libexec").resolve(f.getFileName()));
        }
        for (String f : initScripts) copyExecutable(DIST_SRC.resolve("etc/init.d").resolve(f), home.resolve("etc/init.d").resolve(f));
        DistFolder.fillLib(home.resolve("lib"));
        return new DistHome(home, env);
    }

    public Path home() {
        return home;
    }

    /** Exit code and output (stdout and stderr together) of one run. */
    public record Result(int exit, String out) {}

    /**
     * Runs {@code command} (relative to the home, e.g. {@code etc/init.d/opennebula}) with the
     * environment to completion. The output goes to a file, so a daemon that keeps the stream
     * open cannot hold the caller; a run longer than 180 s is killed and fails the test.
     */
    public Result run(String command, String... args) {
        try {
            List<String> cmd = new ArrayList<>(List.of(home.resolve(command).toString()));
            cmd.addAll(List.of(args));
            Path out = Files.createTempFile("disthome", ".out");
            try {
                ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
                pb.environment().putAll(env);
                Process p = pb.start();
                if (!p.waitFor(RUN_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new AssertionError(String.join(" ", cmd) + " did not end within " + RUN_TIMEOUT + "; output so far:\n" + Files.readString(out));
                }
                return new Result(p.exitValue(), Files.readString(out));
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + command, e);
        }
    }

    private static void copyExecutable(Path from, Path to) throws IOException {
        Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
        if (!to.toFile().setExecutable(true)) throw new IOException("cannot make " + to + " executable");
    }
}

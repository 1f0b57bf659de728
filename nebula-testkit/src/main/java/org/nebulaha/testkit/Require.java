package org.nebulaha.testkit;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * The one place where a test says what the machine must offer (root, a Debian tool, a file). When
 * it is missing the test is skipped and the reason printed on the console; with the switch
 * {@code NEBULA_REQUIRE_ALL=1} (environment) or {@code -Dnebula.requireAll=true} it fails instead,
 * so a CI run proves that every end-to-end, namespace, interop and browser test really ran.
 * {@code .ci/run} sets the switch.
 */
public final class Require {
    public static final String ENV = "NEBULA_REQUIRE_ALL";
    public static final String PROPERTY = "nebula.requireAll";
    /** Where tools are looked for besides the PATH (root's sbin directories are not on every PATH). */
    private static final List<String> SYSTEM_DIRS = List.of("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin");

    private Require() {}

    /** Whether a missing requirement fails the test rather than skipping it. */
    public static boolean all() {
        return all(System.getenv(ENV), System.getProperty(PROPERTY));
    }

    static boolean all(String env, String property) {
        return "1".equals(env) || "true".equalsIgnoreCase(env) || "true".equalsIgnoreCase(property);
    }

    /** The test needs {@code available}; {@code what} says what is missing and how to get it. */
    public static void that(boolean available, String what) {
        if (available) return;
        String caller = caller();
        if (all())
            throw new AssertionError(what + " [" + caller + "; a missing requirement fails because " + ENV + "=1 or -D"
                    + PROPERTY + "=true]");
        System.out.println("SKIPPED " + caller + ": " + what + " (set " + ENV + "=1 to make this a failure)");
        Assumptions.abort(what);
    }

    /**
     * For an optional part of a test (an extra check with a Debian tool): returns {@code available};
     * when it is false the part is skipped with the reason printed, or, under the switch, the test fails.
     */
    public static boolean optional(boolean available, String what) {
        if (available) return true;
        if (all()) throw new AssertionError(what + " is missing [a missing requirement fails because " + ENV + "=1 or -D"
                + PROPERTY + "=true]");
        System.out.println("SKIPPED part of " + caller() + ": " + what + " is missing (set " + ENV + "=1 to make this a failure)");
        return false;
    }

    private static String caller() {
        return StackWalker.getInstance().walk(s -> s.filter(f -> !f.getClassName().equals(Require.class.getName()))
                .map(f -> f.getClassName() + "." + f.getMethodName()).findFirst().orElse("?"));
    }

    /** The test needs root (network namespaces, nftables, binding privileged addresses). */
    public static void root() {
        String user = ProcessHandle.current().info().user().orElse(System.getProperty("user.name"));
        that("root".equals(user), "needs root (running as " + user + ")");
    }

    /**
     * The test needs the executable {@code name} (on the PATH or in a system bin/sbin directory);
     * returns its path. {@code install} names the Debian package(s) that provide it.
     */
    public static Path tool(String name, String install) {
        Path p = find(name);
        that(p != null, name + " is not installed (apt-get install " + install + "; bash .ci/run installs it)");
        return p;
    }

    /** The first of {@code names} that is installed, or null; for tests that accept alternatives. */
    public static Path find(String... names) {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
        dirs.addAll(SYSTEM_DIRS);
        for (String n : names) {
            if (n.startsWith("/")) {
                if (Files.isExecutable(Path.of(n))) return Path.of(n);
                continue;
            }
            for (String d : dirs) {
                if (d.isEmpty()) continue;
                Path p = Path.of(d, n);
                if (Files.isExecutable(p)) return p;
            }
        }
        return null;
    }
}

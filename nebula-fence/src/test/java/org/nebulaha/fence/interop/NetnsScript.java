package org.nebulaha.fence.interop;


import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.nebulaha.testkit.Require;

/**
 * Runs a bash script in a fresh network namespace that has only {@code lo} (up), so multicast
 * from every "local address" stays on loopback and port 1229 is private to the test. The script
 * marks steps with {@link #STEP}; {@link #steps} splits the output into step name → output and
 * exit code.
 */
final class NetnsScript {
    /** Bash function: {@code step NAME command...} prints "### NAME", the output, then "### rc=N". */
    static final String STEP = "step() { n=$1; shift; echo \"### $n\"; \"$@\" 2>&1; echo \"### rc=$?\"; }\n";

    record Step(String output, int exitCode) {}

    private NetnsScript() {}

    /** Skips (with the reason; fails under NEBULA_REQUIRE_ALL) unless we are root with unshare and the named Debian tools. */
    static void assumeAvailable(String... tools) {
        Require.root();
        Require.that(Files.isExecutable(Path.of("/usr/bin/unshare")), "util-linux unshare not installed");
        for (String t : tools)
            Require.that(Files.isExecutable(Path.of("/usr/sbin", t)),
                    "Debian tool " + t + " not installed (apt-get install fence-virt fence-virtd libvirt0)");
    }

    static String run(Path dir, String body, long timeoutSeconds) throws IOException, InterruptedException {
        Path script = dir.resolve("script.sh");
        Files.writeString(script, "set -u\nip link set lo up\n" + STEP + body);
        Path out = dir.resolve("script.out");
        Process p = new ProcessBuilder("/usr/bin/unshare", "--net", "/bin/bash", script.toString()).redirectErrorStream(true)
                .redirectOutput(out.toFile()).start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("script did not finish within " + timeoutSeconds + " s; output so far:\n" + Files.readString(out));
        }
        return Files.readString(out);
    }

    static Map<String, Step> steps(String output) {
        Map<String, Step> m = new LinkedHashMap<>();
        String name = null;
        StringBuilder sb = new StringBuilder();
        for (String line : output.split("\n", -1)) {
            if (line.startsWith("### rc=") && name != null) {
                m.put(name, new Step(sb.toString(), Integer.parseInt(line.substring(7).strip())));
                name = null;
            } else if (line.startsWith("### ")) {
                name = line.substring(4).strip();
                sb.setLength(0);
            } else if (name != null) {
                sb.append(line).append('\n');
            }
        }
        return m;
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java") + " -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp "
                + System.getProperty("java.class.path");
    }
}

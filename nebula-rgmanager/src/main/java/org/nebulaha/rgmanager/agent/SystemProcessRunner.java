package org.nebulaha.rgmanager.agent;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real {@link ProcessRunner}. With a non-empty {@code prefix} every command runs through it,
 * e.g. {@code ip netns exec node1}, so one JVM can act as a node of a lab namespace. Output goes to
 * a temporary file; on timeout the command and all its descendants are killed.
 */
public final class SystemProcessRunner implements ProcessRunner {
    private static final int MAX_OUTPUT = 64 * 1024;
    private final List<String> prefix;
    private final Map<String, String> baseEnv;

    public SystemProcessRunner() {
        this(List.of(), Map.of());
    }

    /** Commands run through {@code prefix} with {@code baseEnv} added (e.g. NEBULA_ROOT of a lab node). */
    public SystemProcessRunner(List<String> prefix, Map<String, String> baseEnv) {
        this.prefix = List.copyOf(prefix);
        this.baseEnv = Map.copyOf(baseEnv);
    }

    @Override
    public Result run(List<String> command, Map<String, String> env, Duration timeout) throws IOException {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.addAll(command);
        File out = File.createTempFile("nebula-agent", ".out");
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            pb.environment().putAll(baseEnv);
            pb.environment().putAll(env);
            Process p = pb.start();
            boolean done;
            try {
                done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                kill(p);
                try {
                    p.waitFor(2, TimeUnit.SECONDS); // make sure it is gone before the caller goes on
                } catch (InterruptedException again) {
                    // keep going: the interrupt is restored below
                }
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while running " + cmd);
            }
            if (!done) {
                kill(p);
                return new Result(-1, read(out), true);
            }
            return new Result(p.exitValue(), read(out), false);
        } finally {
            Files.deleteIfExists(out.toPath());
        }
    }

    private static void kill(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
    }

    private static String read(File f) throws IOException {
        byte[] b = Files.readAllBytes(f.toPath());
        int from = Math.max(0, b.length - MAX_OUTPUT);
        return new String(b, from, b.length - from, java.nio.charset.StandardCharsets.UTF_8);
    }
}

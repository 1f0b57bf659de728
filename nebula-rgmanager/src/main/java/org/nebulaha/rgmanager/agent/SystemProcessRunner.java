package org.nebulaha.rgmanager.agent;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nebulaha.common.CommandRunner;

/**
 * The real {@link ProcessRunner}. With a non-empty {@code prefix} every command runs through it,
 * e.g. {@code ip netns exec node1}, so one JVM can act as a node of a lab namespace. Runs through
 * {@link CommandRunner}: on timeout the command's whole process group is killed.
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
        Map<String, String> all = new HashMap<>(baseEnv);
        all.putAll(env);
        try {
            CommandRunner.Result r = CommandRunner.run(CommandRunner.Spec.of(cmd, timeout).env(all));
            return new Result(r.timedOut() ? -1 : r.exitCode(), tail(r.stdout()), r.timedOut());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + cmd);
        }
    }

    private static String tail(String s) {
        return s.length() <= MAX_OUTPUT ? s : s.substring(s.length() - MAX_OUTPUT);
    }
}

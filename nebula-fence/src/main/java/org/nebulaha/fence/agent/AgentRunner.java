package org.nebulaha.fence.agent;

import java.io.File;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.nebulaha.common.CommandRunner;

/**
 * Runs fence agents by the fence-agents convention, as cman's fenced and Pacemaker do: the agent
 * is executed with no arguments, gets its {@code name=value} lines on stdin, and its exit code
 * decides (0 success, 2 "OFF" for status, else failure). An agent that outlives the timeout is
 * killed with its whole process group ({@link CommandRunner}) and counts as failed. Output is
 * captured and returned for the log.
 *
 * <p>Agents named without a slash are looked up in the search path: the distribution's
 * {@code bin/} (so our fence_xvm and fence_lab are found), {@code /usr/sbin}, {@code /sbin},
 * then {@code $PATH}. Thread-safe; one runner can serve many concurrent calls.
 */
public final class AgentRunner {
    private static final System.Logger LOG = System.getLogger(AgentRunner.class.getName());
    /** Keep at most this much of each output stream; agents can be chatty with verbose on. */
    private static final int MAX_OUTPUT = 64 * 1024;

    private final List<Path> searchPath;

    public AgentRunner(List<Path> searchPath) {
        this.searchPath = List.copyOf(searchPath);
    }

    /** The default search path described above. */
    public static AgentRunner withDefaultPath() {
        List<Path> p = new ArrayList<>();
        String home = System.getProperty("nebula.home");
        if (home != null) p.add(Path.of(home, "bin"));
        p.add(Path.of("/usr/sbin"));
        p.add(Path.of("/sbin"));
        String env = System.getenv("PATH");
        if (env != null) for (String d : env.split(File.pathSeparator)) if (!d.isEmpty()) p.add(Path.of(d));
        return new AgentRunner(p);
    }

    public Optional<Path> locate(String agent) {
        if (agent.contains("/")) {
            Path p = Path.of(agent);
            return Files.isExecutable(p) && Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
        }
        for (Path dir : searchPath) {
            Path p = dir.resolve(agent);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) return Optional.of(p);
        }
        return Optional.empty();
    }

    public AgentResult run(AgentCall call) {
        long start = System.nanoTime();
        String action = call.action();
        Optional<Path> exe = locate(call.agent());
        if (exe.isEmpty()) {
            String why = "no executable " + call.agent() + " in " + (call.agent().contains("/") ? "that path" : searchPath);
            LOG.log(Level.WARNING, "fence agent {0} action {1}: not found ({2})", call.agent(), action, why);
            return new AgentResult(call.agent(), action, AgentResult.Outcome.NOT_FOUND, AgentResult.NO_EXIT_CODE, "", why,
                    Duration.ofNanos(System.nanoTime() - start));
        }
        if (InProcessAgent.handles(exe.get(), call)) {
            Optional<AgentResult> r = InProcessAgent.run(call);
            if (r.isPresent()) {
                LOG.log(r.get().outcome() == AgentResult.Outcome.SUCCESS || r.get().outcome() == AgentResult.Outcome.OFF ? Level.INFO
                        : Level.WARNING, "fence agent {0} (in process)", r.get().summary());
                return r.get();
            }
        }
        CommandRunner.Result run;
        try {
            run = CommandRunner.run(CommandRunner.Spec.of(List.of(exe.get().toString()), call.timeout())
                    .stdin(AgentArgs.format(call.args())).separateStderr());
        } catch (IOException e) {
            return new AgentResult(call.agent(), action, AgentResult.Outcome.NOT_FOUND, AgentResult.NO_EXIT_CODE, "",
                    "cannot start " + exe.get() + ": " + e.getMessage(), Duration.ofNanos(System.nanoTime() - start));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the agent's group was killed: a failed call
            return new AgentResult(call.agent(), action, AgentResult.Outcome.TIMED_OUT, AgentResult.NO_EXIT_CODE, "",
                    "interrupted while waiting for the agent", Duration.ofNanos(System.nanoTime() - start));
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        AgentResult r = !run.timedOut()
                ? new AgentResult(call.agent(), action, AgentResult.outcomeOf(action, run.exitCode()), run.exitCode(),
                        tail(run.stdout()), tail(run.stderr()), took)
                : new AgentResult(call.agent(), action, AgentResult.Outcome.TIMED_OUT, AgentResult.NO_EXIT_CODE, tail(run.stdout()),
                        tail(run.stderr()) + "killed after timeout " + call.timeout().toSeconds() + " s", took);
        LOG.log(r.outcome() == AgentResult.Outcome.SUCCESS || r.outcome() == AgentResult.Outcome.OFF ? Level.INFO : Level.WARNING,
                "fence agent {0}", r.summary());
        return r;
    }

    private static String tail(String s) {
        return s.length() <= MAX_OUTPUT ? s : s.substring(s.length() - MAX_OUTPUT);
    }
}

package org.nebulaha.fence.agent;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs fence agents by the fence-agents convention, as cman's fenced and Pacemaker do: the agent
 * is executed with no arguments, gets its {@code name=value} lines on stdin, and its exit code
 * decides (0 success, 2 "OFF" for status, else failure). An agent that outlives the timeout is
 * killed with its children and counts as failed. Output is captured and returned for the log.
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
        Process p;
        try {
            p = new ProcessBuilder(exe.get().toString()).start();
        } catch (IOException e) {
            return new AgentResult(call.agent(), action, AgentResult.Outcome.NOT_FOUND, AgentResult.NO_EXIT_CODE, "",
                    "cannot start " + exe.get() + ": " + e.getMessage(), Duration.ofNanos(System.nanoTime() - start));
        }
        CompletableFuture<String> out = drain(p.getInputStream());
        CompletableFuture<String> err = drain(p.getErrorStream());
        try (OutputStream in = p.getOutputStream()) {
            in.write(AgentArgs.format(call.args()).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // The agent may exit without reading its input (e.g. on a usage error); its exit code still decides.
        }
        boolean finished;
        try {
            finished = p.waitFor(call.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            finished = false;
        }
        if (!finished) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            try {
                p.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        AgentResult r = finished
                ? new AgentResult(call.agent(), action, AgentResult.outcomeOf(action, p.exitValue()), p.exitValue(),
                        take(out), take(err), took)
                : new AgentResult(call.agent(), action, AgentResult.Outcome.TIMED_OUT, AgentResult.NO_EXIT_CODE, take(out),
                        take(err) + "killed after timeout " + call.timeout().toSeconds() + " s", took);
        LOG.log(r.outcome() == AgentResult.Outcome.SUCCESS || r.outcome() == AgentResult.Outcome.OFF ? Level.INFO : Level.WARNING,
                "fence agent {0}", r.summary());
        return r;
    }

    /** Output so far; a grandchild that escaped the kill may hold the pipe open, so do not wait for EOF forever. */
    private static String take(CompletableFuture<String> f) {
        try {
            return f.get(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return "(output not complete: a child of the agent still holds it open)";
        }
    }

    private static CompletableFuture<String> drain(InputStream s) {
        return CompletableFuture.supplyAsync(() -> {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            byte[] chunk = new byte[8192];
            try (s) {
                int n;
                while ((n = s.read(chunk)) > 0) if (buf.size() < MAX_OUTPUT) buf.write(chunk, 0, Math.min(n, MAX_OUTPUT - buf.size()));
            } catch (IOException e) {
                // stream closed when the process was killed; keep what we have
            }
            return buf.toString(StandardCharsets.UTF_8);
        }, r -> {
            Thread t = new Thread(r, "fence-agent-output");
            t.setDaemon(true);
            t.start();
        });
    }
}

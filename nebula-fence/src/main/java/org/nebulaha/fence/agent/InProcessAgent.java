package org.nebulaha.fence.agent;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.nebulaha.fence.cli.FenceXvmCommand;

/**
 * Our own {@code fence_xvm} (the distribution's {@code bin/fence_xvm}) asked for {@code status}
 * inside the calling JVM: the same command code, the same stdin lines and exit code, without
 * starting a JVM (about 150 ms of every failover's fence step). Only status, the question fenced
 * asks first of a lost node: what actually powers a node off still runs as the agent process,
 * which a timeout can kill.
 */
final class InProcessAgent {
    private InProcessAgent() {}

    /** Whether {@code exe} is this distribution's fence_xvm and the call is a status without debug output (which sets up logging). */
    static boolean handles(Path exe, AgentCall call) {
        String home = System.getProperty("nebula.home");
        if (home == null || !call.action().equals("status") || call.args().containsKey("debug")) return false;
        try {
            return Files.isSameFile(exe, Path.of(home, "bin", "fence_xvm"));
        } catch (IOException e) {
            return false;
        }
    }

    static Optional<AgentResult> run(AgentCall call) {
        long start = System.nanoTime();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        byte[] stdin = AgentArgs.format(call.args()).getBytes(StandardCharsets.UTF_8);
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> {
            try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8); PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
                return new FenceXvmCommand("fence_xvm", false, o, e).run(new String[0], new ByteArrayInputStream(stdin));
            }
        }, r -> {
            Thread t = new Thread(r, "fence_xvm-in-process");
            t.setDaemon(true);
            t.start();
        });
        Duration took;
        try {
            int code = exit.get(call.timeout().toMillis(), TimeUnit.MILLISECONDS);
            took = Duration.ofNanos(System.nanoTime() - start);
            return Optional.of(new AgentResult(call.agent(), call.action(), AgentResult.outcomeOf(call.action(), code), code,
                    text(out), text(err), took));
        } catch (TimeoutException e) {
            // the client's own timeout (-t) ends the thread; the answer no longer counts
            took = Duration.ofNanos(System.nanoTime() - start);
            return Optional.of(new AgentResult(call.agent(), call.action(), AgentResult.Outcome.TIMED_OUT, AgentResult.NO_EXIT_CODE,
                    text(out), text(err) + "no answer within " + call.timeout().toSeconds() + " s (in process)", took));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (ExecutionException e) {
            return Optional.empty(); // a bug of ours: the agent process answers instead
        }
    }

    private static String text(ByteArrayOutputStream b) {
        synchronized (b) {
            return b.toString(StandardCharsets.UTF_8);
        }
    }
}

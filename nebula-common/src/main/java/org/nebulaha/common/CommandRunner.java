package org.nebulaha.common;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one command to its end or its time limit: the one way our daemons and tools run other
 * programs (fence agents, init scripts, power commands, cluster tools, the lab's system commands).
 *
 * <p>The command leads its own process group ({@code setsid}), so at the time limit the whole
 * group is killed: its children, and the grandchildren they left behind that no longer descend
 * from it (a shell's {@code cmd &} whose parent exited), which {@link Process#descendants()} would
 * miss. Processes that made their own session on purpose (daemons started by an init script) are
 * left alone unless still descendants. Output goes to temporary files, not pipes, so a grandchild
 * that keeps the output open cannot hold up the caller; each stream is kept up to
 * {@link #MAX_OUTPUT} bytes (the end of it).
 */
public final class CommandRunner {
    public static final int MAX_OUTPUT = 256 * 1024;
    private static final Path SETSID = Path.of("/usr/bin/setsid");

    private CommandRunner() {}

    /**
     * What to run. {@code stdin} null reads /dev/null; {@code mergeStderr} puts both streams in
     * {@link Result#stdout()}.
     */
    public record Spec(List<String> command, Duration timeout, Map<String, String> env, String stdin, boolean mergeStderr) {
        public Spec {
            if (command.isEmpty()) throw new IllegalArgumentException("no command");
            command = List.copyOf(command);
            env = Map.copyOf(env);
        }

        public static Spec of(List<String> command, Duration timeout) {
            return new Spec(command, timeout, Map.of(), null, true);
        }

        public Spec env(Map<String, String> more) {
            return new Spec(command, timeout, more, stdin, mergeStderr);
        }

        public Spec stdin(String text) {
            return new Spec(command, timeout, env, text, mergeStderr);
        }

        public Spec separateStderr() {
            return new Spec(command, timeout, env, stdin, false);
        }
    }

    /** How it ended; {@code exitCode} is {@link #NO_EXIT} when it was killed at the time limit. */
    public record Result(int exitCode, String stdout, String stderr, boolean timedOut, Duration took) {
        public static final int NO_EXIT = -1;

        public boolean ok() {
            return !timedOut && exitCode == 0;
        }
    }

    /**
     * Runs {@code spec}.
     *
     * @throws IOException when the program cannot be started (not found, not executable)
     * @throws InterruptedException when interrupted while waiting; the group is killed first
     */
    public static Result run(Spec spec) throws IOException, InterruptedException {
        long start = System.nanoTime();
        String program = spec.command().get(0);
        Path resolved = resolve(program, spec.env());
        List<String> cmd = new ArrayList<>();
        boolean ownGroup = Files.isExecutable(SETSID);
        if (ownGroup) cmd.add(SETSID.toString());
        cmd.add(resolved.toString());
        cmd.addAll(spec.command().subList(1, spec.command().size()));
        Path out = Files.createTempFile("nebula-cmd", ".out");
        Path err = spec.mergeStderr() ? null : Files.createTempFile("nebula-cmd", ".err");
        Path in = spec.stdin() == null ? null : Files.createTempFile("nebula-cmd", ".in");
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile());
            if (err == null) pb.redirectErrorStream(true);
            else pb.redirectError(err.toFile());
            if (in == null) pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            else {
                Files.writeString(in, spec.stdin(), StandardCharsets.UTF_8);
                pb.redirectInput(in.toFile());
            }
            pb.environment().putAll(spec.env());
            Process p = pb.start();
            boolean done;
            try {
                done = p.waitFor(Math.max(1, spec.timeout().toMillis()), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                killGroup(p, ownGroup);
                throw e;
            }
            if (!done) killGroup(p, ownGroup);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            return new Result(done ? p.exitValue() : Result.NO_EXIT, tail(out), err == null ? "" : tail(err), !done, took);
        } finally {
            Files.deleteIfExists(out);
            if (err != null) Files.deleteIfExists(err);
            if (in != null) Files.deleteIfExists(in);
        }
    }

    /** The program as the OS would find it (PATH of the child's environment), so a missing one is an IOException as without setsid. */
    static Path resolve(String program, Map<String, String> env) throws IOException {
        if (program.contains("/")) {
            Path p = Path.of(program);
            if (!Files.isRegularFile(p) || !Files.isExecutable(p)) throw new IOException("cannot run " + program + ": not an executable file");
            return p;
        }
        String path = env.getOrDefault("PATH", System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin"));
        for (String dir : path.split(":")) {
            if (dir.isEmpty()) continue;
            Path p = Path.of(dir, program);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) return p;
        }
        throw new IOException("cannot run " + program + ": not found on the PATH (" + path + ")");
    }

    /** SIGKILL to the command's process group, then to any descendant that left it; waits briefly for the command itself. */
    private static void killGroup(Process p, boolean ownGroup) {
        List<ProcessHandle> descendants = p.descendants().toList();
        if (ownGroup) {
            try {
                new ProcessBuilder("kill", "-KILL", "--", "-" + p.pid()).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(5, TimeUnit.SECONDS);
            } catch (IOException e) {
                // fall back to the descendants we can see
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        descendants.forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        try {
            p.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String tail(Path f) throws IOException {
        long size = Files.size(f);
        if (size <= MAX_OUTPUT) return Files.readString(f, StandardCharsets.UTF_8);
        try (var ch = Files.newByteChannel(f)) {
            ch.position(size - MAX_OUTPUT);
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(MAX_OUTPUT);
            while (b.hasRemaining() && ch.read(b) > 0) { }
            return new String(b.array(), 0, b.position(), StandardCharsets.UTF_8);
        }
    }
}

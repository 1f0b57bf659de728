package org.nebulaha.lab;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the system commands the lab is made of (ip, unshare, nsenter...), each with a time limit. */
final class Sh {
    private Sh() {}

    record Result(int exitCode, String output) {
        boolean ok() {
            return exitCode == 0;
        }
    }

    static Result run(List<String> command, Duration timeout) {
        return run(command, timeout, Map.of(), null);
    }

    static Result run(List<String> command, Duration timeout, Map<String, String> env, String stdin) {
        try {
            Path out = Files.createTempFile("lab-sh", ".out");
            try {
                ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
                pb.environment().putAll(env);
                if (stdin == null) pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
                Process p = pb.start();
                if (stdin != null) {
                    try (var in = p.getOutputStream()) {
                        in.write(stdin.getBytes(StandardCharsets.UTF_8));
                    }
                }
                if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly();
                    return new Result(124, "timed out after " + timeout.toSeconds() + " s: " + String.join(" ", command));
                }
                return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            return new Result(127, "cannot run " + command.get(0) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(130, "interrupted");
        }
    }

    /** Runs and fails with the command and its output unless it exits 0. */
    static String check(List<String> command, Duration timeout) {
        Result r = run(command, timeout);
        if (!r.ok()) throw new LabException(String.join(" ", command) + " failed (exit " + r.exitCode() + "): " + r.output().strip());
        return r.output();
    }

    static String check(String... command) {
        return check(List.of(command), Duration.ofSeconds(30));
    }
}

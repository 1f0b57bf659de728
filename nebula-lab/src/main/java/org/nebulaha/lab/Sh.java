package org.nebulaha.lab;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.nebulaha.common.CommandRunner;

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
            CommandRunner.Result r = CommandRunner.run(CommandRunner.Spec.of(command, timeout).env(env).stdin(stdin));
            if (r.timedOut()) return new Result(124, "timed out after " + timeout.toSeconds() + " s: " + String.join(" ", command));
            return new Result(r.exitCode(), r.stdout());
        } catch (IOException e) {
            return new Result(127, e.getMessage());
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

package org.nebulaha.testkit;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts a main class in a separate JVM with this test's class path: how multi-process tests
 * run daemons and command-line tools as real processes.
 */
public final class JavaProcess {
    private JavaProcess() {}

    public static ProcessBuilder builder(Class<?> main, List<String> args, Map<String, String> env) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(main.getName());
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(env);
        return pb;
    }

    /** Runs to completion and returns exit code and output (stdout then stderr). */
    public static Result run(Class<?> main, List<String> args, Map<String, String> env, String stdin) throws IOException, InterruptedException {
        ProcessBuilder pb = builder(main, args, env);
        File err = File.createTempFile("javaprocess", ".err");
        err.deleteOnExit();
        pb.redirectError(err);
        Process p = pb.start();
        try (var in = p.getOutputStream()) {
            if (stdin != null) in.write(stdin.getBytes());
        }
        String out = new String(p.getInputStream().readAllBytes());
        int rc = p.waitFor();
        String errText = java.nio.file.Files.readString(err.toPath());
        return new Result(rc, out, errText);
    }

    public record Result(int exitCode, String stdout, String stderr) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
        }
    }
}

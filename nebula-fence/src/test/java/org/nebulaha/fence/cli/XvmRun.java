package org.nebulaha.fence.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs fence_xvm / fence_virt in-process and captures what it printed. */
public record XvmRun(int exit, String out, String err) {

    public static XvmRun xvm(String stdin, String... args) {
        return run("fence_xvm", false, stdin, args);
    }

    public static XvmRun virt(String... args) {
        return run("fence_virt", true, "", args);
    }

    private static XvmRun run(String program, boolean tcp, String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = new FenceXvmCommand(program, tcp, new PrintStream(out, true), new PrintStream(err, true))
                .run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        return new XvmRun(rc, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}

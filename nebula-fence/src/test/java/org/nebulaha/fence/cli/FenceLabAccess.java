package org.nebulaha.fence.cli;

import java.io.InputStream;
import java.io.PrintStream;

/** Lets tests in other packages run fence_lab in-process. */
public final class FenceLabAccess {
    private FenceLabAccess() {}

    public static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        return new FenceLabCommand(out, err).run(args, in);
    }
}

package org.nebulaha.fence.cli;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.logging.Level;
import org.nebulaha.common.Logs;

/**
 * Calls {@link Logs#setup} without losing stderr: Logs builds a ConsoleHandler (default stream
 * System.err) and then replaces its stream, which closes System.err and file descriptor 2.
 * We hand it a throwaway System.err during the call. (Reported for nebula-common.)
 */
final class LogSetup {
    private LogSetup() {}

    static void to(PrintStream target, Level level) {
        PrintStream realErr = System.err;
        System.setErr(new PrintStream(OutputStream.nullOutputStream()));
        try {
            Logs.setup(target, level);
        } finally {
            System.setErr(realErr);
        }
        // Debug levels are for our own code; libraries (JNA, libvirt binding) stay at INFO.
        java.util.logging.Logger.getLogger("").setLevel(Level.INFO.intValue() < level.intValue() ? level : Level.INFO);
        for (java.util.logging.Logger l : OURS) l.setLevel(level);
    }

    /** Held strongly: java.util.logging forgets the level of loggers nobody references. */
    private static final java.util.List<java.util.logging.Logger> OURS = java.util.List.of(
            java.util.logging.Logger.getLogger("fence_virtd"), java.util.logging.Logger.getLogger("org.nebulaha"));
}

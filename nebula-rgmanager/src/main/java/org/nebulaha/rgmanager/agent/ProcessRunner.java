package org.nebulaha.rgmanager.agent;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Runs a command to completion or until its timeout: the one edge agents use to touch the system. */
public interface ProcessRunner {
    /** What a command did. {@code timedOut} commands were killed (with their descendants); their exit code is -1. */
    record Result(int exitCode, String output, boolean timedOut) {
        public boolean ok() {
            return !timedOut && exitCode == 0;
        }

        /** "exit 3: <last line of output>" or "timed out after 20 s", for messages. */
        public String summary(Duration timeout) {
            if (timedOut) return "timed out after " + timeout.toMillis() / 1000.0 + " s";
            String out = output.strip();
            int nl = out.lastIndexOf('\n');
            String last = nl >= 0 ? out.substring(nl + 1) : out;
            return "exit " + exitCode + (last.isEmpty() ? "" : ": " + last);
        }
    }

    /**
     * Runs {@code command} with {@code env} added to this process's environment, waiting at most
     * {@code timeout}. Output (stdout and stderr together) goes to a file, not a pipe, so a daemon
     * started by an init script that keeps the descriptors open cannot make us wait.
     */
    Result run(List<String> command, Map<String, String> env, Duration timeout) throws IOException;
}

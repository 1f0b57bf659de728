package org.nebulaha.fence.agent;

import java.time.Duration;

/**
 * What a fence agent run came to. {@link Outcome} reads the exit code by the convention:
 * 0 success (or "ON" for status), 2 "OFF" for status, anything else failure; plus the cases
 * where no exit code exists (agent not found, timed out and killed).
 */
public record AgentResult(String agent, String action, Outcome outcome, int exitCode, String stdout, String stderr,
                          Duration duration) {

    public enum Outcome { SUCCESS, OFF, FAILED, TIMED_OUT, NOT_FOUND }

    /** Exit code value used when the agent produced none (not found, killed on timeout). */
    public static final int NO_EXIT_CODE = -1;

    public boolean succeeded() {
        return outcome == Outcome.SUCCESS;
    }

    /** The outcome for an exit code of {@code action}: 2 means OFF only for status, else failure. */
    public static Outcome outcomeOf(String action, int exitCode) {
        if (exitCode == 0) return Outcome.SUCCESS;
        if (exitCode == 2 && action.equals("status")) return Outcome.OFF;
        return Outcome.FAILED;
    }

    /** One line for the log: agent, action, outcome, exit code, duration, first line of output. */
    public String summary() {
        String out = (stdout.isBlank() ? stderr : stdout).strip();
        int nl = out.indexOf('\n');
        if (nl >= 0) out = out.substring(0, nl) + " ...";
        return agent + " action " + action + ": " + outcome.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
                + (exitCode == NO_EXIT_CODE ? "" : " (exit " + exitCode + ")") + " after " + duration.toMillis() + " ms"
                + (out.isEmpty() ? "" : "; output: " + out);
    }
}

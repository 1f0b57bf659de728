package org.nebulaha.fence.fenced;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * One line of the fence history: one agent run (or one fence learnt from another member).
 *
 * @param time      when the run started
 * @param node      the node fenced (or unfenced)
 * @param method    the method name ("-" for unfence and for a peer's report)
 * @param device    the fencedevice name ("-" for a peer's report)
 * @param agent     the agent run
 * @param action    the action the agent did (reboot unless configured)
 * @param result    success, failed, timed_out, not_found, bad_config
 * @param exitCode  the agent's exit code, -1 when it had none
 * @param duration  how long the run took
 * @param origin    who asked: {@code fenced} (automatic), {@code fence_node}, {@code unfence}, {@code peer:NODE}
 */
public record FenceAttempt(Instant time, String node, String method, String device, String agent, String action,
                           String result, int exitCode, Duration duration, String origin) {
    public FenceAttempt {
        node = clean(node);
        method = clean(method);
        device = clean(device);
        agent = clean(agent);
        action = clean(action);
        result = clean(result);
        origin = clean(origin);
        duration = Duration.ofMillis(duration.toMillis()); // the file keeps milliseconds; so does memory
    }

    public boolean succeeded() {
        return result.equals("success");
    }

    /** The history file line: tab-separated fields in record order, time as ISO-8601, duration in ms. */
    public String toLine() {
        return String.join("\t", time.toString(), node, method, device, agent, action, result, Integer.toString(exitCode),
                Long.toString(duration.toMillis()), origin);
    }

    /** Parses {@link #toLine()}; throws IllegalArgumentException saying which field is wrong. */
    public static FenceAttempt parse(String line) {
        String[] f = line.split("\t", -1);
        if (f.length != 10) throw new IllegalArgumentException("expected 10 tab-separated fields, found " + f.length);
        try {
            return new FenceAttempt(Instant.parse(f[0]), f[1], f[2], f[3], f[4], f[5], f[6], Integer.parseInt(f[7]),
                    Duration.ofMillis(Long.parseLong(f[8])), f[9]);
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new IllegalArgumentException("bad time, exit code or duration: " + e.getMessage());
        }
    }

    /** One human line, as fence_node -H prints it. */
    public String describe() {
        String dev = device.equals("-") ? "" : " method " + method + " device " + device + " agent " + agent + " action " + action;
        return time.toString().replace('T', ' ') + " " + node + dev + ": " + result.replace('_', ' ')
                + (exitCode >= 0 ? " (exit " + exitCode + ")" : "") + " " + duration.toMillis() + " ms, by " + origin;
    }

    private static String clean(String s) {
        // Tabs and line breaks would break the one-line, tab-separated file format.
        String c = s == null ? "" : s.replaceAll("[\\t\\r\\n]", " ").strip();
        return c.isEmpty() ? "-" : c;
    }
}

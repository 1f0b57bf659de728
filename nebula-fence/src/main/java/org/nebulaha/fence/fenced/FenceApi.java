package org.nebulaha.fence.fenced;

import java.util.ArrayList;
import java.util.List;

/**
 * The node daemon's local API verbs for fencing, without depending on the daemon: each method takes
 * the words after the verb and returns a {@link Reply} the daemon turns into its API answer 1:1
 * ({@code new ApiResponse(r.ok(), r.code(), r.message(), r.body())}).
 *
 * <ul>
 *   <li>{@code fence_node NODE} / {@code fence_node -U NODE}: one fence (unfence) pass now. Body:
 *       {@code result=success|failed}, {@code summary=...}, then one {@code attempt=LINE} per agent run
 *       ({@link FenceAttempt#toLine()}). Failure: not ok, code 1, with the same body.</li>
 *   <li>{@code fence_history [NODE]}: the history, oldest first, one {@link FenceAttempt#toLine()} per line.</li>
 *   <li>{@code fence_status}: message {@code config_version N} (the configuration fenced works with), then one
 *       {@link FenceStatus#describe()} line per other node.</li>
 * </ul>
 * Bad arguments give code 2 and a message saying what to send.
 */
public final class FenceApi {
    public static final String FENCE_NODE = "fence_node";
    public static final String FENCE_HISTORY = "fence_history";
    public static final String FENCE_STATUS = "fence_status";

    /** One answer: ok, exit code for the tool, status message, body lines. */
    public record Reply(boolean ok, int code, String message, List<String> body) {
        public Reply {
            body = List.copyOf(body);
        }

        static Reply error(int code, String message) {
            return new Reply(false, code, message, List.of());
        }
    }

    private final Fenced fenced;

    public FenceApi(Fenced fenced) {
        this.fenced = fenced;
    }

    public Reply fenceNode(List<String> args) {
        boolean unfence = !args.isEmpty() && args.get(0).equals("-U");
        List<String> rest = unfence ? args.subList(1, args.size()) : args;
        if (rest.size() != 1 || rest.get(0).startsWith("-"))
            return Reply.error(2, "expected 'fence_node NODE' or 'fence_node -U NODE', got " + args);
        String node = rest.get(0);
        SequenceResult r = unfence ? fenced.unfence(node) : fenced.fenceByHand(node);
        List<String> body = new ArrayList<>();
        body.add("result=" + (r.success() ? "success" : "failed"));
        body.add("summary=" + r.summary().replace('\n', ' '));
        for (FenceAttempt a : r.attempts()) body.add("attempt=" + a.toLine());
        String what = (unfence ? "unfence " : "fence ") + node;
        return r.success() ? new Reply(true, 0, what + " success", body) : new Reply(false, 1, what + " failed: " + r.summary(), body);
    }

    public Reply history(List<String> args) {
        if (args.size() > 1) return Reply.error(2, "expected 'fence_history [NODE]', got " + args);
        List<FenceAttempt> h = args.isEmpty() ? fenced.history().all() : fenced.history().forNode(args.get(0));
        return new Reply(true, 0, h.size() + " entries", h.stream().map(FenceAttempt::toLine).toList());
    }

    public Reply status(List<String> args) {
        if (!args.isEmpty()) return Reply.error(2, "expected 'fence_status' without arguments, got " + args);
        return new Reply(true, 0, "config_version " + fenced.configVersion(), fenced.statusAll().stream().map(FenceStatus::describe).toList());
    }
}

package org.nebulaha.fence.fenced;

import java.util.List;

/**
 * The outcome of one pass over a node's fence methods (or its unfence devices).
 *
 * @param node      the node
 * @param success   a method succeeded (every device of it), or unfencing succeeded on every device
 * @param summary   one line saying what happened, e.g. {@code method 2 (backup) succeeded after method 1 failed}
 * @param attempts  every agent run of this pass, in order, as recorded in the history
 */
public record SequenceResult(String node, boolean success, String summary, List<FenceAttempt> attempts) {
    public SequenceResult {
        attempts = List.copyOf(attempts);
    }
}

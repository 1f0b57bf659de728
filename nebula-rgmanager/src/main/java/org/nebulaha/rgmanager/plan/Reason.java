package org.nebulaha.rgmanager.plan;

/**
 * Why an action was planned: the rule's name (stable, used by tests and logs) and a sentence
 * with the facts, e.g. {@code owner-fenced: node1 was fenced; node2 (priority 2) is the best online member}.
 */
public record Reason(String rule, String text) {
    public Reason {
        if (rule == null || rule.isBlank() || rule.contains(" ")) throw new IllegalArgumentException("rule must be one word: '" + rule + "'");
        if (text == null || text.isBlank()) throw new IllegalArgumentException("reason for rule " + rule + " without text");
    }

    @Override
    public String toString() {
        return rule + ": " + text;
    }
}

package org.nebulaha.rgmanager.plan;

/** rgmanager's placement score from {@code node_should_start()} ({@code fo_domain.c}), worst to best. */
public enum Score {
    ILLEGAL, GOOD, BETTER, BEST
}

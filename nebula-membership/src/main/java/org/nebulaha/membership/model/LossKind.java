package org.nebulaha.membership.model;

/**
 * Why a member left the membership. Fencing depends on this: a node that left cleanly stopped its
 * services first and must not be fenced; a failed one may still run them.
 */
public enum LossKind {
    /** It announced its leave ({@code cman_tool leave}, SIGTERM) and then left the group. */
    CLEAN_LEAVE,
    /** It disappeared: crash, kill -9, power loss, hang, network partition. */
    FAILED
}

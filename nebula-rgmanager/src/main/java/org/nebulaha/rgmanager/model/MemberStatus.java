package org.nebulaha.rgmanager.model;

/**
 * What the membership and fencing layers say about one configured node.
 * Only {@link #FENCED} and {@link #LEFT} prove that a node that is gone runs nothing.
 */
public enum MemberStatus {
    /** A member of the current (quorate or not) membership, with the resource manager running. */
    ONLINE("online"),
    /** Left the membership without a clean stop; its services may still run until it is fenced. */
    LOST("lost"),
    /** Lost and then fenced successfully: it runs nothing. */
    FENCED("fenced"),
    /** Left the membership cleanly, after stopping its services. */
    LEFT("left"),
    /** Not a member, and nothing known about it (never joined since the cluster formed). */
    DOWN("down");

    private final String word;

    MemberStatus(String word) {
        this.word = word;
    }

    public String word() {
        return word;
    }

    /** True when a node that is not online is proven to run nothing. */
    public boolean isSafelyGone() {
        return this == FENCED || this == LEFT;
    }

    public static MemberStatus fromWord(String s) {
        for (MemberStatus m : values()) if (m.word.equals(s)) return m;
        throw new IllegalArgumentException("member status must be online, lost, fenced, left or down, not '" + s + "'");
    }
}

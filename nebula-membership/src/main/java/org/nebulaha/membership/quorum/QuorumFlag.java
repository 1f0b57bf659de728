package org.nebulaha.membership.quorum;

/** Flags shown by {@code cman_tool status} ("Flags: 2node Quorate ...") and by the local API. */
public enum QuorumFlag {
    TWO_NODE("2node"),
    QUORATE("Quorate"),
    WAIT_FOR_ALL("WaitForAll"),
    LAST_MAN_STANDING("LastManStanding"),
    AUTO_TIE_BREAKER("AutoTieBreaker"),
    /** a quorum witness is configured (corosync-quorumtool's word) */
    QDEVICE("Qdevice"),
    DISALLOWED_NODES("DisallowedNodes");

    private final String label;

    QuorumFlag(String label) {
        this.label = label;
    }

    /** The word printed in the Flags line. */
    public String label() {
        return label;
    }
}

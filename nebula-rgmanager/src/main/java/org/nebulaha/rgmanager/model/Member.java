package org.nebulaha.rgmanager.model;

import java.util.Objects;

/**
 * One configured node as the membership layer sees it. {@code joined} marks a node that came
 * online in the transition being planned: only then may a service fail back to it (rgmanager
 * relocates to a better member when it joins, not at every evaluation).
 */
public record Member(String name, MemberStatus status, boolean joined) {
    public Member {
        Objects.requireNonNull(status, "status");
        if (name == null || name.isBlank()) throw new IllegalArgumentException("member without a name");
        if (joined && status != MemberStatus.ONLINE) throw new IllegalArgumentException("member " + name + " cannot have joined while " + status.word());
    }

    public Member(String name, MemberStatus status) {
        this(name, status, false);
    }

    public boolean isOnline() {
        return status == MemberStatus.ONLINE;
    }
}

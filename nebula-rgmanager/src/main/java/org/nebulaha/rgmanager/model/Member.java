package org.nebulaha.rgmanager.model;

import java.util.Objects;

/** One configured node as the membership layer sees it. */
public record Member(String name, MemberStatus status) {
    public Member {
        Objects.requireNonNull(status, "status");
        if (name == null || name.isBlank()) throw new IllegalArgumentException("member without a name");
    }

    public boolean isOnline() {
        return status == MemberStatus.ONLINE;
    }
}

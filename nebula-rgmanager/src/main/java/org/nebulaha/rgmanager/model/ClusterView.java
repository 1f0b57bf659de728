package org.nebulaha.rgmanager.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the node daemon tells the resource manager about membership: whether the cluster is
 * quorate and the status of every node it knows. A configured node that is missing counts as
 * {@link MemberStatus#DOWN} (gone, not proven safe).
 */
public record ClusterView(boolean quorate, List<Member> members) {
    public ClusterView {
        members = List.copyOf(members);
        Map<String, Member> seen = new LinkedHashMap<>();
        for (Member m : members)
            if (seen.put(m.name(), m) != null) throw new IllegalArgumentException("member " + m.name() + " listed twice");
    }

    public MemberStatus status(String node) {
        return member(node).map(Member::status).orElse(MemberStatus.DOWN);
    }

    public Optional<Member> member(String node) {
        return members.stream().filter(m -> m.name().equals(node)).findFirst();
    }

    /** True when {@code node} came online in the transition being planned. */
    public boolean hasJoined(String node) {
        return member(node).map(Member::joined).orElse(false);
    }

    /** The same view with no node marked as just joined (after the transition was planned). */
    public ClusterView settled() {
        return new ClusterView(quorate, members.stream().map(m -> new Member(m.name(), m.status())).toList());
    }

    public boolean isOnline(String node) {
        return status(node) == MemberStatus.ONLINE;
    }
}

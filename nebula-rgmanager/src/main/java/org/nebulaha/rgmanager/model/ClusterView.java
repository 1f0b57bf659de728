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

    public boolean isOnline(String node) {
        return status(node) == MemberStatus.ONLINE;
    }
}

package org.nebulaha.membership.jgroups;

import java.util.List;
import java.util.Map;
import org.nebulaha.membership.model.MemberInfo;

/**
 * The membership as this node sees it now.
 *
 * @param generation  JGroups view id: bumped at every membership change ("Cluster Generation")
 * @param members     members whose announcement arrived and was accepted, sorted by nodeid (this node included)
 * @param joining     group members whose announcement has not arrived yet
 * @param disallowed  group members refused by name or nodeid, with the reason
 */
public record MembershipSnapshot(long generation, List<MemberInfo> members, int joining, Map<String, String> disallowed) {
    public MembershipSnapshot {
        members = List.copyOf(members);
        disallowed = Map.copyOf(disallowed);
    }
}

package org.nebulaha.fence.virtd;

import java.util.List;
import org.nebulaha.fence.xvm.HostRecord;

/**
 * The static permission map ({@code groups} in fence_virt.conf). With no groups everything is
 * allowed. Otherwise a caller may act on a target only if some group lists the caller among its
 * {@code ip} entries and the target among its {@code uuid} entries (names or UUIDs, compared
 * case-insensitively, exactly as the client sent them). A host list shows only the hosts the
 * caller may fence, matched by UUID or by name.
 */
public record Permissions(List<VirtdConfig.Group> groups) {
    public Permissions {
        groups = List.copyOf(groups);
    }

    public boolean allows(String caller, String target) {
        if (groups.isEmpty()) return true;
        return groups.stream().anyMatch(g -> containsIgnoreCase(g.ips(), caller) && containsIgnoreCase(g.uuids(), target));
    }

    public List<HostRecord> visible(String caller, List<HostRecord> hosts) {
        if (groups.isEmpty()) return hosts;
        return hosts.stream().filter(h -> allows(caller, h.uuid()) || allows(caller, h.name())).toList();
    }

    private static boolean containsIgnoreCase(List<String> l, String s) {
        return l.stream().anyMatch(x -> x.equalsIgnoreCase(s));
    }
}

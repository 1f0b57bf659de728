package org.nebulaha.conf.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code <service>}: a resource group that runs on one node at a time. Defaults are rgmanager's:
 * autostart 1, exclusive 0, recovery restart, max_restarts 0 (no limit), restart_expire_time 0
 * (never forget), depend_mode hard.
 *
 * @param resources the resource tree, refs resolved, in document order (start order by type is the
 *                  resource manager's business)
 * @param depend    the service this one needs, without the {@code service:} prefix
 */
public record Service(String name, Optional<String> domain, boolean autostart, boolean exclusive,
                      Recovery recovery, int maxRestarts, int restartExpireTimeSeconds,
                      Optional<String> depend, boolean dependSoft, List<Resource> resources,
                      Map<String, String> extras) {
    public Service {
        resources = List.copyOf(resources);
        extras = Map.copyOf(extras);
    }

    /** How rgmanager names it: {@code service:opennebula}. */
    public String id() {
        return "service:" + name;
    }
}

package org.nebulaha.conf.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code <rm>}: failover domains, global resources (referenced from services with {@code ref=}),
 * and services. {@code statusPollIntervalSeconds} is rgmanager's status_poll_interval (default 10).
 */
public record ResourceManager(List<FailoverDomain> failoverDomains, List<Resource> resources,
                              List<Service> services, int statusPollIntervalSeconds, Map<String, String> extras) {
    public static final int DEFAULT_STATUS_POLL_INTERVAL_SECONDS = 10;

    public ResourceManager {
        failoverDomains = List.copyOf(failoverDomains);
        resources = List.copyOf(resources);
        services = List.copyOf(services);
        extras = Map.copyOf(extras);
    }

    public static ResourceManager empty() {
        return new ResourceManager(List.of(), List.of(), List.of(), DEFAULT_STATUS_POLL_INTERVAL_SECONDS, Map.of());
    }

    public Optional<FailoverDomain> failoverDomain(String name) {
        return failoverDomains.stream().filter(d -> d.name().equals(name)).findFirst();
    }

    public Optional<Service> service(String name) {
        return services.stream().filter(s -> s.name().equals(name)).findFirst();
    }
}

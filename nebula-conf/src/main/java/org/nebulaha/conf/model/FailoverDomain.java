package org.nebulaha.conf.model;

import java.util.List;

/**
 * {@code <failoverdomain name ordered restricted nofailback>} and its members. Priorities matter
 * only when ordered; lower is preferred (1..100; 0 = no priority, placed last).
 */
public record FailoverDomain(String name, boolean ordered, boolean restricted, boolean nofailback,
                             List<FailoverDomainNode> nodes) {
    public FailoverDomain {
        nodes = List.copyOf(nodes);
    }

    public boolean contains(String nodeName) {
        return nodes.stream().anyMatch(n -> n.name().equals(nodeName));
    }
}

package org.nebulaha.conf.model;

import java.util.List;
import java.util.Map;

/**
 * A resource as a service runs it: its type ({@code ip}, {@code script}, {@code ocf}, ...), its
 * attributes with any {@code ref=} already resolved (the global resource's attributes, overridden
 * by those written at the point of use), and the resources nested inside it, which start after it.
 */
public record Resource(String type, Map<String, String> attributes, List<Resource> children) {
    public Resource {
        attributes = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(attributes));
        children = List.copyOf(children);
    }

    /** The attribute that names this resource: {@code address} for ip, {@code name} for the rest. */
    public static String primaryAttribute(String type) {
        return type.equals("ip") ? "address" : "name";
    }

    /** The value that names this resource ("10.10.11.12", "opennebula"), or null if it has none. */
    public String key() {
        return attributes.get(primaryAttribute(type));
    }

    public String attr(String name) {
        return attributes.get(name);
    }

    /** How logs and tools name it: {@code ip:10.10.11.12}, {@code script:opennebula}. */
    public String id() {
        return type + ":" + key();
    }
}

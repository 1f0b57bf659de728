package org.nebulaha.fence.agent;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One invocation of a fence agent: which agent, the name=value lines it gets on stdin (in order),
 * and how long it may run. Build the arguments the way fenced does: the node's device attributes,
 * then {@code nodename}, then the fence device's attributes; add {@code action} to override the
 * agent's default (reboot).
 *
 * <pre>
 * AgentCall call = AgentCall.of("fence_xvm", Duration.ofSeconds(60))
 *     .with("port", "one1").with("nodename", "one-server1")
 *     .with("key_file", "/etc/cluster/fence_xvm.key").with("action", "off");
 * </pre>
 */
public record AgentCall(String agent, Map<String, String> args, Duration timeout) {
    public AgentCall {
        if (agent == null || agent.isBlank()) throw new IllegalArgumentException("fence agent name is empty");
        if (agent.contains("/") ? agent.endsWith("/") : !agent.startsWith("fence_"))
            throw new IllegalArgumentException("fence agent '" + agent + "': expected a fence_* name or a path to an executable");
        if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("fence agent timeout must be positive: " + timeout);
        args = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(args));
    }

    public static AgentCall of(String agent, Duration timeout) {
        return new AgentCall(agent, Map.of(), timeout);
    }

    /** A copy with {@code name=value} added (or replaced, keeping its first position). */
    public AgentCall with(String name, String value) {
        Map<String, String> m = new LinkedHashMap<>(args);
        m.put(name, value);
        return new AgentCall(agent, m, timeout);
    }

    /** A copy with every entry of {@code more} added that is not already present (fenced's nodename rule). */
    public AgentCall withDefaults(Map<String, String> more) {
        Map<String, String> m = new LinkedHashMap<>(args);
        more.forEach(m::putIfAbsent);
        return new AgentCall(agent, m, timeout);
    }

    public String action() {
        return args.getOrDefault("action", args.getOrDefault("option", "reboot"));
    }
}

package org.nebulaha.node.daemon;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.nebulaha.node.api.ApiResponse;

/**
 * The verbs of the local API. Modules hosted by the daemon (fencing, resource manager) add their
 * own, e.g. {@code registry.register("fence_node", "fence a node", args -> ...)}.
 */
public final class CommandRegistry {
    /** Handles one request; {@code args} are the words after the verb. Throwing gives {@code ERR 1 message}. */
    @FunctionalInterface
    public interface Command {
        ApiResponse handle(List<String> args) throws Exception;
    }

    private record Entry(String description, Command command) {}

    private final Map<String, Entry> commands = new TreeMap<>();

    public synchronized void register(String verb, String description, Command command) {
        if (!verb.matches("[a-z][a-z0-9_-]*"))
            throw new IllegalArgumentException("API verb '" + verb + "' must be lower-case letters, digits, '_' or '-'");
        if (commands.putIfAbsent(verb, new Entry(description, command)) != null)
            throw new IllegalArgumentException("API verb '" + verb + "' is already registered");
    }

    public synchronized Command find(String verb) {
        Entry e = commands.get(verb);
        return e == null ? null : e.command;
    }

    /** One line per verb: {@code verb<TAB>description}. */
    public synchronized List<String> help() {
        return commands.entrySet().stream().map(e -> e.getKey() + "\t" + e.getValue().description).toList();
    }
}

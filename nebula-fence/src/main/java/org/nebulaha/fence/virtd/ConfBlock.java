package org.nebulaha.fence.virtd;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One {@code name { ... }} block of fence_virt.conf (the root block has name "" and line 0):
 * its {@code key = "value";} assignments and nested blocks, in file order, with line numbers so
 * that later checks can say where a bad value came from. Keys and block names may repeat
 * ({@code groups { group { ... } group { ... } }}, several {@code ip = ...;}).
 */
public record ConfBlock(String name, int line, List<Assignment> assignments, List<ConfBlock> blocks) {

    public record Assignment(String key, String value, int line) {}

    public ConfBlock {
        assignments = List.copyOf(assignments);
        blocks = List.copyOf(blocks);
    }

    public static ConfBlock root(List<ConfBlock> blocks) {
        return new ConfBlock("", 0, List.of(), blocks);
    }

    /** The last assignment of {@code key} (later lines win). */
    public Optional<Assignment> assignment(String key) {
        Assignment found = null;
        for (Assignment a : assignments) if (a.key().equals(key)) found = a;
        return Optional.ofNullable(found);
    }

    public Optional<String> value(String key) {
        return assignment(key).map(Assignment::value);
    }

    public List<String> values(String key) {
        return assignments.stream().filter(a -> a.key().equals(key)).map(Assignment::value).toList();
    }

    /** The first nested block called {@code name}. */
    public Optional<ConfBlock> block(String name) {
        return blocks.stream().filter(b -> b.name().equals(name)).findFirst();
    }

    public List<ConfBlock> blocks(String name) {
        return blocks.stream().filter(b -> b.name().equals(name)).toList();
    }

    /** Follows a path of block names, e.g. {@code path("listeners", "multicast")}. */
    public Optional<ConfBlock> path(String... names) {
        Optional<ConfBlock> b = Optional.of(this);
        for (String n : names) b = b.flatMap(x -> x.block(n));
        return b;
    }

    /** Builder used by the parser and by {@code fence_virtd -c}. */
    public static final class Builder {
        private final String name;
        private final int line;
        private final List<Assignment> assignments = new ArrayList<>();
        private final List<ConfBlock> blocks = new ArrayList<>();

        public Builder(String name, int line) {
            this.name = name;
            this.line = line;
        }

        public Builder set(String key, String value) {
            assignments.add(new Assignment(key, value, 0));
            return this;
        }

        Builder add(Assignment a) {
            assignments.add(a);
            return this;
        }

        public Builder add(ConfBlock b) {
            blocks.add(b);
            return this;
        }

        public ConfBlock build() {
            return new ConfBlock(name, line, assignments, blocks);
        }
    }
}

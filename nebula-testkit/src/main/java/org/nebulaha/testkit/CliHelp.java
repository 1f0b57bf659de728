package org.nebulaha.testkit;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;

/**
 * Checks that {@code --help} works on a command and on every one of its subcommands, at any
 * depth, as a user types it ({@code onevm recover --help}): exit 0, a usage text that names the
 * command, and no two subcommands of one command described with the same text.
 */
public final class CliHelp {
    private CliHelp() {}

    /** What {@code ... --help} printed for each command path ("onevm recover"). */
    public static Map<String, String> helpOfEveryCommand(Supplier<CommandLine> fresh) {
        Map<String, String> help = new HashMap<>();
        walk(fresh, fresh.get(), new ArrayList<>(), help);
        return help;
    }

    private static void walk(Supplier<CommandLine> fresh, CommandLine node, List<String> path, Map<String, String> help) {
        List<String> args = new ArrayList<>(path);
        args.add("--help");
        CommandLine root = fresh.get();
        StringWriter out = new StringWriter(), err = new StringWriter();
        root.setOut(new PrintWriter(out)).setErr(new PrintWriter(err));
        int exit = root.execute(args.toArray(String[]::new));
        String name = (root.getCommandName() + " " + String.join(" ", path)).strip();
        if (exit != 0 || !out.toString().startsWith("Usage: " + name))
            throw new AssertionError("'" + name + " --help' exited " + exit + " and printed:\n" + out + err);
        help.put(name, out.toString());
        Map<String, String> seen = new HashMap<>();
        java.util.Set<CommandLine> visited = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (Map.Entry<String, CommandLine> sub : node.getSubcommands().entrySet()) {
            if (sub.getKey().equals("help") || !visited.add(sub.getValue())) continue; // picocli's help command; an alias
            String description = String.join(" ", sub.getValue().getCommandSpec().usageMessage().description());
            String other = seen.putIfAbsent(description, sub.getKey());
            if (other != null)
                throw new AssertionError("'" + name + " " + other + "' and '" + name + " " + sub.getKey() + "' have the same description: "
                        + description);
            List<String> deeper = new ArrayList<>(path);
            deeper.add(sub.getKey());
            walk(fresh, sub.getValue(), deeper, help);
        }
    }
}

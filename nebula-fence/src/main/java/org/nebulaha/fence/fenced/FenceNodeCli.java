package org.nebulaha.fence.fenced;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code fence_node} command line, talking to the node daemon through {@link DaemonLink}:
 *
 * <pre>
 * fence_node [-v] NODE      fence NODE now through its methods   -> "fence NODE success" / "fence NODE failed"
 * fence_node -U [-v] NODE   unfence NODE (its unfence devices)   -> "unfence NODE success" / "unfence NODE failed"
 * fence_node -H [NODE]      print the fence history (nebula-ha)
 * fence_node -h             help
 * </pre>
 * {@code -v} also prints every agent run. Exit codes: 0 success, 1 fencing failed or the daemon
 * could not be asked, 2 usage error. Success lines go to stdout, failures to stderr.
 */
public final class FenceNodeCli {
    /** How the command reaches the daemon's API: one verb with its words, answered by a {@link FenceApi.Reply}. */
    @FunctionalInterface
    public interface DaemonLink {
        FenceApi.Reply call(String verb, List<String> args) throws IOException;
    }

    public static final String USAGE = """
            Usage: fence_node [options] NODE
              -U        unfence NODE (run its <unfence> devices with action=on)
              -v        show every agent run
              -H [NODE] show the fence history (all nodes, or NODE)
              -h        show this help
            Exit codes: 0 success, 1 failed or node daemon unreachable, 2 usage error.""";

    private final DaemonLink link;
    private final PrintStream out;
    private final PrintStream err;

    public FenceNodeCli(DaemonLink link, PrintStream out, PrintStream err) {
        this.link = link;
        this.out = out;
        this.err = err;
    }

    public int run(String... argv) {
        boolean unfence = false, verbose = false, history = false;
        List<String> words = new ArrayList<>();
        for (String a : argv) {
            switch (a) {
                case "-U" -> unfence = true;
                case "-v", "-vv" -> verbose = true;
                case "-H" -> history = true;
                case "-h", "--help" -> {
                    out.println(USAGE);
                    return 0;
                }
                default -> {
                    if (a.startsWith("-")) return usage("unknown option " + a);
                    words.add(a);
                }
            }
        }
        if (history) {
            if (unfence || words.size() > 1) return usage("-H takes at most one NODE and no -U");
            return printHistory(words);
        }
        if (words.size() != 1) return usage(words.isEmpty() ? "no node name given" : "one node at a time, got " + words);
        String node = words.get(0);
        String what = unfence ? "unfence" : "fence";
        FenceApi.Reply r;
        try {
            r = link.call(FenceApi.FENCE_NODE, unfence ? List.of("-U", node) : List.of(node));
        } catch (IOException e) {
            unreachable(e);
            err.println(what + " " + node + " failed");
            return 1;
        }
        String result = "";
        String summary = "";
        for (String l : r.body()) {
            if (l.startsWith("result=")) result = l.substring(7);
            else if (l.startsWith("summary=")) summary = l.substring(8);
            else if (l.startsWith("attempt=") && verbose) out.println(describeAttempt(l.substring(8)));
        }
        if (r.ok() && result.equals("success")) {
            if (verbose && !summary.isEmpty()) out.println(what + " " + node + ": " + summary);
            out.println(what + " " + node + " success");
            return 0;
        }
        if (r.code() == 2) {
            err.println("fence_node: " + r.message());
            return 2;
        }
        err.println("fence_node: " + (summary.isEmpty() ? r.message() : summary));
        err.println(what + " " + node + " failed");
        return 1;
    }

    private int printHistory(List<String> words) {
        FenceApi.Reply r;
        try {
            r = link.call(FenceApi.FENCE_HISTORY, words);
        } catch (IOException e) {
            unreachable(e);
            return 1;
        }
        if (!r.ok()) {
            err.println("fence_node: " + r.message());
            return r.code() == 2 ? 2 : 1;
        }
        if (r.body().isEmpty()) out.println("no fence history" + (words.isEmpty() ? "" : " for " + words.get(0)));
        for (String l : r.body()) out.println(describeAttempt(l));
        return 0;
    }

    private void unreachable(IOException e) {
        err.println("fence_node: cannot ask the node daemon: " + e.getMessage() + "; is cman running? (service cman start)");
    }

    private static String describeAttempt(String line) {
        try {
            return FenceAttempt.parse(line).describe();
        } catch (IllegalArgumentException e) {
            return line; // an unexpected line is shown as it came rather than hidden
        }
    }

    private int usage(String problem) {
        err.println("fence_node: " + problem);
        err.println(USAGE);
        return 2;
    }
}

package org.nebulaha.sunstone.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nebulaha.common.CommandRunner;
import org.nebulaha.sunstone.model.ClusterView;

/**
 * Runs the local cluster tools as subprocesses — {@code clustat -x}, {@code cman_tool status},
 * {@code fence_node -H} — whichever exist on {@code path} (the PATH by default), each with a
 * 5-second limit, and builds a {@link ClusterView}. A missing tool is "not available".
 */
public final class ClusterTools {
    private final List<Path> path;

    public ClusterTools(String searchPath) {
        List<Path> p = new ArrayList<>();
        for (String d : (searchPath == null ? "" : searchPath).split(":")) if (!d.isBlank()) p.add(Path.of(d));
        this.path = List.copyOf(p);
    }

    /** The executable named {@code tool} on the search path, or null. */
    public Path find(String tool) {
        for (Path d : path) {
            Path f = d.resolve(tool);
            if (Files.isRegularFile(f) && Files.isExecutable(f)) return f;
        }
        return null;
    }

    public ClusterView read() {
        List<String> problems = new ArrayList<>();
        ClusterView base = null;
        String out = run("clustat", List.of("-x"), problems);
        if (out != null) {
            try {
                base = ClusterView.parseClustat(out);
            } catch (ClusterView.BadOutput e) {
                problems.add(e.getMessage());
            }
        }
        Map<String, String> cman = null;
        String cs = run("cman_tool", List.of("status"), problems);
        if (cs != null) cman = ClusterView.parseCmanStatus(cs);
        List<String> fences = null;
        String fh = run("fence_node", List.of("-H"), problems);
        if (fh != null) fences = ClusterView.parseFenceHistory(fh);
        return new ClusterView(base == null ? null : base.clusterName(), base == null ? null : base.quorate(),
                base == null ? null : base.members(), base == null ? null : base.services(), cman, fences, problems,
                base == null ? List.of() : base.copies());
    }

    private String run(String tool, List<String> args, List<String> problems) {
        Path exe = find(tool);
        if (exe == null) {
            problems.add(tool + ": not available (not on the PATH)");
            return null;
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(exe.toString());
        cmd.addAll(args);
        try {
            CommandRunner.Result r = CommandRunner.run(CommandRunner.Spec.of(cmd, Duration.ofSeconds(5)));
            if (r.timedOut()) {
                problems.add(tool + " " + String.join(" ", args) + ": no answer within 5 s");
                return null;
            }
            if (r.exitCode() != 0) {
                problems.add(tool + " " + String.join(" ", args) + ": exit " + r.exitCode() + ": " + firstLine(r.stdout()));
                return null;
            }
            return r.stdout();
        } catch (IOException e) {
            problems.add(tool + ": " + e.getMessage());
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static String firstLine(String s) {
        String t = s.strip();
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl);
    }
}

package org.nebulaha.node.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.nebulaha.node.api.ApiClient;
import org.nebulaha.node.api.ApiResponse;
import org.nebulaha.node.api.DaemonNotRunningException;

/**
 * {@code cman_tool}: {@code status [-v]}, {@code nodes [-a] [-n NAME]}, {@code version [-r] [-S]},
 * {@code leave [-w] [-t SEC] [remove|force]}. Talks to the local node daemon only.
 * Exit codes: 0 success; 1 error (including "daemon not running"); 2 usage error.
 */
public final class CmanTool {
    private final ApiClient api;
    private final PrintStream out;
    private final PrintStream err;

    public CmanTool(ApiClient api, PrintStream out, PrintStream err) {
        this.api = api;
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        int rc = new CmanTool(ApiClient.local(), System.out, System.err).run(List.of(args));
        System.out.flush();
        System.exit(rc);
    }

    public int run(List<String> args) {
        if (args.isEmpty()) return usage("no command given");
        String cmd = args.get(0);
        List<String> opts = args.subList(1, args.size());
        try {
            return switch (cmd) {
                case "status" -> status(opts);
                case "nodes" -> nodes(opts);
                case "version" -> version(opts);
                case "leave" -> leave(opts);
                case "-h", "--help", "help" -> {
                    out.print(USAGE);
                    yield 0;
                }
                default -> usage("unknown command '" + cmd + "'");
            };
        } catch (DaemonNotRunningException e) {
            err.println("cman_tool: Cannot open connection to cman, is it running ? (" + e.getMessage() + ")");
            return 1;
        } catch (IOException e) {
            err.println("cman_tool: " + e.getMessage());
            return 1;
        } catch (UsageException e) {
            return usage(e.getMessage());
        }
    }

    private static final String USAGE = """
            Usage:

            cman_tool <status|nodes|version|leave> [options]

            status             Show local record of cluster status
              -v                 Also show the token timeout and why the node is (in)quorate
            nodes              Show local record of cluster nodes
              -a                 Also show node address(es)
              -n <nodename>      Only show information for specific node
            version            Show the running config version
              -r                 Reload cluster.conf and activate it on all members
              -S                 Don't send cluster.conf along (each node reads its own copy)
            leave              Stop the hosted services, leave the cluster cleanly, stop the daemon
              -w, -t <sec>, remove, force   accepted for compatibility
            """;

    private static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String m) {
            super(m);
        }
    }

    private int usage(String why) {
        err.println("cman_tool: " + why);
        err.print(USAGE);
        return 2;
    }

    private ApiResponse call(String verb, String... args) throws IOException {
        return api.call(verb, args);
    }

    private int fail(ApiResponse r) {
        err.println("cman_tool: " + r.message());
        return r.code() == 0 ? 1 : r.code();
    }

    private int status(List<String> opts) throws IOException, UsageException {
        boolean verbose = false;
        for (String o : opts) {
            if (o.equals("-v")) verbose = true;
            else throw new UsageException("status: unknown option '" + o + "'");
        }
        ApiResponse r = call("status");
        if (!r.ok()) return fail(r);
        out.print(CmanFormat.status(r.fields(), verbose));
        return 0;
    }

    private int nodes(List<String> opts) throws IOException, UsageException {
        boolean addresses = false;
        List<String> only = new ArrayList<>();
        for (int i = 0; i < opts.size(); i++) {
            String o = opts.get(i);
            if (o.equals("-a")) addresses = true;
            else if (o.equals("-n") && i + 1 < opts.size()) only.add(opts.get(++i));
            else throw new UsageException("nodes: unknown option '" + o + "'");
        }
        ApiResponse r = call("nodes");
        if (!r.ok()) return fail(r);
        List<String> rows = r.body().stream().filter(l -> only.isEmpty() || only.contains(l.split("\t", -1)[4])).toList();
        out.print(CmanFormat.nodes(rows, addresses, ZoneId.systemDefault()));
        return 0;
    }

    private int version(List<String> opts) throws IOException, UsageException {
        boolean reload = false, noSync = false;
        for (String o : opts) {
            switch (o) {
                case "-r" -> reload = true;
                case "-S" -> noSync = true;
                case "-D", "-Dfail", "-Dwarn", "-Dnone" -> { }
                default -> throw new UsageException("version: unknown option '" + o + "'");
            }
        }
        if (reload) {
            ApiResponse r = noSync ? call("reload", "-S") : call("reload");
            if (!r.ok()) return fail(r);
        }
        ApiResponse s = call("status");
        if (!s.ok()) return fail(s);
        out.println(s.fields().get("version") + " config " + s.fields().get("config_version"));
        return 0;
    }

    private int leave(List<String> opts) throws IOException, UsageException {
        for (int i = 0; i < opts.size(); i++) {
            String o = opts.get(i);
            if (o.equals("-t")) i++;
            else if (!List.of("-w", "remove", "force").contains(o)) throw new UsageException("leave: unknown option '" + o + "'");
        }
        ApiResponse r = call("leave");
        if (!r.ok()) return fail(r);
        return 0;
    }
}

package org.nebulaha.node.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.nebulaha.fence.fenced.FenceApi;
import org.nebulaha.fence.fenced.FenceNodeCli;
import org.nebulaha.node.api.ApiClient;
import org.nebulaha.node.api.ApiResponse;
import org.nebulaha.node.api.DaemonNotRunningException;
import org.nebulaha.rgmanager.cli.Clustat;
import org.nebulaha.rgmanager.cli.Clusvcadm;

/**
 * {@code clustat}, {@code clusvcadm} and {@code fence_node}: thin clients of the local node
 * daemon. The daemon runs the command (clusvcadm on the coordinator, wherever it is) and returns
 * what it printed and its exit code; these print it and exit with it.
 */
public final class RgTools {
    private RgTools() {}

    public static final class ClustatMain {
        public static void main(String[] args) {
            System.exit(clustat(ApiClient.local(), args, System.out, System.err));
        }
    }

    public static final class ClusvcadmMain {
        public static void main(String[] args) {
            if (asksForHelp(List.of(args))) {
                System.out.print(Clusvcadm.usage());
                System.exit(0);
            }
            System.exit(forward(ApiClient.local(), "clusvcadm", List.of(args), System.out, System.err));
        }
    }

    public static final class FenceNodeMain {
        public static void main(String[] args) {
            ApiClient api = ApiClient.local();
            FenceNodeCli cli = new FenceNodeCli((verb, a) -> {
                ApiResponse r = api.call(verb, a.toArray(String[]::new));
                return new FenceApi.Reply(r.ok(), r.code(), r.message(), r.body());
            }, System.out, System.err);
            System.exit(cli.run(args));
        }
    }

    /** clustat; {@code -i N} refreshes every N seconds here (the daemon answers one snapshot at a time). */
    static int clustat(ApiClient api, String[] args, PrintStream out, PrintStream err) {
        if (asksForHelp(List.of(args))) {
            out.print(Clustat.usage());
            return 0;
        }
        int refresh = Clustat.refreshSeconds(args);
        while (true) {
            if (refresh > 0) out.print("\033[H\033[2J");
            int rc = forward(api, "clustat", List.of(args), out, err);
            if (refresh == 0 || rc == 1) return rc;
            LockSupport.parkNanos(refresh * 1_000_000_000L);
        }
    }

    /** -h, -? or --help: answered here, without the daemon (a node where cman is down needs help too). */
    static boolean asksForHelp(List<String> args) {
        return args.contains("-h") || args.contains("-?") || args.contains("--help");
    }

    static int forward(ApiClient api, String verb, List<String> args, PrintStream out, PrintStream err) {
        for (String w : args) {
            if (w.isEmpty() || w.chars().anyMatch(Character::isWhitespace)) {
                err.println(verb + ": arguments with spaces are not supported: '" + w + "'");
                return 2;
            }
        }
        try {
            ApiResponse r = api.call(verb, args.toArray(String[]::new));
            if (!r.ok()) {
                err.println(verb + ": " + r.message());
                return r.code() == 0 ? 1 : r.code();
            }
            r.body().forEach(out::println);
            return r.message().startsWith("exit ") ? Integer.parseInt(r.message().substring(5).strip()) : 0;
        } catch (DaemonNotRunningException e) {
            err.println(verb + ": Could not connect to the cluster daemon; is cman running? (" + e.getMessage() + ")");
            return 1;
        } catch (IOException e) {
            err.println(verb + ": " + e.getMessage());
            return 1;
        }
    }
}

package org.nebulaha.node.daemon;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.LockSupport;
import org.nebulaha.common.AtomicFiles;
import org.nebulaha.common.HostResolver;
import org.nebulaha.common.NebulaRoot;
import org.nebulaha.conf.ClusterConfParser;
import org.nebulaha.conf.ConfException;
import org.nebulaha.conf.model.ClusterConf;
import org.nebulaha.membership.conf.ClusterSettings;
import org.nebulaha.membership.jgroups.Membership;
import org.nebulaha.membership.model.MemberInfo;
import org.nebulaha.node.api.ApiResponse;

/**
 * {@code cman_tool version -r}: activates the cluster.conf of this node on every member.
 *
 * <ol>
 *   <li>The local file is parsed and checked (it must run on this node and its config_version must
 *       be newer than the running one); otherwise the request is refused and nothing changes.</li>
 *   <li>It is multicast to every member (with {@code -S}: only the version, and each member reads
 *       its own copy, already distributed by ricci/ccs).</li>
 *   <li>Each member checks it the same way, writes it atomically to its cluster.conf when the
 *       content came along, and applies it live: token timeouts, node list, votes and quorum
 *       options. A member that cannot use it logs why and keeps its running configuration.</li>
 *   <li>The request answers once every member announces the new version, or after 5 s listing
 *       the members that did not.</li>
 * </ol>
 */
final class ConfigReload {
    static final String TOPIC = "config";
    private static final System.Logger LOG = System.getLogger("config");
    private static final Duration WAIT = Duration.ofSeconds(5);

    private final ClusterState state;
    private final Membership membership;
    private final EventDispatcher events;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "config-reload");
        t.setDaemon(true);
        return t;
    });

    ConfigReload(ClusterState state, Membership membership, EventDispatcher events) {
        this.state = state;
        this.membership = membership;
        this.events = events;
        state.onConfigMessage((from, body) -> worker.execute(() -> onMessage(from, body)));
    }

    ApiResponse request(List<String> args) throws Exception {
        boolean sync = true;
        for (String a : args) {
            if (a.equals("-S")) sync = false;
            else throw new IllegalArgumentException("unknown option '" + a + "'; usage: reload [-S]");
        }
        Path file = NebulaRoot.clusterConf();
        ClusterConf conf;
        try {
            conf = ClusterConfParser.parse(file);
        } catch (ConfException e) {
            return ApiResponse.error(1, "cluster.conf not activated: " + e.getMessage());
        }
        ClusterSettings running = state.settings();
        if (conf.configVersion() <= running.configVersion())
            return ApiResponse.error(1, file + ": config_version " + conf.configVersion() + " is not newer than the running "
                    + running.configVersion() + "; edit it with ccs (which bumps the version) or ccs --incversion");
        try {
            ClusterSettings.from(conf, running.membership().localNode(), HostResolver.system());
        } catch (IllegalArgumentException e) {
            return ApiResponse.error(1, file + ": " + e.getMessage());
        }
        String header = "v1 " + (sync ? "sync " : "nosync ") + conf.configVersion() + "\n";
        byte[] body = (header + (sync ? Files.readString(file, StandardCharsets.UTF_8) : "")).getBytes(StandardCharsets.UTF_8);
        LOG.log(System.Logger.Level.INFO, "activating config_version " + conf.configVersion() + " on all members"
                + (sync ? " (file sent along)" : " (each member reads its own copy)"));
        membership.broadcast(TOPIC, body);

        int version = conf.configVersion();
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<String> behind;
        while (true) {
            behind = new ArrayList<>();
            for (MemberInfo m : membership.snapshot().members())
                if (m.configVersion() < version) behind.add(m.name() + " (still " + m.configVersion() + ")");
            if (behind.isEmpty() || System.nanoTime() > deadline) break;
            LockSupport.parkNanos(20_000_000L);
        }
        int members = membership.snapshot().members().size();
        if (behind.isEmpty()) return ApiResponse.ok("config version " + version + " activated on all " + members + " members", List.of());
        return ApiResponse.error(1, "config version " + version + " not activated on " + String.join(", ", behind)
                + " within " + WAIT.toSeconds() + " s; see their logs");
    }

    private void onMessage(MemberInfo from, byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        int nl = text.indexOf('\n');
        String[] head = (nl < 0 ? text : text.substring(0, nl)).split(" ");
        try {
            if (head.length != 3 || !head[0].equals("v1") || !(head[1].equals("sync") || head[1].equals("nosync")))
                throw new IOException("not a v1 config message");
            int version = Integer.parseInt(head[2]);
            ClusterSettings running = state.settings();
            if (version <= running.configVersion()) {
                LOG.log(System.Logger.Level.DEBUG, "already running " + running.configVersion() + ", ignoring " + version + " from " + from.name());
                return;
            }
            Path file = NebulaRoot.clusterConf();
            boolean sync = head[1].equals("sync");
            ClusterConf conf = sync ? ClusterConfParser.parse(text.substring(nl + 1), "cluster.conf from " + from.name())
                    : ClusterConfParser.parse(file);
            if (conf.configVersion() != version)
                throw new IOException(file + " has config_version " + conf.configVersion() + ", " + from.name() + " activated " + version
                        + "; copy the file first (ccs --sync) or activate without -S");
            ClusterSettings next = ClusterSettings.from(conf, running.membership().localNode(), HostResolver.system());
            if (sync && (!Files.exists(file) || !Files.readString(file, StandardCharsets.UTF_8).equals(text.substring(nl + 1))))
                AtomicFiles.write(file, text.substring(nl + 1));
            membership.reconfigure(next.membership());
            state.apply(next);
            LOG.log(System.Logger.Level.INFO, "activated config_version " + version + " (from " + from.name() + ")");
            events.publish("configChanged", l -> l.configChanged(conf));
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "cannot activate the configuration sent by " + from.name()
                    + "; keeping config_version " + state.settings().configVersion() + ": " + e.getMessage());
        }
    }

    void shutdown() {
        worker.shutdownNow();
    }
}

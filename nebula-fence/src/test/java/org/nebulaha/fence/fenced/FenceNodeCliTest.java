package org.nebulaha.fence.fenced;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** fence_node's output and exit codes, through FenceApi on a real Fenced with real agents. */
class FenceNodeCliTest {
    @TempDir
    Path dir;
    ScriptAgents agents;
    Fenced fenced;
    FenceApi api;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void setUp() throws Exception {
        agents = new ScriptAgents(dir);
        fenced = new Fenced(Confs.parse("""
                <cluster name="one" config_version="1">
                  <fence_daemon agent_timeout="1"/>
                  <clusternodes>
                    <clusternode name="node1" nodeid="1"/>
                    <clusternode name="node2" nodeid="2">
                      <fence><method name="1"><device name="ok" port="vm2"/></method></fence>
                      <unfence><device name="ok" port="vm2"/></unfence>
                    </clusternode>
                    <clusternode name="node3" nodeid="3">
                      <fence><method name="1"><device name="fail" port="vm3"/></method></fence>
                    </clusternode>
                  </clusternodes>
                  <fencedevices>
                    <fencedevice agent="fence_ok" name="ok"/>
                    <fencedevice agent="fence_fail" name="fail"/>
                  </fencedevices>
                </cluster>
                """), "node1", agents.runner(), new FenceHistory(dir.resolve("fence_history"), 100), Clock.systemUTC(),
                new Fenced.Backoff(Duration.ofMillis(50), Duration.ofMillis(100)), node -> {});
        api = new FenceApi(fenced);
    }

    @AfterEach
    void tearDown() {
        fenced.close();
    }

    int run(String... args) {
        FenceNodeCli.DaemonLink link = (verb, words) -> switch (verb) {
            case FenceApi.FENCE_NODE -> api.fenceNode(words);
            case FenceApi.FENCE_HISTORY -> api.history(words);
            default -> throw new AssertionError(verb);
        };
        return new FenceNodeCli(link, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))
                .run(args);
    }

    String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void fencesANodeAndSaysSuccess() throws Exception {
        assertThat(run("node2")).isEqualTo(0);
        assertThat(out()).isEqualTo("fence node2 success\n");
        assertThat(agents.calls()).containsExactly("fence_ok nodename=node2 port=vm2 action=reboot");
    }

    @Test
    void saysFailedWithExitCodeOneWhenEveryMethodFails() {
        assertThat(run("node3")).isEqualTo(1);
        assertThat(err()).endsWith("fence node3 failed\n").contains("method 1 device fail failed");
        assertThat(out()).isEmpty();
    }

    @Test
    void verboseShowsEveryAgentRun() {
        assertThat(run("-v", "node2")).isEqualTo(0);
        assertThat(out()).contains("node2 method 1 device ok agent fence_ok action reboot: success (exit 0)")
                .endsWith("fence node2 success\n");
    }

    @Test
    void unfencesWithActionOn() throws Exception {
        assertThat(run("-U", "node2")).isEqualTo(0);
        assertThat(out()).isEqualTo("unfence node2 success\n");
        assertThat(agents.calls()).containsExactly("fence_ok nodename=node2 port=vm2 action=on");
    }

    @Test
    void anUnknownNodeFails() {
        assertThat(run("node9")).isEqualTo(1);
        assertThat(err()).contains("no clusternode named node9").endsWith("fence node9 failed\n");
    }

    @Test
    void printsTheHistory() {
        run("node3");
        run("node2");
        out.reset();
        assertThat(run("-H")).isEqualTo(0);
        List<String> lines = out().lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).contains(" node3 method 1 device fail agent fence_fail action reboot: failed (exit 1)", "by fence_node");
        assertThat(lines.get(1)).contains(" node2 method 1 device ok agent fence_ok action reboot: success (exit 0)");
        out.reset();
        assertThat(run("-H", "node2")).isEqualTo(0);
        assertThat(out().lines()).hasSize(1);
    }

    @Test
    void usageErrorsExitTwo() {
        assertThat(run()).isEqualTo(2);
        assertThat(err()).contains("no node name given").contains("Usage: fence_node");
        assertThat(run("-x", "node2")).isEqualTo(2);
        assertThat(run("node2", "node3")).isEqualTo(2);
    }

    @Test
    void aDaemonThatCannotBeReachedIsReportedWithExitOne() {
        FenceNodeCli cli = new FenceNodeCli((verb, words) -> {
            throw new IOException("no socket /var/run/cluster/nebula.sock");
        }, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(cli.run("node2")).isEqualTo(1);
        assertThat(err()).contains("cannot ask the node daemon: no socket").contains("is cman running?").endsWith("fence node2 failed\n");
    }

    @Test
    void theApiRefusesBadArgumentsWithCodeTwo() {
        assertThat(api.fenceNode(List.of())).extracting(FenceApi.Reply::ok, FenceApi.Reply::code).containsExactly(false, 2);
        assertThat(api.fenceNode(List.of("-U"))).extracting(FenceApi.Reply::code).isEqualTo(2);
        assertThat(api.history(List.of("a", "b"))).extracting(FenceApi.Reply::code).isEqualTo(2);
        assertThat(api.status(List.of())).extracting(FenceApi.Reply::body).asList().hasSize(2);
    }
}

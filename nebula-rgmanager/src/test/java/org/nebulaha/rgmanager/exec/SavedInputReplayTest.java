package org.nebulaha.rgmanager.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nebulaha.conf.ClusterConfParser;
import org.nebulaha.conf.model.ClusterConf;
import org.nebulaha.rgmanager.agent.ServiceRunner;
import org.nebulaha.rgmanager.cli.DryRunCommand;
import org.nebulaha.rgmanager.plan.Planner;
import org.nebulaha.rgmanager.text.StateText;
import org.nebulaha.testkit.FakeClock;
import org.nebulaha.testkit.JavaProcess;

/**
 * The inputs a coordinator saves replay to the decisions it carried out: a failover (owner lost,
 * then fenced) and a new coordinator's rebuild, each replayed by the planner and by rg_dryrun.
 */
class SavedInputReplayTest {
    @TempDir Path dir;
    final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    final InProcessNodes nodes = new InProcessNodes();
    final FakeClock clock = FakeClock.atMorning();
    final FakeNodeAgent a1 = new FakeNodeAgent("one-server1");
    final FakeNodeAgent a2 = new FakeNodeAgent("one-server2");
    Coordinator coord;

    @AfterEach
    void tearDown() {
        scheduler.shutdownNow();
    }

    LocalResourceManager node(ClusterConf conf, String name, FakeNodeAgent a) {
        LocalResourceManager m = new LocalResourceManager(name, conf, new ServiceRunner(Map.of("ip", a, "script", a)),
                (node, svc, why) -> coord.statusFailed(node, svc, why), scheduler, Duration.ofMillis(50), Path.of("/nonexistent-root"));
        nodes.add(m);
        return m;
    }

    List<Path> saved() throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted(java.util.Comparator.comparingLong(p -> Long.parseLong(p.getFileName().toString().substring("plan-input-".length()))))
                    .toList();
        }
    }

    @Test
    void aFailoverInputReplaysToTheSamePlan() throws Exception {
        ClusterConf conf = ClusterConfParser.parse(CoordinatorTest.CONF, "cluster.conf");
        node(conf, "one-server1", a1);
        node(conf, "one-server2", a2);
        coord = new Coordinator(conf, CoordinatorTest.view(false, "online", "online"), nodes, clock);
        coord.setInputLog(new PlanInputLog(dir, 10));
        coord.viewChanged(CoordinatorTest.view(true, "online", "online"));
        nodes.remove("one-server1");
        clock.advance(Duration.ofSeconds(30));
        coord.viewChanged(CoordinatorTest.view(true, "lost", "online"));
        coord.viewChanged(CoordinatorTest.view(true, "fenced", "online"));
        assertThat(coord.state().service("opennebula").owner()).contains("one-server2");

        Path last = saved().get(saved().size() - 1);
        String carriedOut = coord.lastPlan().format();
        StateText.Input in = StateText.parse(Files.readString(last.resolve("state.txt")), last.toString());
        assertThat(Planner.plan(ClusterConfParser.parse(last.resolve("cluster.conf")), in.state(), in.now()).format())
                .as("replay of " + last).isEqualTo(carriedOut)
                .contains("start        service:opennebula on one-server2            owner-fenced:");
        var r = JavaProcess.run(DryRunCommand.class, List.of(last.toString()), Map.of(), null);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).as(r.toString()).endsWith(carriedOut).contains("# member one-server1 fenced");
    }

    @Test
    void aRebuildInputReplaysToTheSameTableAndPlan() throws Exception {
        ClusterConf conf = ClusterConfParser.parse(CoordinatorTest.CONF, "cluster.conf");
        LocalResourceManager n1 = node(conf, "one-server1", a1);
        LocalResourceManager n2 = node(conf, "one-server2", a2);
        coord = new Coordinator(conf, CoordinatorTest.view(false, "online", "online"), nodes, clock);
        coord.viewChanged(CoordinatorTest.view(true, "online", "online"));
        // one-server1 (coordinator and owner) is powered off and fenced; one-server2 takes over
        nodes.remove("one-server1");
        n1.close();
        Coordinator successor = new Coordinator(conf, CoordinatorTest.view(true, "fenced", "online"), nodes, clock);
        successor.setInputLog(new PlanInputLog(dir, 10));
        successor.rebuild(CoordinatorTest.view(true, "fenced", "online"), List.of(n2.report()));
        assertThat(successor.state().service("opennebula").owner()).contains("one-server2");

        Path rebuildInput = saved().get(0);
        assertThat(Files.readString(rebuildInput.resolve("state.txt"))).contains("report one-server2 runs nothing", "copy one-server2 version");
        var r = JavaProcess.run(DryRunCommand.class, List.of(rebuildInput.toString()), Map.of(), null);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).as(r.toString())
                .contains("service opennebula started owner=one-server1         kept-from-table:")
                .endsWith("plan:\n" + successor.lastPlan().format());
    }
}

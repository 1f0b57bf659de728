package org.nebulaha.rgmanager.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nebulaha.conf.ClusterConfParser;
import org.nebulaha.conf.model.ClusterConf;
import org.nebulaha.rgmanager.model.ClusterState;
import org.nebulaha.rgmanager.model.ClusterView;
import org.nebulaha.rgmanager.model.Member;
import org.nebulaha.rgmanager.model.MemberStatus;
import org.nebulaha.rgmanager.plan.Planner;
import org.nebulaha.rgmanager.text.StateText;

class PlanInputLogTest {
    @TempDir Path dir;

    @Test
    void keepsTheNewestInputsAsReplayableCaseFolders() throws Exception {
        ClusterConf conf = ClusterConfParser.parse(CoordinatorTest.CONF, "cluster.conf");
        ClusterState s = new ClusterState(new ClusterView(true, List.of(new Member("one-server1", MemberStatus.ONLINE),
                new Member("one-server2", MemberStatus.ONLINE))), Map.of());
        Instant now = Instant.parse("2026-11-25T10:00:00Z");
        PlanInputLog log = new PlanInputLog(dir, 2);
        for (int i = 0; i < 3; i++) log.save(conf, s, now, "membership change " + i);
        try (var l = Files.list(dir)) {
            assertThat(l.map(p -> p.getFileName().toString()).sorted().toList()).containsExactly("plan-input-2", "plan-input-3");
        }
        Path last = dir.resolve("plan-input-3");
        StateText.Input in = StateText.parse(Files.readString(last.resolve("state.txt")), "state.txt");
        assertThat(in.description()).isEqualTo("membership change 2");
        ClusterConf replayed = ClusterConfParser.parse(last.resolve("cluster.conf"));
        assertThat(Planner.plan(replayed, in.state(), in.now()).format()).isEqualTo(Planner.plan(conf, s, now).format());
        assertThat(new PlanInputLog(dir, 2).save(conf, s, now, "again")).isEqualTo(dir.resolve("plan-input-4"));
    }
}

package org.nebulaha.node.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.nebulaha.membership.conf.ClusterSettings;
import org.nebulaha.membership.jgroups.MemberChange;
import org.nebulaha.membership.jgroups.MembershipSnapshot;
import org.nebulaha.membership.model.MemberInfo;
import org.nebulaha.membership.quorum.QuorumConfig;
import org.nebulaha.testkit.FakeClock;
import org.nebulaha.testkit.FakeScheduler;

/** The node's quorum over time on a fake clock: last_man_standing's window passes when the test says so. */
class ClusterStateClockTest {
    static MemberInfo member(int id) {
        return new MemberInfo("node" + id, id, 1, 0, 1, true, "10.0.0." + id);
    }

    @Test
    void lastManStandingLowersExpectedVotesWhenItsWindowHasPassedOnTheClock() {
        FakeScheduler timers = new FakeScheduler(FakeClock.atMorning());
        QuorumConfig q = QuorumConfig.simple(1, 2, 3, 4, 5).withWaitForAll(true).withLastManStanding(true, Duration.ofSeconds(10));
        ClusterState s = new ClusterState(new ClusterSettings("one", 1, 1, null, q, null), member(1), new EventDispatcher(),
                timers.clock(), timers::schedule);
        List<MemberInfo> all = IntStream.rangeClosed(1, 5).mapToObj(ClusterStateClockTest::member).toList();
        s.membershipChanged(new MembershipSnapshot(1, all, 0, Map.of()), all.stream().map(MemberChange::joined).toList());
        s.membershipChanged(new MembershipSnapshot(2, all.subList(0, 3), 0, Map.of()), List.of());
        assertThat(s.quorum().expectedVotes()).isEqualTo(5);
        timers.advance(Duration.ofSeconds(9));
        assertThat(s.quorum().expectedVotes()).as("window not over").isEqualTo(5);
        timers.advance(Duration.ofSeconds(1));
        assertThat(s.quorum().expectedVotes()).as("lowered by the check the window scheduled; pending " + timers.pending()).isEqualTo(3);
    }
}

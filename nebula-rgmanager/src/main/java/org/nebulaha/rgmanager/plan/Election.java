package org.nebulaha.rgmanager.plan;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.nebulaha.conf.model.ClusterConf;
import org.nebulaha.conf.model.ClusterNode;
import org.nebulaha.rgmanager.model.ClusterView;
import org.nebulaha.rgmanager.model.Member;
import org.nebulaha.rgmanager.model.MemberStatus;

/**
 * Which configured nodes the resource manager may count as gone, and who coordinates, as one pure
 * function: {@code decide(conf, observed)}. The node daemon gathers the facts (membership, quorum,
 * how each node left, fenced's answer) and acts on the result.
 *
 * <p>Member status, first rule that applies:
 * <ol>
 * <li>{@code member}: in the membership -> online;</li>
 * <li>{@code left-cleanly}: it announced its leave (it stopped its services first) -> left;</li>
 * <li>{@code fenced}: fenced says nothing is owed for it since it was lost -> fenced;</li>
 * <li>{@code lost-unfenced}: it was a member (or lost) since this node started and is not fenced -> lost:
 *     what it ran may still run, so its services wait;</li>
 * <li>{@code never-seen}: otherwise -> down.</li>
 * </ol>
 * Coordinator: {@code lowest-nodeid}: the online member with the lowest nodeid of a quorate
 * partition; {@code not-quorate}: none. Cases: src/test/cases/election.
 */
public final class Election {
    /**
     * What the node daemon observed.
     *
     * @param quorate          this partition is quorate
     * @param online           current members
     * @param leftCleanly      nodes whose last loss was a clean leave
     * @param lost             nodes whose last loss was not clean (crash, power loss, partition, pause)
     * @param seen             nodes seen as members since this node started
     * @param fencedSinceLost  nodes fenced says owe no fencing (fenced after the loss, restarted, or released by a rule)
     */
    public record Observed(boolean quorate, Set<String> online, Set<String> leftCleanly, Set<String> lost, Set<String> seen,
                           Set<String> fencedSinceLost) {
        public Observed {
            online = Set.copyOf(online);
            leftCleanly = Set.copyOf(leftCleanly);
            lost = Set.copyOf(lost);
            seen = Set.copyOf(seen);
            fencedSinceLost = Set.copyOf(fencedSinceLost);
        }
    }

    /** The view the planner gets, why each member has its status, and the coordinator. */
    public record Result(ClusterView view, List<Reason> why, Optional<String> coordinator, Reason coordinatorWhy) {
        public Result {
            why = List.copyOf(why);
        }

        public String format() {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < view.members().size(); i++) {
                Member m = view.members().get(i);
                sb.append(String.format("%-11s %-20s %s%n", "member", m.name() + " " + m.status().word(), why.get(i)));
            }
            sb.append(String.format("%-11s %-20s %s%n", "coordinator", coordinator.orElse("none"), coordinatorWhy));
            return sb.toString();
        }
    }

    private Election() {}

    public static Result decide(ClusterConf conf, Observed o) {
        List<Member> members = new ArrayList<>();
        List<Reason> why = new ArrayList<>();
        for (ClusterNode n : conf.nodes()) {
            String name = n.name();
            MemberStatus s;
            Reason r;
            if (o.online().contains(name)) {
                s = MemberStatus.ONLINE;
                r = new Reason("member", "in the membership");
            } else if (o.leftCleanly().contains(name)) {
                s = MemberStatus.LEFT;
                r = new Reason("left-cleanly", "it announced its leave after stopping its services");
            } else if (o.fencedSinceLost().contains(name)) {
                s = MemberStatus.FENCED;
                r = new Reason("fenced", "fenced owes nothing for it since it was lost");
            } else if (o.seen().contains(name) || o.lost().contains(name)) {
                s = MemberStatus.LOST;
                r = new Reason("lost-unfenced", "lost without a clean leave and not fenced: what it ran may still run");
            } else {
                s = MemberStatus.DOWN;
                r = new Reason("never-seen", "not a member since this node started");
            }
            members.add(new Member(name, s));
            why.add(r);
        }
        ClusterView view = new ClusterView(o.quorate(), members);
        if (!o.quorate())
            return new Result(view, why, Optional.empty(), new Reason("not-quorate", "only a quorate partition coordinates; services cannot change"));
        Optional<ClusterNode> lowest = conf.nodes().stream().filter(n -> o.online().contains(n.name()))
                .min(Comparator.comparingInt(ClusterNode::nodeid));
        return lowest.map(n -> new Result(view, why, Optional.of(n.name()), new Reason("lowest-nodeid",
                        "nodeid " + n.nodeid() + " is the lowest of the online members of the quorate partition")))
                .orElseGet(() -> new Result(view, why, Optional.empty(), new Reason("no-member", "no configured node is online")));
    }
}

package org.nebulaha.membership.quorum;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The quorum witness's decision (corosync-qnetd's {@code ffsplit} algorithm, our own
 * implementation): which partition of the cluster gets the witness's vote. Pure: no I/O, no clock.
 *
 * <p>Input: the nodes connected to the witness, each with the member set it last reported (its
 * partition), and the partition that held the vote before. Rules, in order:
 * <ol>
 *   <li>no node connected: nobody gets the vote;</li>
 *   <li>a partition is <em>settled</em> when every connected node it lists reports that same
 *       partition (listed nodes that are not connected are down or cut off from the witness);</li>
 *   <li>the partition that held the vote keeps it while some connected node still reports it and
 *       it is settled (a node booting alone, or one that resumes with an old view, cannot take it);</li>
 *   <li>while a connected node reports an unsettled partition, the witness waits and votes for
 *       nobody (that node has not seen the change yet: it reports anew, or the witness drops it when
 *       its heartbeats stop);</li>
 *   <li>otherwise the partition with the most nodes wins; on a tie, the one holding the lowest nodeid.</li>
 * </ol>
 * Example: the vote was {1,2}; node 1 hangs and node 2 reports {2}: wait while node 1 still
 * reports {1,2}; once the witness drops node 1, {2} gets the vote.
 */
public final class WitnessVote {
    private WitnessVote() {}

    /** The answer one connected node gets. */
    public enum Answer { ACK, NACK, WAIT }

    /**
     * @param votedFor the partition with the vote (empty: nobody)
     * @param waiting  true when rule 4 holds the vote back
     * @param reason   which rule decided, with the partitions
     */
    public record Decision(Optional<Set<Integer>> votedFor, boolean waiting, String reason) {
        public Decision {
            votedFor = votedFor.map(s -> Set.copyOf(new TreeSet<>(s)));
        }

        /** What a node reporting {@code members} is told. */
        public Answer answerFor(Set<Integer> members) {
            if (votedFor.isPresent() && votedFor.get().equals(Set.copyOf(members))) return Answer.ACK;
            return waiting ? Answer.WAIT : Answer.NACK;
        }
    }

    /**
     * @param reports  member set reported by each connected node, by nodeid
     * @param previous the partition that held the vote before (empty: none)
     */
    public static Decision decide(Map<Integer, Set<Integer>> reports, Optional<Set<Integer>> previous) {
        if (reports.isEmpty()) return new Decision(Optional.empty(), false, "no node is connected");
        Map<Integer, Set<Integer>> byNode = new TreeMap<>();
        reports.forEach((id, m) -> byNode.put(id, Set.copyOf(m)));
        Map<String, Set<Integer>> partitions = new TreeMap<>();
        for (Set<Integer> m : byNode.values()) partitions.putIfAbsent(ids(m), m);

        if (previous.isPresent()) {
            Set<Integer> prev = Set.copyOf(previous.get());
            if (byNode.containsValue(prev) && settled(prev, byNode))
                return new Decision(Optional.of(prev), false, "keeps the vote with " + ids(prev) + ", the partition that had it and is still settled");
        }
        for (Map.Entry<Integer, Set<Integer>> e : byNode.entrySet()) {
            Set<Integer> m = e.getValue();
            if (!settled(m, byNode)) {
                String other = m.stream().filter(id -> byNode.containsKey(id) && !byNode.get(id).equals(m))
                        .map(id -> "node " + id + " reports " + ids(byNode.get(id))).collect(Collectors.joining(", "));
                return new Decision(Optional.empty(), true, "waits: node " + e.getKey() + " reports " + ids(m) + " but " + other
                        + "; until every node reports its new membership or its heartbeats time out");
            }
        }
        List<Set<Integer>> candidates = new ArrayList<>(partitions.values());
        candidates.sort(Comparator.<Set<Integer>>comparingInt(Set::size).reversed()
                .thenComparingInt(s -> new TreeSet<>(s).first()));
        Set<Integer> winner = candidates.get(0);
        String others = candidates.stream().skip(1).map(WitnessVote::ids).collect(Collectors.joining(", "));
        String why;
        if (candidates.size() == 1) why = "the only partition";
        else if (candidates.get(1).size() < winner.size()) why = "the largest partition (" + winner.size() + " nodes; others " + others + ")";
        else why = "tie on " + winner.size() + " node(s) with " + others + ": it holds the lowest nodeid, " + new TreeSet<>(winner).first();
        return new Decision(Optional.of(winner), false, "votes for " + ids(winner) + ": " + why);
    }

    /** Every connected node that {@code members} lists reports exactly {@code members}. */
    private static boolean settled(Set<Integer> members, Map<Integer, Set<Integer>> byNode) {
        for (int id : members)
            if (byNode.containsKey(id) && !byNode.get(id).equals(members)) return false;
        return true;
    }

    /** {1,2}: a member set as written in reasons, reports and the case files. */
    public static String ids(Set<Integer> ids) {
        return new TreeSet<>(ids).stream().map(String::valueOf).collect(Collectors.joining(",", "{", "}"));
    }
}

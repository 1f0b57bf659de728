package org.nebulaha.membership.quorum;

import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * The quorum part of cluster.conf, validated: the votes of every configured node (by nodeid) and
 * the votequorum options.
 *
 * <p>Rules enforced here (so a bad file is refused when it is loaded, not at the first split):
 * <ul>
 *   <li>every node has at least 0 votes, there is at least one node and at least one vote;</li>
 *   <li>{@code expected_votes}, when given, is at least 1;</li>
 *   <li>{@code two_node} needs exactly two nodes with one vote each (as cman requires);</li>
 *   <li>{@code last_man_standing} needs {@code wait_for_all} (explicit, or implied by two_node)
 *       and a window of at least 1 s.</li>
 * </ul>
 *
 * @param votesByNodeId      votes of each configured node (default 1 per node in cluster.conf)
 * @param expectedVotes      {@code <cman expected_votes>}, empty = sum of all votes
 * @param twoNode            {@code <cman two_node="1">}
 * @param waitForAll         {@code wait_for_all}: empty = default (on with two_node, else off)
 * @param lastManStanding    {@code last_man_standing}
 * @param lastManStandingWindow {@code last_man_standing_window} (votequorum default 10 s)
 * @param autoTieBreaker     {@code auto_tie_breaker}: a 50/50 split keeps the half holding the lowest configured nodeid
 */
public record QuorumConfig(Map<Integer, Integer> votesByNodeId, OptionalInt expectedVotes, boolean twoNode,
                           java.util.Optional<Boolean> waitForAll, boolean lastManStanding,
                           Duration lastManStandingWindow, boolean autoTieBreaker) {

    public static final Duration DEFAULT_LMS_WINDOW = Duration.ofMillis(10_000);

    public QuorumConfig {
        votesByNodeId = Collections.unmodifiableMap(new TreeMap<>(votesByNodeId));
        if (votesByNodeId.isEmpty())
            throw new IllegalArgumentException("quorum: no cluster nodes configured; add <clusternode> entries");
        votesByNodeId.forEach((id, v) -> {
            if (v < 0) throw new IllegalArgumentException("quorum: node " + id + " has " + v + " votes; votes must be 0 or more");
        });
        if (votesByNodeId.values().stream().mapToInt(Integer::intValue).sum() < 1)
            throw new IllegalArgumentException("quorum: the nodes have no votes at all; give at least one node votes=\"1\"");
        if (expectedVotes.isPresent() && expectedVotes.getAsInt() < 1)
            throw new IllegalArgumentException("quorum: expected_votes=" + expectedVotes.getAsInt() + " must be 1 or more");
        if (twoNode && (votesByNodeId.size() != 2 || votesByNodeId.values().stream().anyMatch(v -> v != 1)))
            throw new IllegalArgumentException("quorum: two_node=\"1\" needs exactly two nodes with one vote each, found "
                    + votesByNodeId.size() + " node(s) with votes " + votesByNodeId.values() + "; remove two_node or fix the node list");
        if (lastManStandingWindow == null) lastManStandingWindow = DEFAULT_LMS_WINDOW;
        if (lastManStanding && lastManStandingWindow.compareTo(Duration.ofSeconds(1)) < 0)
            throw new IllegalArgumentException("quorum: last_man_standing_window=" + lastManStandingWindow.toMillis() + "ms is below 1000ms");
        boolean wfa = waitForAll.orElse(twoNode);
        if (lastManStanding && !wfa)
            throw new IllegalArgumentException("quorum: last_man_standing needs wait_for_all=\"1\" (votequorum refuses it otherwise)");
    }

    /** A plain configuration: the given nodes with one vote each and no options. */
    public static QuorumConfig simple(int... nodeIds) {
        Map<Integer, Integer> m = new TreeMap<>();
        for (int id : nodeIds) m.put(id, 1);
        return new QuorumConfig(m, OptionalInt.empty(), false, java.util.Optional.empty(), false, DEFAULT_LMS_WINDOW, false);
    }

    /** Sum of the votes of all configured nodes. */
    public int configuredVotes() {
        return votesByNodeId.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** expected_votes as configured, else the sum of all node votes. */
    public int configuredExpectedVotes() {
        return expectedVotes.orElse(configuredVotes());
    }

    /** wait_for_all in force: explicit value, else on exactly when two_node is on. */
    public boolean isWaitForAll() {
        return waitForAll.orElse(twoNode);
    }

    public int votesOf(int nodeId) {
        return votesByNodeId.getOrDefault(nodeId, 0);
    }

    public QuorumConfig withTwoNode(boolean v) {
        return new QuorumConfig(votesByNodeId, expectedVotes, v, waitForAll, lastManStanding, lastManStandingWindow, autoTieBreaker);
    }

    public QuorumConfig withExpectedVotes(int v) {
        return new QuorumConfig(votesByNodeId, OptionalInt.of(v), twoNode, waitForAll, lastManStanding, lastManStandingWindow, autoTieBreaker);
    }

    public QuorumConfig withWaitForAll(boolean v) {
        return new QuorumConfig(votesByNodeId, expectedVotes, twoNode, java.util.Optional.of(v), lastManStanding, lastManStandingWindow, autoTieBreaker);
    }

    public QuorumConfig withLastManStanding(boolean v, Duration window) {
        return new QuorumConfig(votesByNodeId, expectedVotes, twoNode, waitForAll, v, window, autoTieBreaker);
    }

    public QuorumConfig withAutoTieBreaker(boolean v) {
        return new QuorumConfig(votesByNodeId, expectedVotes, twoNode, waitForAll, lastManStanding, lastManStandingWindow, v);
    }

    public QuorumConfig withVotes(int nodeId, int votes) {
        Map<Integer, Integer> m = new TreeMap<>(votesByNodeId);
        m.put(nodeId, votes);
        return new QuorumConfig(m, expectedVotes, twoNode, waitForAll, lastManStanding, lastManStandingWindow, autoTieBreaker);
    }
}

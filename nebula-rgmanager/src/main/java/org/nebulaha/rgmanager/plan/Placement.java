package org.nebulaha.rgmanager.plan;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.nebulaha.conf.model.ClusterConf;
import org.nebulaha.conf.model.ClusterNode;
import org.nebulaha.conf.model.FailoverDomain;
import org.nebulaha.conf.model.FailoverDomainNode;
import org.nebulaha.conf.model.Service;
import org.nebulaha.rgmanager.model.ClusterView;
import org.nebulaha.rgmanager.model.ServiceRecord;
import org.nebulaha.rgmanager.model.ServiceState;

/**
 * Failover-domain scoring and the choice of a node, after rgmanager's {@code fo_domain.c}:
 * <ul>
 * <li>offline node: ILLEGAL; no domain (or an unknown one): BEST;</li>
 * <li>node outside the domain: GOOD if unrestricted and a member is online, BEST if unrestricted and
 *     no member is online, ILLEGAL if restricted;</li>
 * <li>member of an unordered domain: BEST;</li>
 * <li>member of an ordered domain: BEST if it has the best priority among online members, else BETTER;
 *     with nofailback, the owner of the started service scores BEST and the best-ranked member
 *     BETTER, so the service stays put.</li>
 * </ul>
 * Among nodes of equal score the better priority wins, then the lower nodeid. rgmanager shuffles
 * equal priorities at random; we break ties by nodeid so that every node computes the same plan.
 */
final class Placement {
    /** A node the service may go to, with the facts that make it the choice. */
    record Candidate(String node, Score score, String why) {}

    private static final int NO_PRIORITY = 101;
    private static final int NOT_A_MEMBER = 1000;

    private final ClusterConf conf;
    private final ClusterView view;

    Placement(ClusterConf conf, ClusterView view) {
        this.conf = conf;
        this.view = view;
    }

    Optional<FailoverDomain> domain(Service s) {
        return s.domain().flatMap(d -> conf.rm().failoverDomain(d));
    }

    /** Priority rank of {@code node} in the domain: its priority (ordered), 101 for none, 1000 outside. */
    int rank(Optional<FailoverDomain> d, String node) {
        if (d.isEmpty()) return NO_PRIORITY;
        for (FailoverDomainNode n : d.get().nodes())
            if (n.name().equals(node)) return d.get().ordered() && n.priority() > 0 ? n.priority() : NO_PRIORITY;
        return NOT_A_MEMBER;
    }

    int nodeid(String node) {
        return conf.node(node).map(ClusterNode::nodeid).orElse(Integer.MAX_VALUE);
    }

    Score score(Service s, ServiceRecord rec, String node) {
        if (!view.isOnline(node)) return Score.ILLEGAL;
        Optional<FailoverDomain> od = domain(s);
        if (od.isEmpty()) return Score.BEST;
        FailoverDomain d = od.get();
        boolean anyMemberOnline = d.nodes().stream().anyMatch(n -> view.isOnline(n.name()));
        if (!d.contains(node)) {
            if (d.restricted()) return Score.ILLEGAL;
            return anyMemberOnline ? Score.GOOD : Score.BEST;
        }
        if (!d.ordered()) return Score.BEST;
        int best = d.nodes().stream().filter(n -> view.isOnline(n.name())).mapToInt(n -> rank(od, n.name())).min().orElse(NO_PRIORITY);
        boolean startedOnLiveOwner = rec.state() == ServiceState.STARTED && rec.owner().filter(view::isOnline).isPresent();
        boolean ownsIt = startedOnLiveOwner && rec.owner().get().equals(node);
        if (rank(od, node) == best) {
            // nofailback: the best member does not pull a started service away from a live owner
            return d.nofailback() && startedOnLiveOwner && !ownsIt ? Score.BETTER : Score.BEST;
        }
        return d.nofailback() && ownsIt ? Score.BEST : Score.BETTER;
    }

    /**
     * The best node for {@code s}, skipping {@code exclude} and nodes where {@code allowed} says no
     * (exclusive conflicts). Empty when no online node may run it.
     */
    Optional<Candidate> best(Service s, ServiceRecord rec, Set<String> exclude, java.util.function.Predicate<String> allowed) {
        Optional<FailoverDomain> d = domain(s);
        Comparator<ClusterNode> order = Comparator.<ClusterNode, Score>comparing(n -> score(s, rec, n.name())).reversed()
                .thenComparingInt(n -> rank(d, n.name()))
                .thenComparingInt(ClusterNode::nodeid);
        List<ClusterNode> ranked = conf.nodes().stream()
                .filter(n -> !exclude.contains(n.name()))
                .filter(n -> score(s, rec, n.name()) != Score.ILLEGAL)
                .filter(n -> allowed.test(n.name()))
                .sorted(order).toList();
        if (ranked.isEmpty()) return Optional.empty();
        ClusterNode n = ranked.get(0);
        return Optional.of(new Candidate(n.name(), score(s, rec, n.name()), describe(s, n.name(), ranked.size())));
    }

    /** Every online node allowed by the domain, best first (no exclusive check: manual operations override it). */
    List<String> ranked(Service s, ServiceRecord rec) {
        Optional<FailoverDomain> d = domain(s);
        return conf.nodes().stream().filter(n -> score(s, rec, n.name()) != Score.ILLEGAL)
                .sorted(Comparator.<ClusterNode, Score>comparing(n -> score(s, rec, n.name())).reversed()
                        .thenComparingInt(n -> rank(d, n.name())).thenComparingInt(ClusterNode::nodeid))
                .map(ClusterNode::name).toList();
    }

    /** "node2 (priority 2) is the best online member of ordered domain one-domain". */
    String describe(Service s, String node, int choices) {
        Optional<FailoverDomain> od = domain(s);
        if (od.isEmpty()) return node + " is the online node with the lowest nodeid (" + nodeid(node) + "); service has no domain";
        FailoverDomain d = od.get();
        if (!d.contains(node)) {
            return node + " (nodeid " + nodeid(node) + ") is outside " + (d.restricted() ? "restricted" : "unrestricted")
                    + " domain " + d.name() + "; no member of it is online and usable";
        }
        if (d.ordered()) {
            int r = rank(od, node);
            return node + " (" + (r == NO_PRIORITY ? "no priority" : "priority " + r) + ", nodeid " + nodeid(node)
                    + ") is the best online member of ordered domain " + d.name();
        }
        return node + " (nodeid " + nodeid(node) + ") is the online member of unordered domain " + d.name() + " with the lowest nodeid";
    }

    /** Why no node may take the service, for hold/mark-stopped reasons. */
    String whyNone(Service s, Set<String> exclude, Map<String, String> refused) {
        Optional<FailoverDomain> od = domain(s);
        StringBuilder sb = new StringBuilder("no online node may run it");
        if (od.isPresent() && od.get().restricted()) sb.append(" (restricted domain ").append(od.get().name()).append(" has no usable member online)");
        if (!exclude.isEmpty()) sb.append("; skipped ").append(String.join(", ", new java.util.TreeSet<>(exclude)));
        refused.forEach((n, why) -> sb.append("; ").append(n).append(": ").append(why));
        return sb.toString();
    }
}

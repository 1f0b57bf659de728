package org.nebulaha.rgmanager.exec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.nebulaha.conf.model.Resource;
import org.nebulaha.rgmanager.agent.AgentResult;
import org.nebulaha.rgmanager.agent.ResourceAgent;

/** One node's resources in memory: what runs, what is told to fail, and every call made. */
final class FakeNodeAgent implements ResourceAgent {
    final String node;
    final Set<String> active = Collections.synchronizedSet(new HashSet<>());
    final Set<String> failing = Collections.synchronizedSet(new HashSet<>());
    final List<String> calls = Collections.synchronizedList(new ArrayList<>());

    FakeNodeAgent(String node) {
        this.node = node;
    }

    /** The resource "crashes": it is no longer active, so its next status check fails. */
    void crash(String resourceId) {
        active.remove(resourceId);
    }

    private AgentResult op(String op, Resource r) {
        calls.add(op + " " + r.id());
        if (failing.contains(op + " " + r.id())) return AgentResult.error(1, node + ": " + op + " " + r.id() + " told to fail");
        return AgentResult.ok(op);
    }

    @Override
    public AgentResult start(Resource r, Duration t) {
        AgentResult a = op("start", r);
        if (a.isOk()) active.add(r.id());
        return a;
    }

    @Override
    public AgentResult stop(Resource r, Duration t) {
        AgentResult a = op("stop", r);
        if (a.isOk()) active.remove(r.id());
        return a;
    }

    @Override
    public AgentResult status(Resource r, Duration t) {
        if (failing.contains("status " + r.id())) return AgentResult.error(1, "told to fail");
        return active.contains(r.id()) ? AgentResult.ok("running") : AgentResult.error(7, r.id() + " not running on " + node);
    }
}

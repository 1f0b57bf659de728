package org.nebulaha.rgmanager.agent;

import java.time.Duration;
import org.nebulaha.conf.model.Resource;

/**
 * One resource type's start, stop and status. Every call is bounded by {@code timeout}; a call
 * that runs out of time is a failure. Stop of a stopped resource succeeds; start of a started one
 * succeeds.
 */
public interface ResourceAgent {
    AgentResult start(Resource r, Duration timeout);

    AgentResult stop(Resource r, Duration timeout);

    /**
     * Stop as part of a restart on this same node: the resource comes back here at once, so waits
     * that exist for the next owner (the ip agent's sleeptime) are skipped. Otherwise as {@link #stop}.
     */
    default AgentResult stopForRestart(Resource r, Duration timeout) {
        return stop(r, timeout);
    }

    AgentResult status(Resource r, Duration timeout);
}

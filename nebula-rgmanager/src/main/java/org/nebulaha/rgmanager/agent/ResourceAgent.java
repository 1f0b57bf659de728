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

    AgentResult status(Resource r, Duration timeout);
}

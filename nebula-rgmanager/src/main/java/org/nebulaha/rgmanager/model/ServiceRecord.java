package org.nebulaha.rgmanager.model;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The cluster's record of one service: its state, where it runs (owner) or last ran, the local
 * restarts counted against {@code max_restarts}, and flags.
 *
 * @param owner         the node whose resources are (or may be) active; empty when none
 * @param lastOwner     the node it last ran on (shown in parentheses by clustat)
 * @param restarts      when each local restart happened, oldest first
 * @param frozen        {@code clusvcadm -Z}: no status checks, no recovery, no failover
 * @param userStopped   stopped by {@code clusvcadm -s}: left stopped until the next membership transition
 * @param startFailedOn nodes where a start failed since the service last started; placement skips them
 * @param lastTransition when the state last changed, and why (kept for clustat -l and the rebuild)
 */
public record ServiceRecord(String name, ServiceState state, Optional<String> owner, Optional<String> lastOwner,
                            List<Instant> restarts, boolean frozen, boolean userStopped, Set<String> startFailedOn,
                            Optional<Transition> lastTransition) {
    public ServiceRecord {
        restarts = List.copyOf(restarts);
        startFailedOn = java.util.Collections.unmodifiableSet(new TreeSet<>(startFailedOn));
        if (name == null || name.isBlank()) throw new IllegalArgumentException("service record without a name");
        if (owner.isPresent() && !state.mayHaveResourcesActive())
            throw new IllegalArgumentException("service " + name + " is " + state.word() + " and cannot have an owner ("
                    + owner.get() + "); use last= for where it last ran");
        if (owner.isEmpty() && state.mayHaveResourcesActive() && state != ServiceState.FAILED)
            throw new IllegalArgumentException("service " + name + " is " + state.word() + " and needs an owner");
    }

    /** When and why the state last changed. */
    public record Transition(Instant at, String why) {}

    public static ServiceRecord uninitialized(String name) {
        return new ServiceRecord(name, ServiceState.UNINITIALIZED, Optional.empty(), Optional.empty(), List.of(), false, false,
                Set.of(), Optional.empty());
    }

    public boolean hasOwner() {
        return owner.isPresent();
    }

    public ServiceRecord withState(ServiceState s, Optional<String> newOwner, Instant at, String why) {
        Optional<String> last = newOwner.isPresent() ? newOwner : owner.isPresent() ? owner : lastOwner;
        return new ServiceRecord(name, s, newOwner, last, restarts, frozen, false, startFailedOn,
                Optional.of(new Transition(at, why)));
    }

    public ServiceRecord withRestarts(List<Instant> r) {
        return new ServiceRecord(name, state, owner, lastOwner, r, frozen, userStopped, startFailedOn, lastTransition);
    }

    public ServiceRecord withFrozen(boolean f) {
        return new ServiceRecord(name, state, owner, lastOwner, restarts, f, userStopped, startFailedOn, lastTransition);
    }

    public ServiceRecord withUserStopped(boolean u) {
        return new ServiceRecord(name, state, owner, lastOwner, restarts, frozen, u, startFailedOn, lastTransition);
    }

    public ServiceRecord withStartFailedOn(Set<String> nodes) {
        return new ServiceRecord(name, state, owner, lastOwner, restarts, frozen, userStopped, nodes, lastTransition);
    }
}

package org.nebulaha.rgmanager.plan;

import java.util.Optional;

/**
 * One step of a plan. Every action names its service, the node that must carry it out (empty for
 * record-only actions), and the reason it was planned. {@link #describe()} is the text form used
 * by the case files, the dry-run tool and the logs: {@code start service:web on node1}.
 */
public sealed interface Action permits Action.Start, Action.Stop, Action.Restart, Action.Relocate, Action.Disable,
        Action.MarkFailed, Action.MarkStopped, Action.WaitForFence, Action.Hold {

    String service();

    Reason why();

    /** The node that carries the action out first (for a relocation, the node that stops). */
    Optional<String> node();

    String verb();

    String target();

    default String describe() {
        return verb() + " " + target();
    }

    /** Start a stopped service on {@code node}. */
    record Start(String service, String on, Reason why) implements Action {
        public Optional<String> node() { return Optional.of(on); }
        public String verb() { return "start"; }
        public String target() { return "service:" + service + " on " + on; }
    }

    /** Stop the service where it runs; it stays stopped (and is re-evaluated at the next transition). */
    record Stop(String service, String on, Reason why) implements Action {
        public Optional<String> node() { return Optional.of(on); }
        public String verb() { return "stop"; }
        public String target() { return "service:" + service + " on " + on; }
    }

    /** Stop and start again in place, counted against max_restarts. */
    record Restart(String service, String on, Reason why) implements Action {
        public Optional<String> node() { return Optional.of(on); }
        public String verb() { return "restart"; }
        public String target() { return "service:" + service + " on " + on; }
    }

    /** Stop on {@code from}, then start on {@code to}. */
    record Relocate(String service, String from, String to, Reason why) implements Action {
        public Optional<String> node() { return Optional.of(from); }
        public String verb() { return "relocate"; }
        public String target() { return "service:" + service + " from " + from + " to " + to; }
    }

    /** Stop the service where it runs (if anywhere) and leave it disabled. */
    record Disable(String service, Optional<String> on, Reason why) implements Action {
        public Optional<String> node() { return on; }
        public String verb() { return "disable"; }
        public String target() { return "service:" + service + on.map(n -> " on " + n).orElse(""); }
    }

    /** Record the service as failed: a stop failed, resources may still be active; only disable clears it. */
    record MarkFailed(String service, Optional<String> on, Reason why) implements Action {
        public Optional<String> node() { return Optional.empty(); }
        public String verb() { return "failed"; }
        public String target() { return "service:" + service + on.map(n -> " on " + n).orElse(""); }
    }

    /** Record the service as stopped without running anything (its owner is proven gone, no node may take it). */
    record MarkStopped(String service, Reason why) implements Action {
        public Optional<String> node() { return Optional.empty(); }
        public String verb() { return "mark-stopped"; }
        public String target() { return "service:" + service; }
    }

    /** Do not recover the service until {@code lostNode} is fenced or rejoins. */
    record WaitForFence(String service, String lostNode, Reason why) implements Action {
        public Optional<String> node() { return Optional.empty(); }
        public String verb() { return "wait"; }
        public String target() { return "service:" + service + " until " + lostNode + " is fenced"; }
    }

    /** Nothing to do for this service, and a user would want to know why (frozen, blocked, dependency). */
    record Hold(String service, Reason why) implements Action {
        public Optional<String> node() { return Optional.empty(); }
        public String verb() { return "hold"; }
        public String target() { return "service:" + service; }
    }
}

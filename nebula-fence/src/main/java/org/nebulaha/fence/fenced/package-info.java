/**
 * fenced: decides when a lost node is fenced, runs its fence methods through the fence-agent
 * convention, keeps the fence history, and answers {@code fence_node}. A library the node daemon
 * hosts (see docs/fenced.md for the calls it makes).
 *
 * <ul>
 *   <li>{@link org.nebulaha.fence.fenced.FencePlanner}: the pure decision (config, view, now) -> one
 *       {@link org.nebulaha.fence.fenced.FenceDecision} per node that needs one, each with its
 *       {@link org.nebulaha.fence.fenced.Reason}. No clock, no I/O.</li>
 *   <li>{@link org.nebulaha.fence.fenced.FenceSequence}: runs a node's methods in order through
 *       {@link org.nebulaha.fence.agent.AgentRunner}, every device of a method must succeed.</li>
 *   <li>{@link org.nebulaha.fence.fenced.FenceHistory}: the durable attempt log.</li>
 *   <li>{@link org.nebulaha.fence.fenced.Fenced}: the stateful part: events in, decisions
 *       applied, retries with back-off, "is node X fenced since it was lost".</li>
 *   <li>{@link org.nebulaha.fence.fenced.FenceNodeCli}: the fence_node command-line formatting.</li>
 * </ul>
 */
package org.nebulaha.fence.fenced;

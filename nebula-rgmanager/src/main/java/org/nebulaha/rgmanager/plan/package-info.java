/**
 * The pure planner: {@link org.nebulaha.rgmanager.plan.Planner#plan} turns cluster.conf, the cluster
 * state and "now" into a {@link org.nebulaha.rgmanager.plan.Plan} of {@link org.nebulaha.rgmanager.plan.Action}s,
 * each carrying the {@link org.nebulaha.rgmanager.plan.Reason} (rule + text) that produced it.
 * No I/O, no clock, no threads. Rules: docs/rgmanager.md.
 */
package org.nebulaha.rgmanager.plan;

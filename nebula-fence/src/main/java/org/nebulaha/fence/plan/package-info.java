/**
 * fenced's pure decisions beyond {@link org.nebulaha.fence.fenced.FencePlanner}: how each event
 * changes what fenced knows about a node, and what a decision round starts, asks, releases and
 * waits for ({@link org.nebulaha.fence.plan.FenceTracking}). No I/O, no clock, no threads:
 * {@link org.nebulaha.fence.fenced.Fenced} gathers events and carries the actions out.
 */
package org.nebulaha.fence.plan;

/**
 * Carrying out plans: {@link org.nebulaha.rgmanager.exec.LocalResourceManager} runs services on this
 * node (start, stop, status checks at each resource's interval, the pid fast path), and
 * {@link org.nebulaha.rgmanager.exec.Coordinator} holds the service table, runs the planner on every
 * event and sends each action to the node that must carry it out through
 * {@link org.nebulaha.rgmanager.exec.NodeChannel}.
 */
package org.nebulaha.rgmanager.exec;

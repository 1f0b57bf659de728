/**
 * The node daemon: one process per node hosting membership and quorum, delivering
 * {@link org.nebulaha.node.daemon.ClusterEvents} in order on one thread, and serving the local API
 * whose verbs other modules can extend through the {@link org.nebulaha.node.daemon.CommandRegistry}.
 */
package org.nebulaha.node.daemon;

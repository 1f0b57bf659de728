package org.nebulaha.node.daemon;

/**
 * A part hosted by the node daemon (fencing, resource manager), found with
 * {@link java.util.ServiceLoader} ({@code META-INF/services/org.nebulaha.node.daemon.NodeModule}).
 * {@link #start} runs before the node joins the cluster, so listeners added there see every event.
 */
public interface NodeModule {
    /** Name shown among the active subsystems, e.g. {@code rgmanager}. */
    String name();

    /** cman-style port number shown in "Ports Bound" (rgmanager used 177), 0 for none. */
    default int port() {
        return 0;
    }

    /**
     * Registers listeners ({@code node.events().add}), API verbs ({@code node.commands().register})
     * and message topics ({@code node.messaging().subscribe}).
     */
    void start(NodeDaemon node) throws Exception;

    /** Called at shutdown, before the node leaves the cluster: stop services here. */
    default void stop() {}
}

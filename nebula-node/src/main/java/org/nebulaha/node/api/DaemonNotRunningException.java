package org.nebulaha.node.api;

import java.io.IOException;
import java.nio.file.Path;

/** Nothing answers on the local API socket: the node daemon is not running (on this NebulaRoot). */
public class DaemonNotRunningException extends IOException {
    private static final long serialVersionUID = 1L;

    public DaemonNotRunningException(Path socket, String why) {
        super("cannot connect to the node daemon at " + socket + " (" + why + "); is it running? start it with 'service cman start' or 'nebula-node -f'");
    }
}

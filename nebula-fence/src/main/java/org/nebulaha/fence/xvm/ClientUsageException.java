package org.nebulaha.fence.xvm;

/** A fence_xvm option error: the command prints the message and the usage text and exits 1. */
public class ClientUsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ClientUsageException(String message) {
        super(message);
    }
}

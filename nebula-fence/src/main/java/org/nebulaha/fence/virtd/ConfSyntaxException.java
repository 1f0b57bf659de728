package org.nebulaha.fence.virtd;

/** fence_virt.conf cannot be used; the message starts with {@code file:line:} and says what to fix. */
public class ConfSyntaxException extends Exception {
    private static final long serialVersionUID = 1L;

    public ConfSyntaxException(String message) {
        super(message);
    }
}

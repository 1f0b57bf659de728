package org.nebulaha.fence.xvm;

/** A datagram or stream that is not a well-formed fence-virt message; the message says what is wrong. */
public class MalformedRequestException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MalformedRequestException(String message) {
        super(message);
    }
}

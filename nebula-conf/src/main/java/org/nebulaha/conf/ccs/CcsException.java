package org.nebulaha.conf.ccs;

/**
 * A ccs command that cannot be carried out. Exit codes are ccs's: 1 for an error, 2 for a usage
 * error (a bad argument, such as a priority outside 1..100).
 */
public class CcsException extends Exception {
    private static final long serialVersionUID = 1L;
    public static final int ERROR = 1;
    public static final int USAGE = 2;
    private final int exitCode;

    public CcsException(String message) {
        this(message, ERROR);
    }

    public CcsException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}

package org.nebulaha.lab;

/** Something the lab could not do, with what to do about it. */
public class LabException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LabException(String message) {
        super(message);
    }
}

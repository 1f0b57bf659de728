package org.nebulaha.rgmanager.model;

/**
 * rgmanager's return codes and their texts ({@code resgroup.h}, {@code rg_strings.c}), as
 * clusvcadm prints them and uses them as its exit status.
 */
public enum RgError {
    SUCCESS(0, "Success"),
    FAIL(-1, "Failure"),
    ABORT(-2, "Aborted; service failed"),
    FORWARD(-3, "Service not mastered locally"),
    NOSERVICE(-4, "Service does not exist"),
    DEADLCK(-5, "Operation would cause a deadlock"),
    AGAIN(-6, "Temporary failure; try again"),
    DEPEND(-7, "Operation violates dependency rule"),
    INVAL(-8, "Invalid operation for resource"),
    QUORUM(-9, "Operation requires quorum"),
    RUN(-10, "Service is already running"),
    FROZEN(-11, "Failure: Service is frozen"),
    NODE(-12, "Target node dead / nonexistent"),
    FENCE(-13, "Fencing operation pending; try again later"),
    DOMAIN(-15, "Service not runnable");

    private final int code;
    private final String text;

    RgError(int code, String text) {
        this.code = code;
        this.text = text;
    }

    public int code() {
        return code;
    }

    public String text() {
        return text;
    }

    /** The exit status a shell sees for {@code return code} from main: the low byte (-1 -> 255); RG_ERUN counts as success. */
    public int exitStatus() {
        return this == RUN ? 0 : code & 0xff;
    }
}

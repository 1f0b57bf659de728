package org.nebulaha.rgmanager.model;

/**
 * rgmanager's service states ({@code rg_strings.c}), the words {@code clustat} prints.
 * {@link #RECOVERING} means a status check failed where the service runs and the recovery policy
 * has to be applied; {@link #UNINITIALIZED} means no state is known yet (a fresh quorum).
 */
public enum ServiceState {
    UNINITIALIZED("uninitialized"),
    STOPPED("stopped"),
    STARTING("starting"),
    STARTED("started"),
    STOPPING("stopping"),
    FAILED("failed"),
    DISABLED("disabled"),
    RECOVERING("recovering");

    private final String word;

    ServiceState(String word) {
        this.word = word;
    }

    public String word() {
        return word;
    }

    /** States in which the owner may have resources of the service active. */
    public boolean mayHaveResourcesActive() {
        return this == STARTING || this == STARTED || this == STOPPING || this == RECOVERING || this == FAILED;
    }

    public static ServiceState fromWord(String s) {
        for (ServiceState st : values()) if (st.word.equals(s)) return st;
        throw new IllegalArgumentException("service state must be one of uninitialized, stopped, starting, started, stopping, "
                + "failed, disabled, recovering; not '" + s + "'");
    }
}

package org.nebulaha.oned.model;

/** OpenNebula 4.2 host states, codes and the short names of {@code onehost list}. */
public enum HostState {
    INIT(0, "init"), MONITORING_MONITORED(1, "update"), MONITORED(2, "on"), ERROR(3, "err"),
    DISABLED(4, "off"), MONITORING_ERROR(5, "retry"), MONITORING_INIT(6, "init"), MONITORING_DISABLED(7, "off");

    public final int code;
    public final String shortName;

    HostState(int code, String shortName) {
        this.code = code;
        this.shortName = shortName;
    }

    public static HostState of(int code) {
        for (HostState s : values()) if (s.code == code) return s;
        throw new IllegalArgumentException("no host state with code " + code);
    }
}

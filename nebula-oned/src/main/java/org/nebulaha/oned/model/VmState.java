package org.nebulaha.oned.model;

/** OpenNebula's VM (dispatch) states with their numeric codes (4.2, plus 5.0's CLONING states). */
public enum VmState {
    INIT(0, "init"), PENDING(1, "pend"), HOLD(2, "hold"), ACTIVE(3, "actv"), STOPPED(4, "stop"),
    SUSPENDED(5, "susp"), DONE(6, "done"), FAILED(7, "fail"), POWEROFF(8, "poff"), UNDEPLOYED(9, "unde");

    public final int code;
    public final String shortName;

    VmState(int code, String shortName) {
        this.code = code;
        this.shortName = shortName;
    }

    public static VmState of(int code) {
        for (VmState s : values()) if (s.code == code) return s;
        throw new IllegalArgumentException("no VM state with code " + code);
    }
}

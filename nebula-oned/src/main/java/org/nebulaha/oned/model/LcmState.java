package org.nebulaha.oned.model;

/**
 * OpenNebula's LCM states (meaningful while the VM is ACTIVE) with their numeric codes: 0..32 as
 * in 4.2, 33..50 as added in 4.14 (the {@code *_FAILURE} states a failed driver operation
 * parks a VM in, ready for {@code recover --retry}). Short names are those of
 * {@code onevm list}; every {@code *_FAILURE} shows as {@code fail} as in later versions.
 */
public enum LcmState {
    LCM_INIT(0, "init"),
    PROLOG(1, "prol"),
    BOOT(2, "boot"),
    RUNNING(3, "runn"),
    MIGRATE(4, "migr"),
    SAVE_STOP(5, "save"),
    SAVE_SUSPEND(6, "save"),
    SAVE_MIGRATE(7, "save"),
    PROLOG_MIGRATE(8, "migr"),
    PROLOG_RESUME(9, "prol"),
    EPILOG_STOP(10, "epil"),
    EPILOG(11, "epil"),
    SHUTDOWN(12, "shut"),
    CANCEL(13, "shut"),
    FAILURE(14, "fail"),
    CLEANUP_RESUBMIT(15, "clea"),
    UNKNOWN(16, "unkn"),
    HOTPLUG(17, "hotp"),
    SHUTDOWN_POWEROFF(18, "shut"),
    BOOT_UNKNOWN(19, "boot"),
    BOOT_POWEROFF(20, "boot"),
    BOOT_SUSPENDED(21, "boot"),
    BOOT_STOPPED(22, "boot"),
    CLEANUP_DELETE(23, "clea"),
    HOTPLUG_SNAPSHOT(24, "snap"),
    HOTPLUG_NIC(25, "hotp"),
    HOTPLUG_SAVEAS(26, "hotp"),
    HOTPLUG_SAVEAS_POWEROFF(27, "hotp"),
    HOTPLUG_SAVEAS_SUSPENDED(28, "hotp"),
    SHUTDOWN_UNDEPLOY(29, "shut"),
    EPILOG_UNDEPLOY(30, "epil"),
    PROLOG_UNDEPLOY(31, "prol"),
    BOOT_UNDEPLOY(32, "boot"),
    HOTPLUG_PROLOG_POWEROFF(33, "hotp"),
    HOTPLUG_EPILOG_POWEROFF(34, "hotp"),
    BOOT_MIGRATE(35, "boot"),
    BOOT_FAILURE(36, "fail"),
    BOOT_MIGRATE_FAILURE(37, "fail"),
    PROLOG_MIGRATE_FAILURE(38, "fail"),
    PROLOG_FAILURE(39, "fail"),
    EPILOG_FAILURE(40, "fail"),
    EPILOG_STOP_FAILURE(41, "fail"),
    EPILOG_UNDEPLOY_FAILURE(42, "fail"),
    PROLOG_MIGRATE_POWEROFF(43, "migr"),
    PROLOG_MIGRATE_POWEROFF_FAILURE(44, "fail"),
    PROLOG_MIGRATE_SUSPEND(45, "migr"),
    PROLOG_MIGRATE_SUSPEND_FAILURE(46, "fail"),
    BOOT_UNDEPLOY_FAILURE(47, "fail"),
    BOOT_STOPPED_FAILURE(48, "fail"),
    PROLOG_RESUME_FAILURE(49, "fail"),
    PROLOG_UNDEPLOY_FAILURE(50, "fail");

    public final int code;
    public final String shortName;

    LcmState(int code, String shortName) {
        this.code = code;
        this.shortName = shortName;
    }

    public static LcmState of(int code) {
        for (LcmState s : values()) if (s.code == code) return s;
        throw new IllegalArgumentException("no LCM state with code " + code);
    }

    /** True for the {@code *_FAILURE} states of 4.14+ (not the 4.2 FAILURE state 14). */
    public boolean isFailure() {
        return name().endsWith("_FAILURE");
    }

    /** The state a {@code *_FAILURE} state failed from (BOOT_FAILURE -> BOOT); itself otherwise. */
    public LcmState base() {
        return isFailure() ? valueOf(name().substring(0, name().length() - "_FAILURE".length())) : this;
    }

    /** The failure state of this state (PROLOG -> PROLOG_FAILURE), or null when it has none. */
    public LcmState failure() {
        try {
            return valueOf(name() + "_FAILURE");
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}

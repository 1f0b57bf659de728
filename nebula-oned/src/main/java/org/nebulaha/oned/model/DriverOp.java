package org.nebulaha.oned.model;

/**
 * A driver operation oned issues for a VM: which driver, and the action word on its line.
 * Transfer operations go to the TM driver as {@code TRANSFER <vmid> <file>}; the file's first
 * line names the operation (for the dummy driver's fault injection).
 */
public enum DriverOp {
    TM_PROLOG(true, "prolog"), TM_PROLOG_MIGRATE(true, "prolog_migrate"), TM_PROLOG_RESUME(true, "prolog_resume"),
    TM_EPILOG(true, "epilog"), TM_EPILOG_STOP(true, "epilog_stop"), TM_EPILOG_DELETE(true, "epilog_delete"),
    VMM_DEPLOY(false, "DEPLOY"), VMM_RESTORE(false, "RESTORE"), VMM_SHUTDOWN(false, "SHUTDOWN"),
    VMM_CANCEL(false, "CANCEL"), VMM_SAVE(false, "SAVE"), VMM_MIGRATE(false, "MIGRATE"),
    VMM_ATTACHDISK(false, "ATTACHDISK"), VMM_DETACHDISK(false, "DETACHDISK"), VMM_CLEANUP(false, "CLEANUP"),
    VMM_REBOOT(false, "REBOOT"), VMM_RESET(false, "RESET"), VMM_SNAPSHOTCREATE(false, "SNAPSHOTCREATE");

    public final boolean transfer;
    /** The VMM action word, or the transfer operation name. */
    public final String word;

    DriverOp(boolean transfer, String word) {
        this.transfer = transfer;
        this.word = word;
    }

    public static DriverOp ofVmmWord(String w) {
        for (DriverOp o : values()) if (!o.transfer && o.word.equals(w)) return o;
        return null;
    }
}

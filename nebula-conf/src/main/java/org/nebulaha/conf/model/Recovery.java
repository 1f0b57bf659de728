package org.nebulaha.conf.model;

/** {@code service/@recovery}: what rgmanager does when a service fails where it runs. */
public enum Recovery {
    /** Restart in place, counting against max_restarts within restart_expire_time, then relocate. */
    RESTART("restart"),
    /** Move to another node without trying a local restart. */
    RELOCATE("relocate"),
    /** Stop and leave it disabled. */
    DISABLE("disable"),
    /** Restart in place; when restarts are exhausted, disable instead of relocating. */
    RESTART_DISABLE("restart-disable");

    private final String xmlName;

    Recovery(String xmlName) {
        this.xmlName = xmlName;
    }

    public String xmlName() {
        return xmlName;
    }

    public static Recovery fromXml(String s) {
        for (Recovery r : values()) if (r.xmlName.equals(s)) return r;
        throw new IllegalArgumentException("recovery must be restart, relocate, disable or restart-disable, not '" + s + "'");
    }
}

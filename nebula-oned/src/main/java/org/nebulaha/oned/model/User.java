package org.nebulaha.oned.model;

/**
 * An OpenNebula user (core authentication): {@code password} is the SHA1 of the password in hex,
 * as OpenNebula's core driver stores it. User 0 is oneadmin, whose password is the one in
 * {@code one_auth}. Group: oneadmin (0) for oneadmin, users (1) for everyone else.
 */
public record User(int id, String name, String password, String authDriver) {
    public int gid() {
        return id == 0 ? 0 : 1;
    }

    public String gname() {
        return id == 0 ? "oneadmin" : "users";
    }
}

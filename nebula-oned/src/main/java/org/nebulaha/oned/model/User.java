package org.nebulaha.oned.model;

import java.util.List;

/**
 * An OpenNebula user (core authentication): {@code password} is the SHA1 of the password in hex,
 * as OpenNebula's core driver stores it. User 0 is oneadmin, whose password is the one in
 * {@code one_auth}. {@code gid} is the user's (only, as in 4.2) group; {@code quotas} holds the
 * limits set with one.user.quota (VM, DATASTORE, NETWORK, IMAGE vectors); {@code template} the
 * attributes set with one.user.update.
 */
public record User(int id, String name, String password, String authDriver, int gid, Template quotas, Template template) {
    /** A user in the group 4.2 gives by default: oneadmin (0) for oneadmin, users (1) for everyone else. */
    public User(int id, String name, String password, String authDriver) {
        this(id, name, password, authDriver, id == 0 ? 0 : 1, EMPTY, EMPTY);
    }

    public static final Template EMPTY = new Template(List.of());

    public User withPassword(String sha1, String driver) {
        return new User(id, name, sha1, driver, gid, quotas, template);
    }

    public User withGroup(int newGid) {
        return new User(id, name, password, authDriver, newGid, quotas, template);
    }

    public User withQuotas(Template q) {
        return new User(id, name, password, authDriver, gid, q, template);
    }

    public User withTemplate(Template t) {
        return new User(id, name, password, authDriver, gid, quotas, t);
    }
}

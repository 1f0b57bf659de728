package org.nebulaha.oned.auth;

import static org.nebulaha.oned.xmlrpc.XmlRpcCodec.escape;

import java.util.Collection;
import org.nebulaha.oned.model.Group;
import org.nebulaha.oned.model.User;

/** User and group documents in 4.2's shape (share/doc/xsd/user.xsd, user_pool.xsd, group.xsd, group_pool.xsd). */
public final class AccessDocuments {
    private AccessDocuments() {}

    /**
     * A user: ID GID GNAME NAME PASSWORD (the stored SHA1) AUTH_DRIVER ENABLED TEMPLATE and the four
     * quota elements; {@code one.user.info} adds DEFAULT_USER_QUOTAS inside the user, as 4.2's
     * extended form. GROUPS (4.4's list of the user's groups, here the one group) comes last.
     */
    public static String user(User u, String gname, Quotas.Usage usage, boolean extended) {
        StringBuilder sb = new StringBuilder("<USER>");
        el(sb, "ID", u.id()); el(sb, "GID", u.gid()); el(sb, "GNAME", gname); el(sb, "NAME", u.name());
        el(sb, "PASSWORD", u.password()); el(sb, "AUTH_DRIVER", u.authDriver()); el(sb, "ENABLED", 1);
        sb.append(u.template().toXml()).append(Quotas.xml(u.quotas(), usage));
        if (extended) sb.append(Quotas.defaults("DEFAULT_USER_QUOTAS"));
        sb.append("<GROUPS><ID>").append(u.gid()).append("</ID></GROUPS>");
        return sb.append("</USER>").toString();
    }

    /** The pool: every user, then DEFAULT_USER_QUOTAS (which 4.2's oneuser list and show read). */
    public static String userPool(Collection<String> users) {
        return "<USER_POOL>" + String.join("", users) + Quotas.defaults("DEFAULT_USER_QUOTAS") + "</USER_POOL>";
    }

    /** A group: ID NAME USERS/ID* and the quota elements (+ DEFAULT_GROUP_QUOTAS for one.group.info). */
    public static String group(Group g, Collection<Integer> users, Quotas.Usage usage, boolean extended) {
        StringBuilder sb = new StringBuilder("<GROUP>");
        el(sb, "ID", g.id()); el(sb, "NAME", g.name());
        sb.append("<USERS>");
        for (int id : users) el(sb, "ID", id);
        sb.append("</USERS>").append(Quotas.xml(g.quotas(), usage));
        if (extended) sb.append(Quotas.defaults("DEFAULT_GROUP_QUOTAS"));
        return sb.append("</GROUP>").toString();
    }

    public static String groupPool(Collection<String> groups) {
        return "<GROUP_POOL>" + String.join("", groups) + Quotas.defaults("DEFAULT_GROUP_QUOTAS") + "</GROUP_POOL>";
    }

    private static void el(StringBuilder sb, String name, Object value) {
        sb.append('<').append(name).append('>').append(escape(String.valueOf(value))).append("</").append(name).append('>');
    }
}

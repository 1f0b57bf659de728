package org.nebulaha.oned.auth;

import java.util.ArrayList;
import java.util.List;
import org.nebulaha.oned.auth.AclRule.Op;
import org.nebulaha.oned.auth.AclRule.Type;
import org.nebulaha.oned.lifecycle.OneError;
import org.nebulaha.oned.model.User;

/**
 * The one place API calls are authorized, as OpenNebula 4.2 does it (AuthRequest::add_auth and
 * AclManager::authorize): oneadmin and every member of the oneadmin group (0) may do anything;
 * anyone else needs a rule that grants the operation, either one of the object's own
 * permissions (OWNER/GROUP/OTHER use, manage, admin bits, read as three rules {@code #uid},
 * {@code @gid} and {@code *} on {@code TYPE/#oid}) or an ACL rule whose user selector is the
 * user ({@code #uid}), the user's group ({@code @gid}) or everyone ({@code *}) and whose resource
 * selector names the object, its group, its cluster or all objects of its type.
 *
 * <p>Other object types call it the same way: build the {@link Obj} (type, id, owner, group,
 * permissions, cluster) and ask for the operation the 4.2 request needs.
 */
public final class Authorizer {
    private final AclPool acls;

    public Authorizer(AclPool acls) {
        this.acls = acls;
    }

    /**
     * An object as authorization sees it. {@code perms} is the octal triple of
     * {@code onevm chmod}: 0640 is owner use+manage, group use. Ids are -1 when not applicable
     * (a CREATE has no object id; users and groups have no cluster).
     */
    public record Obj(Type type, int oid, int uid, int gid, int perms, int cid) {
        /** What a CREATE is checked against: the type only. */
        public static Obj create(Type type) {
            return new Obj(type, -1, -1, -1, 0, -1);
        }

        public static Obj of(Type type, int oid, int uid, int gid, int perms) {
            return new Obj(type, oid, uid, gid, perms, -1);
        }
    }

    /** One operation on one object. */
    public record Request(Op op, Obj obj) {}

    public static boolean isAdmin(User u) {
        return u.id() == 0 || u.gid() == 0;
    }

    /** Whether {@code u} may perform {@code op} on {@code o}. */
    public boolean allows(User u, Op op, Obj o) {
        if (isAdmin(u)) return true;
        List<AclRule> rules = new ArrayList<>(ownRules(o));
        rules.addAll(acls.rules());
        long[] userReqs = {AclRule.ALL, AclRule.INDIVIDUAL | u.id(), AclRule.GROUP | u.gid()};
        for (long userReq : userReqs)
            for (AclRule r : rules)
                if (r.user() == userReq && grants(r, op, o)) return true;
        return false;
    }

    /** Throws 4.2's AUTHORIZATION error naming every request that is not granted. */
    public void check(User u, Request... requests) throws OneError {
        List<String> refused = new ArrayList<>();
        for (Request r : requests)
            if (!allows(u, r.op(), r.obj()))
                refused.add("Not authorized to perform " + r.op() + " " + r.obj().type() + (r.obj().oid() != -1 ? " [" + r.obj().oid() + "]" : ""));
        if (!refused.isEmpty())
            throw new OneError(OneError.AUTHORIZATION, "User [" + u.id() + "] : " + String.join("; ", refused) + ".");
    }

    public void check(User u, Op op, Obj o) throws OneError {
        check(u, new Request(op, o));
    }

    /** The object's permissions as the three rules 4.2 derives from them (PoolObjectAuth::get_acl_rules). */
    static List<AclRule> ownRules(Obj o) {
        if (o.oid() < 0) return List.of();
        long res = o.type().bit | AclRule.INDIVIDUAL | o.oid();
        List<AclRule> out = new ArrayList<>();
        if (o.uid() >= 0) out.add(new AclRule(-1, AclRule.INDIVIDUAL | o.uid(), res, (o.perms() >> 6) & 7));
        if (o.gid() >= 0) out.add(new AclRule(-1, AclRule.GROUP | o.gid(), res, (o.perms() >> 3) & 7));
        out.add(new AclRule(-1, AclRule.ALL, res, o.perms() & 7));
        // The octal digits are use 4, manage 2, admin 1; rights bits are use 1, manage 2, admin 4.
        out.replaceAll(r -> new AclRule(-1, r.user(), r.resource(), octalToRights(r.rights())));
        return out;
    }

    static long octalToRights(long digit) {
        return ((digit & 4) != 0 ? Op.USE.bit : 0) | ((digit & 2) != 0 ? Op.MANAGE.bit : 0) | ((digit & 1) != 0 ? Op.ADMIN.bit : 0);
    }

    static boolean grants(AclRule r, Op op, Obj o) {
        if ((r.rights() & op.bit) != op.bit) return false;
        long type = o.type().bit, res = r.resource();
        long mask = AclRule.ID_MASK;
        if ((res & (type | AclRule.ALL)) == (type | AclRule.ALL)) return true;
        if (o.oid() >= 0 && (res & (type | AclRule.INDIVIDUAL | mask)) == (type | AclRule.INDIVIDUAL | o.oid())) return true;
        if (o.gid() >= 0 && (res & (type | AclRule.GROUP | mask)) == (type | AclRule.GROUP | o.gid())) return true;
        return o.cid() >= 0 && (res & (type | AclRule.CLUSTER | mask)) == (type | AclRule.CLUSTER | o.cid());
    }
}

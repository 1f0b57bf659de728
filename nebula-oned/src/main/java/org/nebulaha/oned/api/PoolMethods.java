package org.nebulaha.oned.api;

import java.util.List;
import org.nebulaha.oned.auth.UserPool;
import org.nebulaha.oned.catalog.Store;
import org.nebulaha.oned.lifecycle.OneError;
import org.nebulaha.oned.model.PoolObject;
import org.nebulaha.oned.model.Template;
import org.nebulaha.oned.model.User;

/**
 * What the four pools' methods share: info, update, chown, chmod, rename, delete and the pool
 * filters of 4.2 (filter -3 mine, -2 all I may use, -1 mine and my group's, >= 0 that user's;
 * start and end id, -1 for no bound). Each subclass decides authorization in one method,
 * {@link #authorize}, so it can later go through a shared ACL evaluator.
 */
abstract class PoolMethods<T extends PoolObject> implements MethodGroup {
    final Store<T> store;
    final UserPool users;
    /** Users' groups and VM allocation with quotas (api's AccessApi). */
    final AccessApi access;
    /** The object in authorization messages: TEMPLATE, IMAGE, NET, DATASTORE. */
    final String kind;

    PoolMethods(Store<T> store, AccessApi access, String kind) {
        this.store = store;
        this.access = access;
        this.users = access.users();
        this.kind = kind;
    }

    /** Refuses {@code u} doing {@code op} (USE, MANAGE, ADMIN) on {@code o}; {@code o} null: CREATE. */
    abstract void authorize(User u, T o, String op) throws OneError;

    /** The 4.2 document of {@code o} ({@code extended}: as info, else as in the pool). */
    abstract String document(T o, boolean extended);

    abstract String poolRoot();

    OneError denied(User u, String what) {
        return new OneError(OneError.AUTHORIZATION, "User [" + u.id() + "] : Not authorized to perform " + what + ".");
    }

    /** The permission check most types use: oneadmin always, else the object's bits for owner, group, others. */
    void byPermissions(User u, T o, String op) throws OneError {
        if (o == null) return;
        if (u.id() != 0 && !o.perms.allows(op, o.uid == u.id(), o.gid == u.gid())) throw denied(u, op + " " + kind + " [" + o.id + "]");
    }

    T get(User u, int id, String op) throws OneError {
        T o = store.get(id);
        authorize(u, o, op);
        return o;
    }

    String info(User u, int id) throws OneError {
        return document(get(u, id, "USE"), true);
    }

    /** one.*.update: the text replaces the object's TEMPLATE (4.2 has no merge). */
    int update(User u, int id, String text) throws OneError {
        synchronized (store.lock()) {
            T o = get(u, id, "MANAGE");
            o.template = parse(text);
            store.put(o);
            return id;
        }
    }

    int chown(User u, int id, int uid, int gid) throws OneError {
        synchronized (store.lock()) {
            T o = get(u, id, "MANAGE");
            if (u.id() != 0 && (uid != -1 && uid != u.id() || gid != -1 && gid != u.gid()))
                throw denied(u, "MANAGE USER [" + (uid != -1 ? uid : u.id()) + "]");
            if (uid != -1) {
                User n = users.info(uid);
                o.uid = n.id();
                o.uname = n.name();
                if (gid == -1) { o.gid = n.gid(); o.gname = access.groupName(n.gid()); }
            }
            if (gid != -1) {
                String gname = access.groupName(gid);
                if (gname.isEmpty()) throw new OneError(OneError.NO_EXISTS, "Error getting group [" + gid + "].");
                o.gid = gid;
                o.gname = gname;
            }
            store.put(o);
            return id;
        }
    }

    int chmod(User u, int id, int[] bits) throws OneError {
        for (int b : bits) if (b < -1 || b > 1) throw new OneError(OneError.XML_RPC_API, "Permissions are 0, 1 or -1 (keep), got " + b);
        synchronized (store.lock()) {
            T o = get(u, id, "MANAGE");
            if ((bits[2] == 1 || bits[5] == 1 || bits[8] == 1)) authorize(u, o, "ADMIN");
            checkChmod(o, o.perms.chmod(bits));
            o.perms = o.perms.chmod(bits);
            store.put(o);
            return id;
        }
    }

    /** A type's own rule on new permissions (images: not public and persistent). */
    void checkChmod(T o, org.nebulaha.oned.model.Perms next) throws OneError {}

    int rename(User u, int id, String name) throws OneError {
        synchronized (store.lock()) {
            T o = get(u, id, "MANAGE");
            checkName(name, o.uid, id);
            o.name = name.strip();
            store.put(o);
            return id;
        }
    }

    /** 4.2: a name is not empty, and unique among the owner's objects of the type. */
    void checkName(String name, int uid, int self) throws OneError {
        if (name.isBlank()) throw new OneError(OneError.INTERNAL, "NAME cannot be empty.");
        if (name.contains("\n")) throw new OneError(OneError.INTERNAL, "NAME cannot contain a new line.");
        T same = store.byName(name.strip(), uid);
        if (same != null && same.id != self) throw new OneError(OneError.INTERNAL, "NAME is already taken by " + kind + " " + same.id + ".");
    }

    String pool(User u, List<Object> a) throws OneError {
        int filter = a.size() > 0 ? (Integer) a.get(0) : -2;
        int start = a.size() > 1 ? (Integer) a.get(1) : -1, end = a.size() > 2 ? (Integer) a.get(2) : -1;
        if (filter < -3)
            throw new OneError(OneError.XML_RPC_API, "Incorrect filter_flag " + filter + ": use -3 mine, -2 all, -1 mine and my group's, or a user id");
        StringBuilder sb = new StringBuilder("<" + poolRoot() + ">");
        for (T o : store.all()) {
            if (start != -1 && (o.id < start || end != -1 && o.id > end)) continue;
            if (visible(u, o, filter)) sb.append(document(o, false));
        }
        return sb.append("</").append(poolRoot()).append(">").toString();
    }

    /** 4.2 PoolSQL::usr_filter for a user without ACL rules beyond the defaults; oneadmin sees everything. */
    static boolean visible(User u, PoolObject o, int filter) {
        boolean group = o.gid == u.gid() && o.perms.groupU() == 1, other = o.perms.otherU() == 1, mine = o.uid == u.id();
        if (filter == -3) return mine;
        if (u.id() == 0) return filter < 0 || o.uid == filter;
        if (filter == -1) return mine || group;
        if (filter == -2) return mine || group || other;
        return o.uid == filter && (filter == u.id() || group || other);
    }

    static Template parse(String text) throws OneError {
        try {
            return Template.parse(text);
        } catch (Template.SyntaxException e) {
            throw new OneError(OneError.INTERNAL, "Parse error: " + e.getMessage());
        }
    }

    static int i(List<Object> a, int n) {
        return (Integer) a.get(n);
    }

    static int[] bits(List<Object> a, int from) {
        int[] b = new int[9];
        for (int k = 0; k < 9; k++) b[k] = i(a, from + k);
        return b;
    }

    /** The common methods of a pool under {@code prefix}, e.g. one.template.info; null when {@code m} is not one. */
    Object common(String prefix, String m, List<Object> a, User u) throws OneError {
        String op = m.substring(prefix.length() + 1);
        switch (op) {
            case "info": return info(u, i(a, 0));
            case "update": return update(u, i(a, 0), (String) a.get(1));
            case "chown": return chown(u, i(a, 0), i(a, 1), i(a, 2));
            case "chmod": return chmod(u, i(a, 0), bits(a, 1));
            case "rename": return rename(u, i(a, 0), (String) a.get(1));
            default: return null;
        }
    }
}

package org.nebulaha.oned.auth;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import org.nebulaha.oned.db.AccessDb;
import org.nebulaha.oned.db.Database;
import org.nebulaha.oned.lifecycle.OneError;
import org.nebulaha.oned.model.Group;
import org.nebulaha.oned.model.Template;
import org.nebulaha.oned.model.User;

/**
 * oned's groups (one.group.*), as 4.2's GroupPool: oneadmin (0) and users (1) always exist and
 * cannot be deleted, new groups are numbered from 100, a group with users cannot be deleted.
 * In memory for reading, every change committed first, changes under the core's lock.
 */
public final class GroupPool {
    private static final System.Logger LOG = System.getLogger("oned.groups");
    private final Database db;
    private final AccessDb tables;
    private final Object lock;
    private final Map<Integer, Group> groups = new ConcurrentSkipListMap<>();

    public GroupPool(Database db, Object lock) throws SQLException {
        this.db = db;
        this.tables = new AccessDb(db);
        this.lock = lock;
        synchronized (lock) {
            for (Group g : tables.loadGroups()) groups.put(g.id(), g);
        }
    }

    public Group info(int id) throws OneError {
        Group g = groups.get(id);
        if (g == null) throw new OneError(OneError.NO_EXISTS, "Error getting group [" + id + "].");
        return g;
    }

    public String name(int id) {
        Group g = groups.get(id);
        return g == null ? "" : g.name();
    }

    public List<Group> pool() {
        return new ArrayList<>(groups.values());
    }

    public int allocate(String name) throws OneError {
        String problem = UserPool.nameProblem(name);
        if (problem != null) throw new OneError(OneError.INTERNAL, "Error allocating a new group. " + problem);
        synchronized (lock) {
            for (Group g : groups.values())
                if (g.name().equals(name)) throw new OneError(OneError.INTERNAL, "Error allocating a new group. NAME is already taken by GROUP " + g.id() + ".");
            try {
                int id = db.nextOid("group_pool");
                Group g = new Group(id, name, User.EMPTY);
                db.inTransaction(() -> tables.saveGroup(g));
                groups.put(id, g);
                LOG.log(System.Logger.Level.INFO, "group " + id + ": created " + name);
                return id;
            } catch (SQLException e) {
                throw new OneError(OneError.INTERNAL, "Error allocating a new group. Error writing to the DB: " + e.getMessage() + "; nothing was changed");
            }
        }
    }

    /** one.group.delete: {@code members} are the users whose group it is. */
    public void delete(int id, List<Integer> members) throws OneError {
        synchronized (lock) {
            Group g = info(id);
            if (id < 100) throw new OneError(OneError.ACTION, "Cannot delete group. System Groups (ID < 100) cannot be deleted.");
            if (!members.isEmpty())
                throw new OneError(OneError.ACTION, "Cannot delete group. Group " + id + " is not empty: users " + members
                        + " are in it (move them with oneuser chgrp)");
            try {
                db.inTransaction(() -> tables.deleteGroup(id));
            } catch (SQLException e) {
                throw new OneError(OneError.INTERNAL, "Cannot delete group. Error writing to the DB: " + e.getMessage() + "; nothing was changed");
            }
            groups.remove(id);
            LOG.log(System.Logger.Level.INFO, "group " + id + ": deleted " + g.name());
        }
    }

    /** one.group.quota: merges the quota template into the group's limits. */
    public void setQuota(int id, String text) throws OneError {
        synchronized (lock) {
            Group g = info(id);
            Group ng = new Group(id, g.name(), Quotas.set(g.quotas(), text));
            try {
                db.inTransaction(() -> tables.saveGroup(ng));
            } catch (SQLException e) {
                throw new OneError(OneError.INTERNAL, "Cannot set quotas. Error writing to the DB: " + e.getMessage() + "; nothing was changed");
            }
            groups.put(id, ng);
        }
    }

    /** A template stored for a group, for the documents. */
    public Template quotas(int id) {
        Group g = groups.get(id);
        return g == null ? User.EMPTY : g.quotas();
    }
}

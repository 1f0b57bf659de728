package org.nebulaha.oned.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import org.nebulaha.oned.db.Database;
import org.nebulaha.oned.lifecycle.OneError;
import org.nebulaha.oned.model.User;

/**
 * oned's users with OpenNebula's core authentication: a session is {@code user:password}; the
 * password is checked against the SHA1 (hex) stored for the user, as OpenNebula's core driver
 * does. oneadmin (id 0) is the exception kept from before users existed: its password is the one
 * in {@code one_auth}, and it cannot be deleted or given another password through the API.
 *
 * <p>Users are kept in memory (so a call is authenticated without the database) and every change
 * is committed to the database before it is answered. Changes run under {@code lock}, the core's
 * lock, because the core and this pool share one database connection.
 */
public final class UserPool {
    private static final System.Logger LOG = System.getLogger("oned.users");
    public static final String CORE = "core";

    private final Database db;
    private final Object lock;
    private final String adminPasswordSha1;
    private final Map<Integer, User> users = new ConcurrentSkipListMap<>();

    /** Loads the users; (re)writes oneadmin (id 0) with the SHA1 of the {@code one_auth} password. */
    public UserPool(Database db, Object lock, String adminPassword) throws SQLException {
        this.db = db;
        this.lock = lock;
        this.adminPasswordSha1 = sha1(adminPassword);
        synchronized (lock) {
            for (User u : db.loadUsers()) users.put(u.id(), u);
            User admin = users.get(0);
            if (admin == null || !admin.password().equals(adminPasswordSha1) || !admin.name().equals("oneadmin")) {
                User a = admin == null ? new User(0, "oneadmin", adminPasswordSha1, CORE)
                        : new User(0, "oneadmin", adminPasswordSha1, CORE, 0, admin.quotas(), admin.template());
                db.inTransaction(() -> db.saveUser(a));
                users.put(0, a);
            }
        }
    }

    public static String sha1(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The user a {@code user:password} session belongs to, or null when it does not authenticate. */
    public User authenticate(String session) {
        int colon = session.indexOf(':');
        if (colon <= 0) return null;
        String name = session.substring(0, colon);
        byte[] given = sha1(session.substring(colon + 1)).getBytes(StandardCharsets.US_ASCII);
        for (User u : users.values()) {
            if (!u.name().equals(name)) continue;
            String stored = u.id() == 0 ? adminPasswordSha1 : u.password();
            return MessageDigest.isEqual(given, stored.getBytes(StandardCharsets.US_ASCII)) ? u : null;
        }
        return null;
    }

    /** one.user.allocate: a new core user; returns its id. */
    public int allocate(String name, String password, String driver) throws OneError {
        String d = driver == null || driver.isBlank() ? CORE : driver.strip();
        String problem = nameProblem(name);
        if (problem == null) problem = passwordProblem(password);
        if (problem == null && !d.equals(CORE))
            problem = "Authentication driver '" + d + "' is not available here: only 'core' (password checked by oned)";
        if (problem != null) throw new OneError(OneError.INTERNAL, "Error allocating a new user. " + problem);
        synchronized (lock) {
            for (User u : users.values())
                if (u.name().equals(name)) throw new OneError(OneError.INTERNAL, "Error allocating a new user. NAME is already taken by USER " + u.id() + ".");
            User u;
            try {
                int id;
                do {
                    id = db.nextOid("user_pool");
                } while (users.containsKey(id));
                u = new User(id, name, sha1(password), d);
                User nu = u;
                db.inTransaction(() -> db.saveUser(nu));
            } catch (SQLException e) {
                throw new OneError(OneError.INTERNAL, "Error allocating a new user. Error writing to the DB: " + e.getMessage() + "; nothing was changed");
            }
            users.put(u.id(), u);
            LOG.log(System.Logger.Level.INFO, "user " + u.id() + ": created " + name + " (driver " + d + ")");
            return u.id();
        }
    }

    public User info(int id) throws OneError {
        User u = users.get(id);
        if (u == null) throw new OneError(OneError.NO_EXISTS, "Error getting user [" + id + "].");
        return u;
    }

    public List<User> pool() {
        return new ArrayList<>(users.values());
    }

    /** one.user.passwd: a new password for a core user other than oneadmin. */
    public void passwd(int id, String password) throws OneError {
        synchronized (lock) {
            User u = info(id);
            if (id == 0)
                throw new OneError(OneError.ACTION, "Cannot change password. oneadmin's password is the one in one_auth"
                        + " ($ONE_LOCATION/var/.one/one_auth): change it there and restart oned");
            String problem = passwordProblem(password);
            if (problem != null) throw new OneError(OneError.ACTION, "Cannot change password. " + problem);
            save(u.withPassword(sha1(password), u.authDriver()), "Cannot change password.");
            LOG.log(System.Logger.Level.INFO, "user " + id + ": password of " + u.name() + " changed");
        }
    }

    /** one.user.delete: refused for oneadmin and for a user who still owns VMs that are not DONE. */
    public void delete(int id) throws OneError {
        synchronized (lock) {
            User u = info(id);
            if (id == 0) throw new OneError(OneError.ACTION, "Cannot delete user. oneadmin cannot be deleted.");
            try {
                List<Integer> vms = db.vmIds(0, -1, -1, id);
                if (!vms.isEmpty())
                    throw new OneError(OneError.ACTION, "Cannot delete user. User " + id + " (" + u.name() + ") owns VM(s) " + vms
                            + " that are not DONE; delete them first (onevm delete)");
                db.inTransaction(() -> db.deleteUser(id));
            } catch (SQLException e) {
                throw new OneError(OneError.INTERNAL, "Cannot delete user. Error writing to the DB: " + e.getMessage() + "; nothing was changed");
            }
            users.remove(id);
            LOG.log(System.Logger.Level.INFO, "user " + id + ": deleted " + u.name());
        }
    }

    /** one.user.chauth: a new driver (only core here) and, when not empty, a new password. */
    public void chauth(int id, String driver, String password) throws OneError {
        synchronized (lock) {
            User u = info(id);
            String d = driver.isBlank() ? u.authDriver() : driver.strip();
            if (!d.equals(CORE))
                throw new OneError(OneError.INTERNAL, "Cannot change the authentication driver. Driver '" + d
                        + "' is not available here: only 'core' (password checked by oned)");
            if (!password.isEmpty() && id == 0)
                throw new OneError(OneError.ACTION, "Cannot change password. oneadmin's password is the one in one_auth");
            String problem = password.isEmpty() ? null : passwordProblem(password);
            if (problem != null) throw new OneError(OneError.INTERNAL, "Cannot change the authentication driver. " + problem);
            save(u.withPassword(password.isEmpty() ? u.password() : sha1(password), d), "Cannot change the authentication driver.");
        }
    }

    /** one.user.chgrp: the user's new (primary and only) group; oneadmin stays in oneadmin. */
    public void chgrp(int id, int gid) throws OneError {
        synchronized (lock) {
            User u = info(id);
            if (id == 0 && gid != 0)
                throw new OneError(OneError.INTERNAL, "USER [0] oneadmin cannot be moved outside of the GROUP [0] oneadmin");
            save(u.withGroup(gid), "Cannot change the group.");
            LOG.log(System.Logger.Level.INFO, "user " + id + ": now in group " + gid);
        }
    }

    /** one.user.update: replaces the user's template (4.2 has no merge for users). */
    public void update(int id, String text) throws OneError {
        synchronized (lock) {
            User u = info(id);
            org.nebulaha.oned.model.Template t;
            try {
                t = org.nebulaha.oned.model.Template.parse(text);
            } catch (org.nebulaha.oned.model.Template.SyntaxException e) {
                throw new OneError(OneError.INTERNAL, "Cannot update the template. Parse error: " + e.getMessage());
            }
            save(u.withTemplate(t), "Cannot update the template.");
        }
    }

    /** one.user.quota: merges the quota template into the user's limits (not for oneadmin, as 4.2). */
    public void setQuota(int id, String text) throws OneError {
        synchronized (lock) {
            User u = info(id);
            if (id == 0) throw new OneError(OneError.ACTION, "Cannot set quotas for oneadmin user");
            save(u.withQuotas(Quotas.set(u.quotas(), text)), "Cannot set quotas.");
        }
    }

    private void save(User nu, String what) throws OneError {
        try {
            db.inTransaction(() -> db.saveUser(nu));
        } catch (SQLException e) {
            throw new OneError(OneError.INTERNAL, what + " Error writing to the DB: " + e.getMessage() + "; nothing was changed");
        }
        users.put(nu.id(), nu);
    }

    static String nameProblem(String name) {
        if (name.isEmpty()) return "Invalid NAME, it cannot be empty";
        if (name.length() > 128) return "Invalid NAME, max length is 128 chars";
        if (!name.matches("[^\\s:]+")) return "Invalid NAME '" + name + "', it cannot contain spaces or ':'";
        return null;
    }

    static String passwordProblem(String password) {
        if (password.isEmpty()) return "Invalid password, it cannot be empty";
        if (!password.matches("\\S+")) return "Invalid password, it cannot contain spaces";
        return null;
    }
}

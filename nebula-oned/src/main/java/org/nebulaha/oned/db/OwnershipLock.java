package org.nebulaha.oned.db;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Exactly one oned owns a database. SQLite: an exclusive lock on {@code var/one.db.lock} held
 * open for the life of oned (the kernel drops it when the process dies, even by kill -9).
 * PostgreSQL: a session advisory lock ({@code pg_try_advisory_lock}) on oned's connection.
 * MySQL/MariaDB: a named user lock ({@code GET_LOCK}) on oned's connection. Both server
 * locks go when the server drops oned's session (oned exits or dies, its connection breaks, or it
 * is silent for LOCK_TIMEOUT: see {@link LockKeeper}); a starting oned that finds the lock held
 * waits a bounded time for it, naming the holder, since a silent owner's session is ending.
 */
public final class OwnershipLock implements AutoCloseable {
    /** Key of the PostgreSQL advisory lock ("ONED" in ASCII). */
    static final long PG_KEY = 0x4f4e4544L;
    private static final System.Logger LOG = System.getLogger("oned.db");

    private final FileChannel channel;
    private final FileLock lock;

    private OwnershipLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Another oned holds the database. */
    public static final class HeldException extends Exception {
        public HeldException(String m) {
            super(m);
        }
    }

    static OwnershipLock sqlite(Path lockFile, Path db) throws IOException, HeldException {
        Files.createDirectories(lockFile.getParent());
        FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock l;
        try {
            l = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            l = null; // held by this very JVM
        }
        if (l == null) {
            String owner = new String(Files.readAllBytes(lockFile), StandardCharsets.UTF_8).strip();
            ch.close();
            throw new HeldException("another oned owns the database " + db + " (" + (owner.isEmpty() ? "owner unknown" : owner)
                    + "); stop it first, or give this oned its own ONE_LOCATION");
        }
        // The lock file itself must keep its identity, so it is rewritten in place (not renamed).
        ch.truncate(0);
        ch.write(java.nio.ByteBuffer.wrap(("pid " + ProcessHandle.current().pid() + " since "
                + java.time.Instant.now() + "\n").getBytes(StandardCharsets.UTF_8)), 0);
        ch.force(true);
        return new OwnershipLock(ch, l);
    }

    /** Takes the advisory lock, waiting up to {@code waitSeconds} for a holder (e.g. a silent one whose session is ending). */
    static OwnershipLock postgresql(Connection c, String desc, int waitSeconds) throws SQLException, HeldException {
        if (!pgTry(c)) {
            String holder = pgHolder(c);
            LOG.log(System.Logger.Level.WARNING, "the database " + desc + " is owned by another oned (advisory lock " + PG_KEY
                    + " held by " + holder + "); waiting up to " + waitSeconds + " s for it to be released");
            long deadline = System.nanoTime() + waitSeconds * 1_000_000_000L;
            boolean got = false;
            while (!got && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(250); // polling the server for the lock, not synchronising threads
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
                got = pgTry(c);
            }
            if (!got) {
                holder = pgHolder(c);
                c.close();
                throw new HeldException("another oned owns the database " + desc + " (advisory lock " + PG_KEY + " is held by "
                        + holder + ", waited " + waitSeconds + " s); stop it first");
            }
            LOG.log(System.Logger.Level.INFO, "took over the database " + desc + ": the previous owner's lock was released");
        }
        return new OwnershipLock(null, null); // released when the connection closes
    }

    private static boolean pgTry(Connection c) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
            p.setLong(1, PG_KEY);
            try (ResultSet r = p.executeQuery()) {
                return r.next() && r.getBoolean(1);
            }
        }
    }

    /** Who holds the advisory lock: the server process and its client's address, as pg_stat_activity shows them. */
    private static String pgHolder(Connection c) {
        // a bigint advisory key is stored as classid (high 32 bits) and objid (low 32 bits), objsubid 1
        try (PreparedStatement p = c.prepareStatement("SELECT l.pid, a.client_addr, a.client_port, a.backend_start FROM pg_locks l"
                + " LEFT JOIN pg_stat_activity a ON a.pid = l.pid WHERE l.locktype = 'advisory' AND l.granted"
                + " AND l.classid = 0 AND l.objid = ? AND l.objsubid = 1")) {
            p.setLong(1, PG_KEY);
            try (ResultSet r = p.executeQuery()) {
                if (!r.next()) return "a session that just ended";
                return "server process " + r.getInt(1) + " of client " + r.getString(2) + ":" + r.getInt(3) + " since " + r.getString(4);
            }
        } catch (SQLException e) {
            return "an unknown session (" + e.getMessage() + ")";
        }
    }

    /** The name of the MySQL lock: user locks are server-wide, so it names the database (at most 64 characters). */
    static String mysqlLockName(String dbName) {
        String name = "nebula-ha oned " + dbName;
        return name.length() <= 64 ? name : name.substring(0, 64);
    }

    /** Takes the named lock, waiting up to {@code waitSeconds} for a holder (e.g. a silent one whose session is ending). */
    static OwnershipLock mysql(Connection c, String dbName, String desc, int waitSeconds) throws SQLException, HeldException {
        String name = mysqlLockName(dbName);
        if (!mysqlGet(c, name, 0)) {
            LOG.log(System.Logger.Level.WARNING, "the database " + desc + " is owned by another oned (lock '" + name + "' held by "
                    + mysqlHolder(c, name) + "); waiting up to " + waitSeconds + " s for it to be released");
            if (!mysqlGet(c, name, waitSeconds)) {
                String holder = mysqlHolder(c, name);
                c.close();
                throw new HeldException("another oned owns the database " + desc + " (lock '" + name + "' is held by " + holder
                        + ", waited " + waitSeconds + " s); stop it first");
            }
            LOG.log(System.Logger.Level.INFO, "took over the database " + desc + ": the previous owner's lock was released");
        }
        return new OwnershipLock(null, null); // released when the connection closes
    }

    /** GET_LOCK: 1 = taken, 0 = held by another session until the timeout, NULL = error. */
    private static boolean mysqlGet(Connection c, String name, int timeoutSeconds) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT GET_LOCK(?, ?)")) {
            p.setString(1, name);
            p.setInt(2, timeoutSeconds);
            try (ResultSet r = p.executeQuery()) {
                int got = r.next() ? r.getInt(1) : 0;
                // NULL is the server's own failure (out of memory, the session killed): not another owner
                if (r.wasNull()) throw new SQLException("GET_LOCK('" + name + "') failed on the server (it returned NULL)");
                return got == 1;
            }
        }
    }

    /** Who holds the lock: its connection id and, when the server shows it, the client's host. */
    private static String mysqlHolder(Connection c, String name) {
        try (PreparedStatement p = c.prepareStatement("SELECT l.id, (SELECT host FROM information_schema.PROCESSLIST WHERE id = l.id)"
                + " FROM (SELECT IS_USED_LOCK(?) AS id) l")) {
            p.setString(1, name);
            try (ResultSet r = p.executeQuery()) {
                if (!r.next() || r.getLong(1) == 0) return "a session that just ended";
                String host = r.getString(2);
                return "connection " + r.getLong(1) + (host == null ? "" : " from " + host);
            }
        } catch (SQLException e) {
            return "an unknown session (" + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        try {
            if (lock != null) lock.release();
            if (channel != null) channel.close();
        } catch (IOException ignored) {
            // closing the channel releases the lock anyway
        }
    }
}

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
 * MySQL/MariaDB: a named user lock ({@code GET_LOCK(name, 0)}) on oned's connection. Both server
 * locks go when the server drops oned's session (oned exits or dies, or its connection breaks).
 */
public final class OwnershipLock implements AutoCloseable {
    /** Key of the PostgreSQL advisory lock ("ONED" in ASCII). */
    static final long PG_KEY = 0x4f4e4544L;

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

    static OwnershipLock postgresql(Connection c, String desc) throws SQLException, HeldException {
        try (PreparedStatement p = c.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
            p.setLong(1, PG_KEY);
            try (ResultSet r = p.executeQuery()) {
                if (!r.next() || !r.getBoolean(1)) {
                    c.close();
                    throw new HeldException("another oned owns the database " + desc
                            + " (advisory lock " + PG_KEY + " is held); stop it first");
                }
            }
        }
        return new OwnershipLock(null, null); // released when the connection closes
    }

    /** The name of the MySQL lock: user locks are server-wide, so it names the database (at most 64 characters). */
    static String mysqlLockName(String dbName) {
        String name = "nebula-ha oned " + dbName;
        return name.length() <= 64 ? name : name.substring(0, 64);
    }

    static OwnershipLock mysql(Connection c, String dbName, String desc) throws SQLException, HeldException {
        String name = mysqlLockName(dbName);
        // timeout 0: answer at once; 1 = taken, 0 = held by another session, NULL = error
        try (PreparedStatement p = c.prepareStatement("SELECT GET_LOCK(?, 0), IS_USED_LOCK(?)")) {
            p.setString(1, name);
            p.setString(2, name);
            try (ResultSet r = p.executeQuery()) {
                if (!r.next() || r.getInt(1) != 1) {
                    long holder = r.getRow() > 0 ? r.getLong(2) : 0;
                    c.close();
                    throw new HeldException("another oned owns the database " + desc + " (lock '" + name + "' is held"
                            + (holder > 0 ? " by connection " + holder : "") + "); stop it first");
                }
            }
        }
        return new OwnershipLock(null, null); // released when the connection closes
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

package org.nebulaha.oned.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Makes the server end oned's session after LOCK_TIMEOUT seconds of silence, so a powered-off
 * owner (no TCP reset reaches the server) frees the ownership lock within that bound instead of
 * after the server's defaults (MariaDB wait_timeout: 8 hours; TCP keepalive: 2 hours). The living
 * oned pings well within the bound ({@link LockKeeper}).
 */
final class SessionTimeouts {
    private static final System.Logger LOG = System.getLogger("oned.db");

    private SessionTimeouts() {}

    /** wait_timeout: the server closes a session that sent no command for that long (in or out of a transaction). */
    static void mysql(Connection c, int seconds) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("SET SESSION wait_timeout = " + seconds + ", interactive_timeout = " + seconds);
        }
    }

    /**
     * idle_in_transaction_session_timeout (9.6+) and idle_session_timeout (14+) end an idle session
     * on the server's own clock; the TCP settings also end it when the client's host vanishes while
     * the server is sending (tcp_user_timeout, 12+) or idle (keepalives). A setting the server does
     * not know is skipped with a warning.
     */
    static void postgresql(Connection c, int seconds) throws SQLException {
        int ms = seconds * 1000;
        int idle = Math.max(1, seconds / 2);
        String[] settings = {
            "idle_in_transaction_session_timeout = " + ms,
            "idle_session_timeout = " + ms,
            "tcp_user_timeout = " + ms,
            "tcp_keepalives_idle = " + idle,
            "tcp_keepalives_interval = 1",
            "tcp_keepalives_count = " + Math.max(1, seconds - idle),
        };
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(true); // a refused SET must not abort a transaction
        try (Statement s = c.createStatement()) {
            for (String setting : settings) {
                try {
                    s.execute("SET " + setting);
                } catch (SQLException e) {
                    LOG.log(System.Logger.Level.WARNING, "PostgreSQL refused SET " + setting + " (" + e.getMessage()
                            + "); a silent oned's lock may outlive LOCK_TIMEOUT");
                }
            }
        } finally {
            c.setAutoCommit(auto);
        }
    }
}

package org.nebulaha.oned.db;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DialectTest {
    @Test
    void sqliteAndPostgresqlKeepTheStatementAsWritten() {
        String upsert = "INSERT INTO t (oid, a) VALUES (?, ?) ON CONFLICT (oid) DO UPDATE SET a = excluded.a";
        assertThat(Dialect.SQLITE.sql(upsert)).isEqualTo(upsert);
        assertThat(Dialect.POSTGRESQL.sql(upsert)).isEqualTo(upsert);
    }

    @Test
    void mysqlUpsertsOnTheDuplicateKey() {
        assertThat(Dialect.MYSQL.sql("INSERT INTO history (vid, seq, etime, reason) VALUES (?,?,?,?)"
                + " ON CONFLICT (vid, seq) DO UPDATE SET etime = excluded.etime, reason = excluded.reason"))
                .isEqualTo("INSERT INTO history (vid, seq, etime, reason) VALUES (?,?,?,?)"
                        + " ON DUPLICATE KEY UPDATE etime = VALUES(etime), reason = VALUES(reason)");
    }

    @Test
    void mysqlTablesAreTransactionalCaseSensitiveAndHoldLongText() {
        assertThat(Dialect.MYSQL.sql("CREATE TABLE user_pool (oid INTEGER PRIMARY KEY, name VARCHAR(128) UNIQUE, password TEXT)"))
                .isEqualTo("CREATE TABLE user_pool (oid INTEGER PRIMARY KEY, name VARCHAR(128) UNIQUE, password LONGTEXT)"
                        + " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin");
        assertThat(Dialect.MYSQL.sql("ALTER TABLE vm_pool ADD COLUMN uname TEXT DEFAULT 'oneadmin'"))
                .isEqualTo("ALTER TABLE vm_pool ADD COLUMN uname LONGTEXT DEFAULT 'oneadmin'");
        // data is not DDL: a value containing the word stays as it is
        assertThat(Dialect.MYSQL.sql("INSERT INTO db_versioning VALUES (1, 1, 0, 'TEXT')")).isEqualTo("INSERT INTO db_versioning VALUES (1, 1, 0, 'TEXT')");
    }

    @Test
    void theMysqlLockNamesTheDatabaseWithinMysqlsLimit() {
        assertThat(OwnershipLock.mysqlLockName("opennebula")).isEqualTo("nebula-ha oned opennebula");
        assertThat(OwnershipLock.mysqlLockName("d".repeat(80))).hasSize(64);
    }
}

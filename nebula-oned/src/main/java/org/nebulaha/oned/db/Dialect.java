package org.nebulaha.oned.db;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one place where oned's SQL differs by backend. Statements are written once, in the
 * SQLite/PostgreSQL spelling they share; for MySQL/MariaDB they are rewritten here:
 * <ul>
 * <li>upserts: {@code ON CONFLICT (k) DO UPDATE SET a = excluded.a} becomes
 *     {@code ON DUPLICATE KEY UPDATE a = VALUES(a)} (every table's conflict target is its
 *     primary key, which is what MySQL's form keys on);</li>
 * <li>{@code TEXT} becomes {@code LONGTEXT} (MySQL's TEXT stops at 64 KiB; a VM template or a host's
 *     monitoring can outgrow it);</li>
 * <li>new tables are InnoDB (transactions) with a binary collation, so that names compare and stay
 *     unique exactly as in SQLite and PostgreSQL (MySQL's default collation ignores case).</li>
 * </ul>
 */
enum Dialect {
    SQLITE, POSTGRESQL, MYSQL;

    private static final Pattern UPSERT = Pattern.compile("ON CONFLICT \\([^)]*\\) DO UPDATE SET", Pattern.CASE_INSENSITIVE);
    private static final Pattern EXCLUDED = Pattern.compile("\\bexcluded\\.(\\w+)", Pattern.CASE_INSENSITIVE);
    private static final Pattern TEXT = Pattern.compile("\\bTEXT\\b");
    private static final Pattern CREATE_TABLE = Pattern.compile("^\\s*CREATE TABLE\\b", Pattern.CASE_INSENSITIVE);

    static Dialect of(String backend) {
        return switch (backend) {
            case "postgresql" -> POSTGRESQL;
            case "mysql" -> MYSQL;
            default -> SQLITE;
        };
    }

    /** {@code sql} as this backend spells it. */
    String sql(String sql) {
        if (this != MYSQL) return sql;
        String out = UPSERT.matcher(sql).replaceAll("ON DUPLICATE KEY UPDATE");
        out = EXCLUDED.matcher(out).replaceAll(m -> "VALUES(" + Matcher.quoteReplacement(m.group(1)) + ")");
        boolean ddl = CREATE_TABLE.matcher(out).find() || out.stripLeading().toUpperCase(java.util.Locale.ROOT).startsWith("ALTER TABLE");
        if (ddl) out = TEXT.matcher(out).replaceAll("LONGTEXT");
        if (CREATE_TABLE.matcher(out).find()) out = out + " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin";
        return out;
    }
}

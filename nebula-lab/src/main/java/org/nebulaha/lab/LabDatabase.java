package org.nebulaha.lab;

import java.util.List;
import java.util.Locale;

/**
 * oned's database in the lab. {@code pgsql} (the default of the namespace lab): every node keeps its
 * own PostgreSQL data folder ({@code /var/lib/postgresql/15/nebula} in its /var/lib overlay), managed
 * by the cluster's {@code pgsql} resource in the opennebula service: the owner holds the primary, the
 * other node a synchronous standby, and oned reaches the owner's primary on 127.0.0.1:5432.
 * {@code sqlite-shared} (the older layout, kept for comparison, and the loopback lab's only one): one SQLite file in the
 * shared ONE_LOCATION.
 */
enum LabDatabase {
    PGSQL, SQLITE_SHARED;

    static final String RESOURCE = "onedb";
    static final String REPL_PASSWORD_FILE = "/etc/cluster/pgsql_repl.pass";
    static final String DB_PASSWORD_FILE = "/etc/cluster/pgsql_db.pass";

    static LabDatabase parse(String s) {
        return switch (s.strip().toLowerCase(Locale.ROOT)) {
            case "pgsql", "postgresql" -> PGSQL;
            case "sqlite-shared" -> SQLITE_SHARED;
            default -> throw new LabException("--db must be pgsql (replicated PostgreSQL, the default) or sqlite-shared (one shared SQLite file), not '" + s + "'");
        };
    }

    String word() {
        return this == PGSQL ? "pgsql" : "sqlite-shared";
    }

    /** The distribution's oned.conf with its DB line replaced by the owner's local PostgreSQL. */
    static String onedConf(String distConf, String password) {
        String db = "DB = [ BACKEND = \"postgresql\", SERVER = \"127.0.0.1\", PORT = 5432, USER = \"oneadmin\", PASSWD = \""
                + password + "\", DB_NAME = \"opennebula\" ]";
        if (distConf.matches("(?s).*(?m:^DB\\s*=.*$).*")) return distConf.replaceAll("(?m)^DB\\s*=.*$", java.util.regex.Matcher.quoteReplacement(db));
        return distConf + "\n" + db + "\n";
    }

    /** The ccs commands that add the resource (before the service's subservices are added). */
    static List<String> addResource() {
        return List.of("--addresource", "pgsql", "name=" + RESOURCE, "db_name=opennebula", "db_user=oneadmin",
                "db_password_file=" + DB_PASSWORD_FILE, "repl_password_file=" + REPL_PASSWORD_FILE);
    }

    static List<String> addSubservice() {
        return List.of("--addsubservice", "opennebula", "pgsql", "ref=" + RESOURCE);
    }
}

package org.nebulaha.oned.daemon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nebulaha.oned.model.Template;

/**
 * oned.conf: OpenNebula's {@code KEY = value} / {@code KEY = [ A = "x", ... ]} syntax. Unknown
 * keys are ignored (OpenNebula's file has many we do not use); known keys are checked when the
 * file is loaded and a bad value refuses the file with its name and the key.
 */
public record OnedConf(int port, String listenAddress, Db db, int monitoringInterval, boolean autoRecover,
                       boolean legacyFailed, int cacheSize, int probeTimeout,
                       List<Mad> vmMads, List<Mad> imMads, Mad tmMad) {

    /**
     * DB = [ BACKEND = "sqlite" ] or [ BACKEND = "postgresql" or "mysql", SERVER, PORT, USER, PASSWD, DB_NAME,
     * LOCK_TIMEOUT ]. LOCK_TIMEOUT (our addition, seconds) bounds how long the server keeps a silent
     * oned's session, so its ownership lock (see docs/oned.md).
     */
    public record Db(String backend, String server, int port, String user, String passwd, String dbName, int lockTimeout) {
        public static final int DEFAULT_LOCK_TIMEOUT = 10;

        public Db(String backend, String server, int port, String user, String passwd, String dbName) {
            this(backend, server, port, user, passwd, dbName, DEFAULT_LOCK_TIMEOUT);
        }
    }

    /** A driver: VM_MAD / IM_MAD / TM_MAD = [ NAME = "dummy", EXECUTABLE = "one_vmm_dummy", ARGUMENTS = "" ]. */
    public record Mad(String name, String executable, String arguments) {}

    public static final String DEFAULT = """
            # oned.conf for nebula-ha's oned (OpenNebula's syntax; see docs/oned.md)

            PORT = 2633
            LISTEN_ADDRESS = "0.0.0.0"

            # Host monitoring period in seconds.
            MONITORING_INTERVAL = 300

            # SQLite in var/one.db (default), or PostgreSQL or MySQL/MariaDB for HA deployments:
            # DB = [ BACKEND = "postgresql", SERVER = "localhost", PORT = 5432,
            #        USER = "oneadmin", PASSWD = "oneadmin", DB_NAME = "opennebula" ]
            # DB = [ BACKEND = "mysql", SERVER = "localhost", PORT = 3306,
            #        USER = "oneadmin", PASSWD = "oneadmin", DB_NAME = "opennebula" ]
            # With a server, LOCK_TIMEOUT = 10 (seconds, optional, nebula-ha's addition) bounds how long
            # the server keeps a silent (powered-off) oned's session and so its ownership lock.
            DB = [ BACKEND = "sqlite" ]

            # Recently used VMs kept in memory.
            VM_CACHE_SIZE = 5000

            # After a crash, settle VMs left in transient states from the drivers' record:
            # "yes" does it at start-up; "no" only reports them (use: onevm recover --auto).
            AUTO_RECOVER = "no"

            # Seconds to wait for a driver to answer a PROBE during automatic recovery.
            PROBE_TIMEOUT = 10

            # "failure" parks a VM whose PROLOG/BOOT/EPILOG failed in the *_FAILURE state
            # (recover --retry possible, OpenNebula 4.14+); "failed" moves it to FAILED as 4.2 did.
            ON_DRIVER_FAILURE = "failure"

            IM_MAD = [ NAME = "dummy", EXECUTABLE = "one_im_dummy" ]
            VM_MAD = [ NAME = "dummy", EXECUTABLE = "one_vmm_dummy", TYPE = "xml" ]
            TM_MAD = [ NAME = "dummy", EXECUTABLE = "one_tm_dummy" ]
            """;

    public static OnedConf load(Path file) throws IOException, ConfException {
        Template t;
        try {
            t = Template.parse(Files.readString(file));
        } catch (Template.SyntaxException e) {
            throw new ConfException(file + ": " + e.getMessage());
        }
        return from(t, file.toString());
    }

    public static OnedConf from(Template t, String where) throws ConfException {
        int port = intOf(t, "PORT", 2633, 0, 65535, where);
        String listen = last(t, "LISTEN_ADDRESS").orElse("0.0.0.0");
        Db db = db(t, where);
        int mon = intOf(t, "MONITORING_INTERVAL", 300, 1, 86400, where);
        boolean auto = yesNo(t, "AUTO_RECOVER", false, where);
        String onFail = last(t, "ON_DRIVER_FAILURE").orElse("failure").toLowerCase(Locale.ROOT);
        if (!onFail.equals("failure") && !onFail.equals("failed"))
            throw new ConfException(where + ": ON_DRIVER_FAILURE = \"" + onFail + "\": use \"failure\" or \"failed\"");
        int cache = intOf(t, "VM_CACHE_SIZE", 5000, 0, 10_000_000, where);
        int probe = intOf(t, "PROBE_TIMEOUT", 10, 1, 3600, where);
        List<Mad> vm = mads(t, "VM_MAD", where), im = mads(t, "IM_MAD", where), tm = mads(t, "TM_MAD", where);
        if (tm.size() > 1) throw new ConfException(where + ": only one TM_MAD is supported, found " + tm.size());
        return new OnedConf(port, listen, db, mon, auto, onFail.equals("failed"), cache, probe, vm, im, tm.isEmpty() ? null : tm.get(0));
    }

    /** The last value of a single attribute: a setting appended to the file overrides an earlier one. */
    private static java.util.Optional<String> last(Template t, String key) {
        String v = null;
        for (Template.Attribute a : t.attributes()) if (!a.isVector() && a.name().equals(key)) v = a.value();
        return java.util.Optional.ofNullable(v);
    }

    private static Db db(Template t, String where) throws ConfException {
        List<Map<String, String>> v = t.vectors("DB");
        if (v.isEmpty()) return new Db("sqlite", "", 0, "", "", "");
        Map<String, String> m = v.get(v.size() - 1); // a later DB wins, as when appending to the default file
        String backend = m.getOrDefault("BACKEND", "sqlite").toLowerCase(Locale.ROOT);
        if (backend.equals("sqlite")) return new Db("sqlite", "", 0, "", "", "");
        if (!backend.equals("postgresql") && !backend.equals("mysql"))
            throw new ConfException(where + ": DB/BACKEND = \"" + backend + "\": use \"sqlite\", \"postgresql\" or \"mysql\"");
        int port;
        try {
            // OpenNebula's mysql PORT = 0 means the server's default port
            port = Integer.parseInt(m.getOrDefault("PORT", "0").strip());
            if (port < 0 || port > 65535) throw new NumberFormatException();
        } catch (NumberFormatException e) {
            throw new ConfException(where + ": DB/PORT = \"" + m.get("PORT") + "\": must be a whole number from 0 to 65535");
        }
        if (port == 0) port = backend.equals("mysql") ? 3306 : 5432;
        int lockTimeout;
        try {
            // at least 2 s: the keep-alive pings run every LOCK_TIMEOUT/4 seconds
            lockTimeout = Integer.parseInt(m.getOrDefault("LOCK_TIMEOUT", String.valueOf(Db.DEFAULT_LOCK_TIMEOUT)).strip());
            if (lockTimeout < 2 || lockTimeout > 3600) throw new NumberFormatException();
        } catch (NumberFormatException e) {
            throw new ConfException(where + ": DB/LOCK_TIMEOUT = \"" + m.get("LOCK_TIMEOUT") + "\": must be a whole number of seconds from 2 to 3600");
        }
        return new Db(backend, m.getOrDefault("SERVER", "localhost"), port, m.getOrDefault("USER", "oneadmin"),
                m.getOrDefault("PASSWD", ""), m.getOrDefault("DB_NAME", "opennebula"), lockTimeout);
    }

    private static List<Mad> mads(Template t, String key, String where) throws ConfException {
        List<Mad> out = new ArrayList<>();
        for (Map<String, String> m : t.vectors(key)) {
            String name = m.get("NAME"), exe = m.get("EXECUTABLE");
            if (name == null || exe == null) throw new ConfException(where + ": " + key + " needs NAME and EXECUTABLE");
            out.add(new Mad(name, exe, m.getOrDefault("ARGUMENTS", "")));
        }
        return out;
    }

    private static int intOf(Template t, String key, int def, int min, int max, String where) throws ConfException {
        String v = last(t, key).orElse(null);
        if (v == null) return def;
        try {
            int i = Integer.parseInt(v.strip());
            if (i < min || i > max) throw new NumberFormatException();
            return i;
        } catch (NumberFormatException e) {
            throw new ConfException(where + ": " + key + " = \"" + v + "\": must be a whole number from " + min + " to " + max);
        }
    }

    private static boolean yesNo(Template t, String key, boolean def, String where) throws ConfException {
        String v = last(t, key).orElse(null);
        if (v == null) return def;
        switch (v.strip().toLowerCase(Locale.ROOT)) {
            case "yes": case "true": return true;
            case "no": case "false": return false;
            default: throw new ConfException(where + ": " + key + " = \"" + v + "\": use \"yes\" or \"no\"");
        }
    }

    /** A configuration that cannot be used; the message names the file and the key. */
    public static final class ConfException extends Exception {
        public ConfException(String m) {
            super(m);
        }
    }
}

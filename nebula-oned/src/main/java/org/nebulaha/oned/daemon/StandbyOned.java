package org.nebulaha.oned.daemon;

import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.nebulaha.common.HotStandby;
import org.nebulaha.oned.driver.DriverManager;

/**
 * oned as a hot standby (docs/oned.md, "Hot standby"). Warm: the classes a start needs are loaded
 * and initialized, and the drivers of oned.conf are launched and initialized (their JVMs are most
 * of a cold start); nothing is bound and the database is not opened, so a standby never holds
 * oned's ownership lock, and with the replicated layout it does not connect to the local
 * read-only replica. Takeover is {@link Oned#start} with those drivers; giving up is
 * {@link Oned#close} (the XML-RPC server first, then the drivers, then the database and its lock).
 */
public final class StandbyOned implements HotStandby.Service {
    private static final System.Logger LOG = System.getLogger("oned");
    /** Loaded ahead; each would otherwise be loaded and initialized during the takeover. */
    private static final String[] CLASSES = {
        "org.nebulaha.oned.db.Database", "org.nebulaha.oned.db.OwnershipLock", "org.nebulaha.oned.lifecycle.Core",
        "org.nebulaha.oned.auth.UserPool", "org.nebulaha.oned.api.AccessApi", "org.nebulaha.oned.api.Api",
        "org.nebulaha.oned.api.CatalogMethods", "org.nebulaha.oned.catalog.Catalog", "org.nebulaha.oned.recover.Settler",
        "org.nebulaha.oned.xmlrpc.XmlRpcServer", "org.nebulaha.oned.xmlrpc.XmlRpcCodec",
        "org.sqlite.JDBC", "org.postgresql.Driver", "org.mariadb.jdbc.Driver",
    };

    private final OneLocation location;
    private final Consumer<String> onLockLost;
    private DriverManager.Prestarted drivers;
    private Oned oned;
    private boolean rehearsed;

    /** {@code onLockLost}: as for {@link Oned#start(OneLocation, Consumer)} (the daemon exits). */
    public StandbyOned(OneLocation location, Consumer<String> onLockLost) {
        this.location = location;
        this.onLockLost = onLockLost;
    }

    @Override
    public void warm() throws Exception {
        org.nebulaha.common.http.BoundedHttpServer.preload();
        for (String c : CLASSES) {
            try {
                Class.forName(c, true, StandbyOned.class.getClassLoader());
            } catch (ClassNotFoundException | LinkageError e) {
                // a driver that is not on the class path is simply not warmed
            }
        }
        if (!rehearsed) {
            rehearsed = true;
            rehearse();
        }
        // A spare beside a running oned (ONED_STANDBY_DRIVERS=no, from the init script) waits without
        // drivers until it has given up once: 3 more driver JVMs on the owner would cost ~130 MiB resident.
        if (!"no".equals(System.getenv("ONED_STANDBY_DRIVERS")) || givenUp) launchDrivers();
    }

    private boolean givenUp;

    private void launchDrivers() throws Exception {
        // oned.conf is read, never written: a missing one is created at the takeover, as by a cold start.
        if (drivers == null && Files.isReadable(location.onedConf()) && Files.isDirectory(location.var())) {
            drivers = DriverManager.Prestarted.launch(OnedConf.load(location.onedConf()), location.var());
            LOG.log(System.Logger.Level.INFO, "standby: drivers of " + location.onedConf() + " launched");
        }
    }

    /**
     * A whole start, one call and a stop of a throwaway oned in a temporary folder (its own SQLite
     * database, loopback, a free port, no drivers): what a takeover runs is then loaded, initialized
     * and compiled, which halves it. Nothing of the real ONE_LOCATION is touched.
     */
    private static void rehearse() throws Exception {
        Path dir = Files.createTempDirectory("oned-standby-rehearsal");
        try {
            OneLocation tmp = new OneLocation(dir.resolve("etc"), dir.resolve("var"));
            Files.createDirectories(tmp.etc());
            Files.writeString(tmp.onedConf(), "PORT = 0\nLISTEN_ADDRESS = \"127.0.0.1\"\nDB = [ BACKEND = \"sqlite\" ]\n");
            try (Oned o = Oned.start(tmp)) {
                HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + o.port() + "/RPC2").toURL().openConnection();
                c.setRequestMethod("POST");
                c.setDoOutput(true);
                c.setRequestProperty("Content-Type", "text/xml");
                c.setConnectTimeout(5000);
                c.setReadTimeout(5000);
                String session = Files.readString(tmp.oneAuth()).strip();
                try (var out = c.getOutputStream()) {
                    out.write(("<?xml version=\"1.0\"?><methodCall><methodName>one.vmpool.info</methodName><params><param><value><string>"
                            + session + "</string></value></param><param><value><i4>-2</i4></value></param><param><value><i4>-1</i4>"
                            + "</value></param><param><value><i4>-1</i4></value></param><param><value><i4>-1</i4></value></param>"
                            + "</params></methodCall>").getBytes(StandardCharsets.UTF_8));
                }
                c.getInputStream().readAllBytes();
                c.disconnect();
            }
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    @Override
    public void activate() throws Exception {
        DriverManager.Prestarted d = drivers;
        drivers = null;
        oned = Oned.start(location, onLockLost, d);
    }

    @Override
    public void deactivate() {
        if (oned != null) oned.close();
        oned = null;
        givenUp = true;
    }
}

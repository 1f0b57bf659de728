package org.nebulaha.oned.daemon;

import java.io.IOException;
import java.sql.SQLException;
import java.util.List;
import org.nebulaha.common.AtomicFiles;
import org.nebulaha.oned.api.AccessApi;
import org.nebulaha.oned.api.Api;
import org.nebulaha.oned.auth.AclPool;
import org.nebulaha.oned.auth.GroupPool;
import org.nebulaha.oned.api.CatalogMethods;
import org.nebulaha.oned.auth.UserPool;
import org.nebulaha.oned.catalog.Catalog;
import org.nebulaha.oned.db.Database;
import org.nebulaha.oned.db.OwnershipLock;
import org.nebulaha.oned.driver.DriverManager;
import org.nebulaha.oned.lifecycle.Clusters;
import org.nebulaha.oned.lifecycle.Core;
import org.nebulaha.oned.lifecycle.OneError;
import org.nebulaha.oned.model.Vm;
import org.nebulaha.oned.recover.Settler;
import org.nebulaha.oned.xmlrpc.XmlRpcServer;

/**
 * The running oned: database (with its ownership lock), core, drivers and the XML-RPC server.
 * Start-up order: lock and open the DB, start the drivers, report VMs left in transient states
 * (and settle them when AUTO_RECOVER = "yes"), then listen. Listening last means a client that
 * gets an answer sees a recovered system.
 */
public final class Oned implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("oned");

    private final OneLocation location;
    private final java.util.function.Consumer<String> onLockLost;
    private final DriverManager.Prestarted prestarted;
    private volatile boolean fenced;
    private Database db;
    private DriverManager drivers;
    private XmlRpcServer server;

    private Oned(OneLocation location, java.util.function.Consumer<String> onLockLost, DriverManager.Prestarted prestarted) {
        this.location = location;
        this.onLockLost = onLockLost;
        this.prestarted = prestarted;
    }

    /** Starts everything or throws with a message that says what to do; if its database ownership may be lost, it closes itself. */
    public static Oned start(OneLocation location) throws Exception {
        return start(location, null);
    }

    /**
     * As {@link #start(OneLocation)}; when the database session, and so the ownership lock, may be
     * lost, oned logs it and calls {@code onLockLost} on another thread
     * (the daemon exits); without one it closes itself. Another oned may own the database from then on.
     */
    public static Oned start(OneLocation location, java.util.function.Consumer<String> onLockLost) throws Exception {
        return start(location, onLockLost, null);
    }

    /** As {@link #start(OneLocation, java.util.function.Consumer)}, with drivers a hot standby launched ahead (taken or closed). */
    public static Oned start(OneLocation location, java.util.function.Consumer<String> onLockLost, DriverManager.Prestarted prestarted)
            throws Exception {
        org.nebulaha.common.http.BoundedHttpServer.preload(); // overlaps the database's start
        Oned o = new Oned(location, onLockLost, prestarted);
        try {
            o.run();
        } catch (Exception e) {
            if (prestarted != null) prestarted.close();
            o.close();
            throw e;
        }
        return o;
    }

    private void run() throws IOException, OnedConf.ConfException, SQLException, OwnershipLock.HeldException, OneError {
        location.createDefaults();
        OnedConf conf = OnedConf.load(location.onedConf());
        db = Database.open(conf.db(), location.var(), this::lockLost);
        AtomicFiles.write(location.pidFile(), ProcessHandle.current().pid() + "\n");
        String password = location.adminPassword();
        String stored = db.userPassword("oneadmin");
        if (stored != null && !stored.equals(UserPool.sha1(password)) && !stored.equals(Api.sha256(password))) {
            LOG.log(System.Logger.Level.WARNING, "the oneadmin password in " + location.oneAuth()
                    + " differs from the database's; the file's password is used (and stored)");
        }
        Core core = new Core(db, conf.legacyFailed(), conf.cacheSize());
        UserPool users = new UserPool(db, core, password);
        AccessApi access = new AccessApi(core, users, new GroupPool(db, core), new AclPool(db, core), new Clusters(core, db));
        // Templates, images, datastores, networks; what VMs hold of them is checked against the VMs.
        Catalog catalog = new Catalog(db, core, location.var());
        core.setResources(catalog);
        java.util.Set<Integer> live = new java.util.HashSet<>();
        for (Vm v : core.vmPool(-1, -1, -1)) live.add(v.id);
        catalog.reconcile(live);
        drivers = new DriverManager(core, location.var(), prestarted);
        drivers.start(conf);
        Settler settler = new Settler(core, drivers, conf.probeTimeout());
        List<Vm> stuck = settler.stuck();
        if (stuck.isEmpty()) {
            LOG.log(System.Logger.Level.INFO, "no VM is waiting for a driver operation");
        } else {
            LOG.log(System.Logger.Level.WARNING, "" + stuck.size() + " VM(s) left in transient states by the previous oned:");
            for (Vm v : stuck)
                LOG.log(System.Logger.Level.WARNING, "stuck VM " + v.id + " " + v.lcm + " (" + v.shortState() + ") waiting for "
                        + (v.pendingOp == null ? "nothing" : v.pendingOp.word) + " on "
                        + (v.current() == null ? "-" : v.current().hostname()));
            if (conf.autoRecover()) {
                settler.settle(List.of(), false);
            } else {
                LOG.log(System.Logger.Level.WARNING, "AUTO_RECOVER is \"no\": settle them with 'onevm recover --auto' or by hand");
            }
        }
        server = new XmlRpcServer(conf.listenAddress(), conf.port(), 8,
                new Api(core, settler, access, CatalogMethods.all(catalog, access, core, location.var().resolve("datastores"))));
        server.start();
        LOG.log(System.Logger.Level.INFO, "" + Api.VERSION + " listening on http://" + conf.listenAddress() + ":" + server.port()
                + "/RPC2 with " + db.description());
    }

    /** Self-fence: a lost lock means another oned may write, so this one must not serve a single further request. */
    private void lockLost(String reason) {
        fenced = true;
        LOG.log(System.Logger.Level.ERROR, "self-fence: this oned may no longer own the database (" + reason
                + "); another oned may take over; stopping now");
        Thread t = new Thread(() -> {
            if (onLockLost != null) onLockLost.accept(reason); // the daemon exits (its shutdown hook closes)
            else close();
        }, "oned-self-fence");
        t.start();
    }

    /** True once this oned stopped itself because its database ownership may be lost. */
    public boolean fenced() {
        return fenced;
    }

    public int port() {
        return server.port();
    }

    @Override
    public synchronized void close() {
        if (server != null) server.close();
        if (drivers != null) drivers.close();
        if (db != null) db.close();
        server = null;
        drivers = null;
        db = null;
    }
}

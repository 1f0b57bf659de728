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
    private Database db;
    private DriverManager drivers;
    private XmlRpcServer server;

    private Oned(OneLocation location) {
        this.location = location;
    }

    /** Starts everything or throws with a message that says what to do. */
    public static Oned start(OneLocation location) throws Exception {
        org.nebulaha.common.http.BoundedHttpServer.preload(); // overlaps the database's start
        Oned o = new Oned(location);
        try {
            o.run();
        } catch (Exception e) {
            o.close();
            throw e;
        }
        return o;
    }

    private void run() throws IOException, OnedConf.ConfException, SQLException, OwnershipLock.HeldException, OneError {
        location.createDefaults();
        OnedConf conf = OnedConf.load(location.onedConf());
        db = Database.open(conf.db(), location.var());
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
        drivers = new DriverManager(core, location.var());
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

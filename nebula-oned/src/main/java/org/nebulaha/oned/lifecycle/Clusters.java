package org.nebulaha.oned.lifecycle;

import static org.nebulaha.oned.xmlrpc.XmlRpcCodec.escape;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.nebulaha.oned.db.AccessDb;
import org.nebulaha.oned.db.Database;
import org.nebulaha.oned.model.Cluster;
import org.nebulaha.oned.model.Host;

/**
 * oned's clusters (one.cluster.*), as 4.2: a cluster groups hosts, datastores and virtual
 * networks; new clusters are numbered from 100; a host is in at most one cluster (adding it to
 * another moves it) and shows it as CLUSTER_ID/CLUSTER; a cluster that still has members cannot
 * be deleted. Host membership lives on the host (the core's hosts, under the core's lock);
 * datastore and network ids are kept as lists (those objects are not checked here).
 */
public final class Clusters {
    private static final System.Logger LOG = System.getLogger("oned.clusters");
    private final Core core;
    private final Database db;
    private final AccessDb tables;
    private final Map<Integer, Cluster> clusters = new TreeMap<>();

    public Clusters(Core core, Database db) throws SQLException {
        this.core = core;
        this.db = db;
        this.tables = new AccessDb(db);
        synchronized (core) {
            for (Cluster c : tables.loadClusters()) clusters.put(c.id(), c);
            for (Host h : core.hosts.values()) h.clusterName = name(h.clusterId);
        }
    }

    /** The cluster, or NO_EXISTS. */
    public Cluster info(int id) throws OneError {
        synchronized (core) {
            Cluster c = clusters.get(id);
            if (c == null) throw new OneError(OneError.NO_EXISTS, "Error getting cluster [" + id + "].");
            return c;
        }
    }

    public int allocate(String name) throws OneError {
        synchronized (core) {
            if (name.isBlank() || !name.matches("[^\\s:]{1,128}"))
                throw new OneError(OneError.INTERNAL, "Error allocating a new cluster. Invalid NAME '" + name + "': no spaces or ':', at most 128 chars");
            for (Cluster c : clusters.values())
                if (c.name().equals(name)) throw new OneError(OneError.INTERNAL, "Error allocating a new cluster. NAME is already taken by CLUSTER " + c.id() + ".");
            try {
                int id = db.nextOid("cluster_pool");
                Cluster c = new Cluster(id, name, List.of(), List.of());
                db.inTransaction(() -> tables.saveCluster(c));
                clusters.put(id, c);
                LOG.log(System.Logger.Level.INFO, "cluster " + id + ": created " + name);
                return id;
            } catch (SQLException e) {
                throw new OneError(OneError.INTERNAL, "Error allocating a new cluster. Error writing to the DB: " + e.getMessage());
            }
        }
    }

    public void delete(int id) throws OneError {
        synchronized (core) {
            Cluster c = info(id);
            List<Integer> hosts = hosts(id);
            if (!hosts.isEmpty() || !c.datastores().isEmpty() || !c.vnets().isEmpty())
                throw new OneError(OneError.ACTION, "Cannot delete cluster. Cluster " + id + " is not empty: hosts " + hosts
                        + ", datastores " + c.datastores() + ", vnets " + c.vnets());
            try {
                db.inTransaction(() -> tables.deleteCluster(id));
            } catch (SQLException e) {
                throw new OneError(OneError.INTERNAL, "Cannot delete cluster. Error writing to the DB: " + e.getMessage());
            }
            clusters.remove(id);
            LOG.log(System.Logger.Level.INFO, "cluster " + id + ": deleted " + c.name());
        }
    }

    /** one.cluster.addhost (in: true) / delhost (in: false). */
    public void host(int id, int hostId, boolean in) throws OneError {
        synchronized (core) {
            info(id);
            Host h = core.hosts.get(hostId);
            if (h == null) throw new OneError(OneError.NO_EXISTS, "Error getting host [" + hostId + "].");
            if (!in && h.clusterId != id)
                throw new OneError(OneError.INTERNAL, "Cannot remove host " + hostId + " from cluster " + id + ": it is not in it (CLUSTER_ID " + h.clusterId + ")");
            int to = in ? id : -1;
            try {
                db.inTransaction(() -> tables.setHostCluster(hostId, to));
            } catch (SQLException e) {
                throw new OneError(OneError.INTERNAL, "Error writing host " + hostId + "'s cluster to the DB: " + e.getMessage());
            }
            h.clusterId = to;
            h.clusterName = name(to);
            LOG.log(System.Logger.Level.INFO, "host " + hostId + ": cluster " + to);
        }
    }

    /** one.cluster.adddatastore / deldatastore (datastore: true) and addvnet / delvnet. */
    public void member(int id, boolean datastore, int objectId, boolean in) throws OneError {
        synchronized (core) {
            Cluster c = info(id);
            List<Integer> ds = new ArrayList<>(c.datastores()), nets = new ArrayList<>(c.vnets());
            List<Integer> list = datastore ? ds : nets;
            String what = datastore ? "datastore" : "vnet";
            if (objectId < 0) throw new OneError(OneError.XML_RPC_API, "Wrong " + what + " id " + objectId);
            if (in) {
                for (Cluster other : clusters.values())
                    if (other.id() != id && (datastore ? other.datastores() : other.vnets()).contains(objectId))
                        throw new OneError(OneError.INTERNAL, what + " " + objectId + " is in cluster " + other.id() + "; remove it there first");
                if (!list.contains(objectId)) list.add(objectId);
            } else if (!list.remove(Integer.valueOf(objectId))) {
                throw new OneError(OneError.INTERNAL, what + " " + objectId + " is not in cluster " + id);
            }
            Cluster nc = new Cluster(id, c.name(), ds, nets);
            try {
                db.inTransaction(() -> tables.saveCluster(nc));
            } catch (SQLException e) {
                throw new OneError(OneError.INTERNAL, "Error writing cluster " + id + " to the DB: " + e.getMessage());
            }
            clusters.put(id, nc);
        }
    }

    /** The name a host document shows as CLUSTER ("" for none). */
    public String name(int id) {
        synchronized (core) {
            Cluster c = clusters.get(id);
            return c == null ? "" : c.name();
        }
    }

    /** The host's CLUSTER_ID (-1: none or no such host). */
    public int hostCluster(int hostId) {
        synchronized (core) {
            Host h = core.hosts.get(hostId);
            return h == null ? -1 : h.clusterId;
        }
    }

    private List<Integer> hosts(int id) {
        List<Integer> out = new ArrayList<>();
        for (Host h : core.hosts.values()) if (h.clusterId == id) out.add(h.id);
        return out;
    }

    /** 4.2's cluster document. */
    public String document(int id) throws OneError {
        synchronized (core) {
            Cluster c = info(id);
            StringBuilder sb = new StringBuilder("<CLUSTER><ID>").append(id).append("</ID><NAME>").append(escape(c.name()))
                    .append("</NAME><SYSTEM_DS>-1</SYSTEM_DS>");
            ids(sb, "HOSTS", hosts(id));
            ids(sb, "DATASTORES", c.datastores());
            ids(sb, "VNETS", c.vnets());
            return sb.append("<TEMPLATE/></CLUSTER>").toString();
        }
    }

    public String poolDocument() throws OneError {
        synchronized (core) {
            StringBuilder sb = new StringBuilder("<CLUSTER_POOL>");
            for (int id : clusters.keySet()) sb.append(document(id));
            return sb.append("</CLUSTER_POOL>").toString();
        }
    }

    public List<Integer> ids() {
        synchronized (core) {
            return new ArrayList<>(clusters.keySet());
        }
    }

    private static void ids(StringBuilder sb, String root, List<Integer> ids) {
        sb.append('<').append(root).append('>');
        for (int i : ids) sb.append("<ID>").append(i).append("</ID>");
        sb.append("</").append(root).append('>');
    }
}

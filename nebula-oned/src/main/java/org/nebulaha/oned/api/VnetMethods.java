package org.nebulaha.oned.api;

import java.util.List;
import java.util.Map;
import org.nebulaha.oned.auth.UserPool;
import org.nebulaha.oned.catalog.Catalog;
import org.nebulaha.oned.lifecycle.OneError;
import org.nebulaha.oned.model.User;
import org.nebulaha.oned.model.Vnet;

/** one.vn.* and one.vnpool.info (4.2 vnet.xsd); lease rules live in {@link org.nebulaha.oned.catalog.Networks}. */
final class VnetMethods extends PoolMethods<Vnet> {
    private final Catalog catalog;

    VnetMethods(Catalog catalog, AccessApi access) {
        super(catalog.vnets, access, "NET");
        this.catalog = catalog;
    }

    @Override
    public Map<String, String[]> signatures() {
        return Map.ofEntries(
                Map.entry("one.vn.allocate", new String[] {"VirtualNetworkAllocate", "s?i"}),
                Map.entry("one.vn.delete", new String[] {"VirtualNetworkDelete", "i"}),
                Map.entry("one.vn.info", new String[] {"VirtualNetworkInfo", "i"}),
                Map.entry("one.vn.update", new String[] {"VirtualNetworkUpdateTemplate", "is"}),
                Map.entry("one.vn.addleases", new String[] {"VirtualNetworkAddLeases", "is"}),
                Map.entry("one.vn.rmleases", new String[] {"VirtualNetworkRemoveLeases", "is"}),
                Map.entry("one.vn.hold", new String[] {"VirtualNetworkHold", "is"}),
                Map.entry("one.vn.release", new String[] {"VirtualNetworkRelease", "is"}),
                Map.entry("one.vn.chown", new String[] {"VirtualNetworkChown", "iii"}),
                Map.entry("one.vn.chmod", new String[] {"VirtualNetworkChmod", "iiiiiiiiii"}),
                Map.entry("one.vn.rename", new String[] {"VirtualNetworkRename", "is"}),
                Map.entry("one.vnpool.info", new String[] {"VirtualNetworkPoolInfo", "?i?i?i"}));
    }

    /** Any user may create networks (4.2's default ACL); the rest by the network's permissions. */
    @Override
    void authorize(User u, Vnet n, String op) throws OneError {
        byPermissions(u, n, op);
    }

    @Override
    String document(Vnet n, boolean extended) {
        return n.toXml(extended);
    }

    @Override
    String poolRoot() {
        return "VNET_POOL";
    }

    @Override
    public Object call(String m, List<Object> a, User u) throws OneError {
        switch (m) {
            case "one.vn.allocate":
                authorize(u, null, "CREATE");
                if (a.size() > 1 && i(a, 1) != -1) throw new OneError(OneError.NO_EXISTS, "Error getting cluster [" + i(a, 1) + "].");
                return catalog.networkOps.allocate(u.id(), u.name(), (String) a.get(0));
            case "one.vn.delete":
                synchronized (store.lock()) {
                    get(u, i(a, 0), "MANAGE");
                    catalog.networkOps.delete(i(a, 0));
                }
                return i(a, 0);
            case "one.vn.addleases": case "one.vn.rmleases": case "one.vn.hold": case "one.vn.release":
                synchronized (store.lock()) {
                    get(u, i(a, 0), "MANAGE");
                    catalog.networkOps.leases(i(a, 0), m.substring("one.vn.".length()), (String) a.get(1));
                }
                return i(a, 0);
            case "one.vnpool.info": return pool(u, a);
            default: return common("one.vn", m, a, u);
        }
    }
}

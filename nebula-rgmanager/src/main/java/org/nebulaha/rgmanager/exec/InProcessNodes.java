package org.nebulaha.rgmanager.exec;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.nebulaha.rgmanager.model.ServiceTable;

/** A {@link NodeChannel} to resource managers in this JVM (tests, single-process labs). */
public final class InProcessNodes implements NodeChannel {
    private final Map<String, LocalResourceManager> nodes = new ConcurrentHashMap<>();

    public void add(LocalResourceManager m) {
        nodes.put(m.node(), m);
    }

    public void remove(String node) {
        nodes.remove(node);
    }

    @Override
    public Result start(String node, String service) {
        LocalResourceManager m = nodes.get(node);
        return m == null ? Result.UNREACHABLE : map(m.start(service));
    }

    @Override
    public Result stop(String node, String service) {
        LocalResourceManager m = nodes.get(node);
        return m == null ? Result.UNREACHABLE : map(m.stop(service));
    }

    @Override
    public Result restart(String node, String service) {
        LocalResourceManager m = nodes.get(node);
        return m == null ? Result.UNREACHABLE : map(m.restart(service));
    }

    @Override
    public void setFrozen(String node, String service, boolean frozen) {
        LocalResourceManager m = nodes.get(node);
        if (m != null) m.setFrozen(service, frozen);
    }

    @Override
    public void publish(String node, ServiceTable table) {
        LocalResourceManager m = nodes.get(node);
        if (m != null) m.acceptTable(table);
    }

    static Result map(LocalResourceManager.OpResult r) {
        return switch (r) {
            case OK -> Result.OK;
            case START_FAILED -> Result.START_FAILED;
            case STOP_FAILED -> Result.STOP_FAILED;
        };
    }
}

package org.nebulaha.rgmanager.exec;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.nebulaha.conf.model.ClusterConf;
import org.nebulaha.conf.model.Resource;
import org.nebulaha.conf.model.Service;
import org.nebulaha.rgmanager.agent.AgentResult;
import org.nebulaha.rgmanager.agent.PgsqlAgent;
import org.nebulaha.rgmanager.agent.ServiceTree;
import org.nebulaha.rgmanager.model.ServiceRecord;
import org.nebulaha.rgmanager.model.ServiceState;

/**
 * The standby half of the {@code pgsql} resource: on every member of a service's failover domain
 * that does not own the started service, keeps a standby following the owner's primary (the node
 * daemon calls {@link #tick} every couple of seconds). A node that comes back rejoins this way on its
 * own. Failures are logged when their message changes, not at every tick.
 */
public final class StandbyKeeper {
    private static final System.Logger LOG = System.getLogger("rgmanager.pgsql");
    private static final Duration FOLLOW_TIMEOUT = Duration.ofMinutes(5);
    private final String self;
    private final Supplier<ClusterConf> conf;
    private final Supplier<Map<String, ServiceRecord>> table;
    private final PgsqlAgent agent;
    private final Map<String, String> last = new ConcurrentHashMap<>();

    public StandbyKeeper(String self, Supplier<ClusterConf> conf, Supplier<Map<String, ServiceRecord>> table, PgsqlAgent agent) {
        this.self = self;
        this.conf = conf;
        this.table = table;
        this.agent = agent;
    }

    public void tick() {
        ClusterConf c = conf.get();
        Map<String, ServiceRecord> t = table.get();
        for (Service s : c.rm().services()) {
            ServiceRecord rec = t.get(s.name());
            if (rec == null || rec.state() != ServiceState.STARTED || rec.owner().isEmpty() || rec.owner().get().equals(self)) continue;
            boolean member = s.domain().flatMap(d -> c.rm().failoverDomain(d)).map(d -> d.contains(self)).orElse(true);
            if (!member) continue;
            for (Resource r : ServiceTree.startOrder(s.resources())) {
                if (!r.type().equals("pgsql")) continue;
                AgentResult a = agent.follow(r, rec.owner().get(), FOLLOW_TIMEOUT);
                String was = last.put(r.id(), a.toString());
                if (!a.toString().equals(was))
                    LOG.log(a.isOk() ? System.Logger.Level.INFO : System.Logger.Level.ERROR, "pgsql: " + s.id() + " " + r.id() + ": " + a);
            }
        }
    }
}

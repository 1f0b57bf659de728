package org.nebulaha.rgmanager.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nebulaha.conf.model.Resource;

/**
 * The {@code ocf} resource: any OCF resource agent, e.g. from Debian's {@code resource-agents}:
 * <pre>&lt;ocf name="vip" agent="heartbeat/IPaddr2" ip="10.77.0.50" cidr_netmask="24"/&gt;</pre>
 * runs {@code $OCF_ROOT/resource.d/heartbeat/IPaddr2 start|stop|monitor|meta-data} with
 * {@code OCF_RESKEY_<attribute>} for every attribute but {@code name}, {@code agent} and rgmanager's
 * {@code __*} ones, plus OCF_ROOT, OCF_RA_VERSION_MAJOR/MINOR, OCF_RESOURCE_INSTANCE,
 * OCF_RESOURCE_TYPE, OCF_RESOURCE_PROVIDER, OCF_CHECK_LEVEL=0 and OCF_RESKEY_CRM_meta_timeout
 * (milliseconds). Status runs {@code monitor}: 0 running, 7 cleanly stopped, anything else failed.
 */
public final class OcfAgent implements ResourceAgent {
    public static final Path DEFAULT_OCF_ROOT = Path.of("/usr/lib/ocf");
    private final ProcessRunner runner;
    private final Path ocfRoot;

    public OcfAgent(ProcessRunner runner, Path ocfRoot) {
        this.runner = runner;
        this.ocfRoot = ocfRoot;
    }

    @Override
    public AgentResult start(Resource r, Duration timeout) {
        return run(r, "start", timeout);
    }

    @Override
    public AgentResult stop(Resource r, Duration timeout) {
        return run(r, "stop", timeout);
    }

    @Override
    public AgentResult status(Resource r, Duration timeout) {
        return run(r, "monitor", timeout);
    }

    /** The agent's meta-data XML, or an error result. */
    public AgentResult metaData(Resource r, Duration timeout) {
        return run(r, "meta-data", timeout);
    }

    Path agentPath(Resource r) {
        String agent = r.attr("agent");
        if (agent == null || !agent.matches("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+"))
            throw new IllegalArgumentException(r.id() + ": agent must be PROVIDER/TYPE like heartbeat/IPaddr2, not '" + agent + "'");
        return ocfRoot.resolve("resource.d").resolve(agent);
    }

    Map<String, String> environment(Resource r, Duration timeout) {
        String[] pt = r.attr("agent").split("/");
        Map<String, String> env = new LinkedHashMap<>();
        env.put("OCF_ROOT", ocfRoot.toString());
        env.put("OCF_RA_VERSION_MAJOR", "1");
        env.put("OCF_RA_VERSION_MINOR", "0");
        env.put("OCF_RESOURCE_INSTANCE", r.key() == null ? pt[1] : r.key());
        env.put("OCF_RESOURCE_TYPE", pt[1]);
        env.put("OCF_RESOURCE_PROVIDER", pt[0]);
        env.put("OCF_CHECK_LEVEL", "0");
        env.put("OCF_RESKEY_CRM_meta_timeout", Long.toString(timeout.toMillis()));
        r.attributes().forEach((k, v) -> {
            if (!k.equals("name") && !k.equals("agent") && !k.startsWith("__")) env.put("OCF_RESKEY_" + k, v);
        });
        return env;
    }

    private AgentResult run(Resource r, String op, Duration timeout) {
        Path agent;
        try {
            agent = agentPath(r);
        } catch (IllegalArgumentException e) {
            return AgentResult.error(AgentResult.OCF_ERR_CONFIGURED, e.getMessage());
        }
        if (!Files.isRegularFile(agent)) return AgentResult.error(AgentResult.OCF_ERR_INSTALLED, agent + " does not exist; install resource-agents or fix agent=");
        if (!Files.isExecutable(agent)) return AgentResult.error(AgentResult.OCF_ERR_PERM, agent + " is not executable");
        try {
            ProcessRunner.Result res = runner.run(List.of(agent.toString(), op), environment(r, timeout), timeout);
            if (res.timedOut()) return AgentResult.error(AgentResult.OCF_ERR_GENERIC, r.id() + " " + op + ": " + res.summary(timeout));
            if (res.exitCode() == 0) return AgentResult.ok(op.equals("meta-data") ? res.output() : r.id() + " " + op + ": exit 0");
            int code = res.exitCode() >= 1 && res.exitCode() <= 7 ? res.exitCode() : AgentResult.OCF_ERR_GENERIC;
            return AgentResult.error(code, r.id() + " " + op + ": " + res.summary(timeout));
        } catch (IOException e) {
            return AgentResult.error(AgentResult.OCF_ERR_GENERIC, r.id() + " " + op + ": " + e.getMessage());
        }
    }
}

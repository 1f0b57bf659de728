package org.nebulaha.rgmanager.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.nebulaha.conf.ClusterConfParser;
import org.nebulaha.conf.model.Resource;
import org.nebulaha.conf.model.Service;

/**
 * {@code parallel_start="1"}: the guide's two scripts start together after the address and the
 * database, and stop together before them; without it, rgmanager's one-at-a-time order is kept.
 */
class ParallelStartTest {
    static Service service(String attrs, String body) throws Exception {
        String xml = "<cluster name=\"c\" config_version=\"1\"><clusternodes><clusternode name=\"n1\" nodeid=\"1\"/></clusternodes>"
                + "<rm><service name=\"s\"" + attrs + ">" + body + "</service></rm></cluster>";
        return ClusterConfParser.parse(xml, "test").rm().services().get(0);
    }

    static final String GUIDE = "<ip address=\"10.10.11.12\"/><pgsql name=\"onedb\"/><script name=\"opennebula\" file=\"/etc/init.d/opennebula\"/>"
            + "<script name=\"sunstone\" file=\"/etc/init.d/opennebula-sunstone\"/>";

    static List<List<String>> ids(List<List<List<Resource>>> steps) {
        return steps.stream().map(step -> step.stream().flatMap(b -> b.stream().map(Resource::id)).toList()).toList();
    }

    @Test
    void sameLevelSiblingsShareAStepAndTheLevelsStillOrderTheSteps() throws Exception {
        Service s = service("", GUIDE + "<ip address=\"10.0.0.9\"><script name=\"inner\" file=\"/i\"/></ip>");
        assertThat(ids(ServiceTree.startSteps(s.resources()))).containsExactly(
                List.of("ip:10.10.11.12", "ip:10.0.0.9", "script:inner"), List.of("pgsql:onedb"),
                List.of("script:opennebula", "script:sunstone"));
        assertThat(ids(ServiceTree.stopSteps(s.resources()))).containsExactly(
                List.of("script:opennebula", "script:sunstone"), List.of("pgsql:onedb"),
                List.of("ip:10.10.11.12", "script:inner", "ip:10.0.0.9"));
    }

    /** Each script's start waits until the other one has begun: only a parallel start gets through. */
    static final class RendezvousAgent implements ResourceAgent {
        final List<String> calls = Collections.synchronizedList(new ArrayList<>());
        final CountDownLatch scripts = new CountDownLatch(2);
        volatile boolean met = true;

        AgentResult call(String op, Resource r) {
            calls.add(op + " " + r.id());
            if (r.type().equals("script")) {
                scripts.countDown();
                try {
                    if (!scripts.await(10, TimeUnit.SECONDS)) met = false;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return r.id().equals("script:sunstone") && op.equals("start") && failSunstone ? AgentResult.error(1, "told to fail") : AgentResult.ok("fine");
        }

        boolean failSunstone;

        public AgentResult start(Resource r, Duration t) { return call("start", r); }
        public AgentResult stop(Resource r, Duration t) { return call("stop", r); }
        public AgentResult status(Resource r, Duration t) { return call("status", r); }
    }

    @Test
    void theScriptsStartTogetherAfterTheAddressAndTheDatabaseAndStopTogetherBeforeThem() throws Exception {
        RendezvousAgent a = new RendezvousAgent();
        ServiceRunner runner = new ServiceRunner(Map.of("ip", a, "pgsql", a, "script", a));
        Service s = service(" parallel_start=\"1\"", GUIDE);
        ServiceRunner.Outcome start = runner.start(s);
        assertThat(start.ok()).isTrue();
        assertThat(a.met).isTrue();
        assertThat(a.calls.subList(0, 2)).containsExactly("start ip:10.10.11.12", "start pgsql:onedb");
        assertThat(a.calls.subList(2, 4)).containsExactlyInAnyOrder("start script:opennebula", "start script:sunstone");
        // the steps are reported in branch order, whatever finished first
        assertThat(start.steps().stream().map(st -> st.resource().id()).toList())
                .containsExactly("ip:10.10.11.12", "pgsql:onedb", "script:opennebula", "script:sunstone");

        RendezvousAgent b = new RendezvousAgent();
        ServiceRunner.Outcome stop = new ServiceRunner(Map.of("ip", b, "pgsql", b, "script", b)).stop(s);
        assertThat(stop.ok()).isTrue();
        assertThat(b.met).isTrue();
        assertThat(b.calls.subList(0, 2)).containsExactlyInAnyOrder("stop script:opennebula", "stop script:sunstone");
        assertThat(b.calls.subList(2, 4)).containsExactly("stop pgsql:onedb", "stop ip:10.10.11.12");
    }

    @Test
    void aFailedScriptFailsTheStartAfterItsSiblingFinished() throws Exception {
        RendezvousAgent a = new RendezvousAgent();
        a.failSunstone = true;
        ServiceRunner.Outcome start = new ServiceRunner(Map.of("ip", a, "pgsql", a, "script", a)).start(service(" parallel_start=\"1\"", GUIDE));
        assertThat(start.ok()).isFalse();
        assertThat(start.failure()).contains("script:sunstone");
        assertThat(start.steps()).hasSize(4);
    }

    @Test
    void withoutTheAttributeTheScriptsStartOneAfterTheOtherAsInRgmanager() throws Exception {
        ServiceTreeTest.RecordingAgent a = new ServiceTreeTest.RecordingAgent();
        ServiceRunner runner = new ServiceRunner(Map.of("ip", a, "pgsql", a, "script", a));
        assertThat(runner.start(service("", GUIDE)).ok()).isTrue();
        assertThat(a.calls).containsExactly("start ip:10.10.11.12", "start pgsql:onedb", "start script:opennebula", "start script:sunstone");
    }
}

package org.nebulaha.rgmanager.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.nebulaha.conf.ClusterConfParser;
import org.nebulaha.conf.model.Resource;
import org.nebulaha.conf.model.Service;

class ServiceTreeTest {
    static Service service(String body) throws Exception {
        String xml = "<cluster name=\"c\" config_version=\"1\"><clusternodes><clusternode name=\"n1\" nodeid=\"1\"/></clusternodes>"
                + "<rm><service name=\"s\">" + body + "</service></rm></cluster>";
        return ClusterConfParser.parse(xml, "test").rm().services().get(0);
    }

    static List<String> ids(List<Resource> rs) {
        return rs.stream().map(Resource::id).toList();
    }

    @Test
    void levelOrderOverridesConfigOrderAsInRgTestCase010() throws Exception {
        Service s = service("<ip address=\"10.0.0.1\"/><script name=\"a\" file=\"/a\"/><fs name=\"data\"/>");
        assertThat(ids(ServiceTree.startOrder(s.resources()))).containsExactly("fs:data", "ip:10.0.0.1", "script:a");
        assertThat(ids(ServiceTree.stopOrder(s.resources()))).containsExactly("script:a", "ip:10.0.0.1", "fs:data");
    }

    @Test
    void theDatabaseStartsAfterTheAddressBeforeTheScriptsAndStopsBetweenThem() throws Exception {
        Service s = service("<script name=\"opennebula\" file=\"/etc/init.d/opennebula\"/><pgsql name=\"onedb\"/><ip address=\"10.10.11.12\"/>");
        assertThat(ids(ServiceTree.startOrder(s.resources()))).containsExactly("ip:10.10.11.12", "pgsql:onedb", "script:opennebula");
        assertThat(ids(ServiceTree.stopOrder(s.resources()))).containsExactly("script:opennebula", "pgsql:onedb", "ip:10.10.11.12");
    }

    @Test
    void theGuidesServiceStartsTheAddressBeforeBothScriptsAndStopsItLast() throws Exception {
        Service s = service("<script name=\"opennebula\" file=\"/etc/init.d/opennebula\"/><ip address=\"10.10.11.12\"/>"
                + "<script name=\"sunstone\" file=\"/etc/init.d/opennebula-sunstone\"/>");
        assertThat(ids(ServiceTree.startOrder(s.resources()))).containsExactly("ip:10.10.11.12", "script:opennebula", "script:sunstone");
        assertThat(ids(ServiceTree.stopOrder(s.resources()))).containsExactly("script:opennebula", "script:sunstone", "ip:10.10.11.12");
    }

    @Test
    void parentsStartBeforeChildrenAndStopAfterThemUntypedLast() throws Exception {
        Service s = service("<ocf name=\"o1\" agent=\"x/y\"/><ip address=\"10.0.0.1\"><script name=\"inner\" file=\"/i\"/></ip><ocf name=\"o2\" agent=\"x/y\"/>"
                + "<action name=\"status\" interval=\"5\"/>");
        assertThat(ids(ServiceTree.startOrder(s.resources()))).containsExactly("ip:10.0.0.1", "script:inner", "ocf:o1", "ocf:o2");
        assertThat(ids(ServiceTree.stopOrder(s.resources()))).containsExactly("ocf:o2", "ocf:o1", "script:inner", "ip:10.0.0.1");
    }

    /** Agent that records calls and fails the operations it is told to. */
    static final class RecordingAgent implements ResourceAgent {
        final List<String> calls = new ArrayList<>();
        final List<String> failing = new ArrayList<>();

        AgentResult call(String op, Resource r) {
            calls.add(op + " " + r.id());
            return failing.contains(op + " " + r.id()) ? AgentResult.error(1, "told to fail") : AgentResult.ok("fine");
        }

        public AgentResult start(Resource r, Duration t) { return call("start", r); }
        public AgentResult stop(Resource r, Duration t) { return call("stop", r); }
        public AgentResult status(Resource r, Duration t) { return call("status", r); }
    }

    @Test
    void startStopsAtTheFirstFailureAndStopGoesThroughEverything() throws Exception {
        RecordingAgent a = new RecordingAgent();
        ServiceRunner runner = new ServiceRunner(Map.of("ip", a, "script", a));
        Service s = service("<ip address=\"10.0.0.1\"/><script name=\"a\" file=\"/a\"/><script name=\"b\" file=\"/b\"/>");
        a.failing.add("start script:a");
        a.failing.add("stop script:a");
        ServiceRunner.Outcome start = runner.start(s);
        assertThat(start.ok()).isFalse();
        assertThat(start.failure()).contains("script:a");
        ServiceRunner.Outcome stop = runner.stop(s);
        assertThat(stop.ok()).isFalse();
        assertThat(a.calls).containsExactly("start ip:10.0.0.1", "start script:a", "stop script:a", "stop script:b", "stop ip:10.0.0.1");
    }

    @Test
    void aResourceTypeWithoutAgentFailsItsStartWithTheSupportedTypes() throws Exception {
        ServiceRunner runner = new ServiceRunner(Map.of("ip", new RecordingAgent()));
        ServiceRunner.Outcome o = runner.start(service("<fs name=\"data\"/>"));
        assertThat(o.ok()).isFalse();
        assertThat(o.failure()).contains("no agent for resource type fs; supported: ip");
    }
}

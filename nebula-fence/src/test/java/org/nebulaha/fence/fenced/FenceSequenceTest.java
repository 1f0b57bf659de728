package org.nebulaha.fence.fenced;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nebulaha.conf.model.ClusterConf;

/** One pass over a node's methods with real agent processes. */
class FenceSequenceTest {
    @TempDir
    Path dir;
    ScriptAgents agents;
    FenceHistory history;
    FenceSequence sequence;

    @BeforeEach
    void setUp() throws Exception {
        agents = new ScriptAgents(dir);
        history = new FenceHistory(dir.resolve("var/lib/cluster/fence_history"), 100);
        sequence = new FenceSequence(agents.runner(), history, Clock.systemUTC());
    }

    /** node2 with the given fence/unfence XML, fence devices for every script agent, agent_timeout 1 s. */
    ClusterConf conf(String node2Children) {
        return Confs.parse("""
                <cluster name="one" config_version="1">
                  <fence_daemon agent_timeout="1"/>
                  <clusternodes>
                    <clusternode name="node1" nodeid="1"/>
                    <clusternode name="node2" nodeid="2">%s</clusternode>
                  </clusternodes>
                  <fencedevices>
                    <fencedevice agent="fence_ok" name="ok"/>
                    <fencedevice agent="fence_ok" name="ok2"/>
                    <fencedevice agent="fence_fail" name="fail"/>
                    <fencedevice agent="fence_hang" name="hang"/>
                    <fencedevice agent="fence_flaky" name="flaky" fails="2" counter="%s/flaky.count"/>
                    <fencedevice name="rec" agent="fence_record" ipaddr="10.0.0.1" key_file="/etc/cluster/fence_xvm.key" port="devport"/>
                  </fencedevices>
                </cluster>
                """.formatted(node2Children, dir));
    }

    SequenceResult fence(ClusterConf c) {
        return sequence.fence(c, FencedSettings.of(c), "node2", "fenced");
    }

    @Test
    void sendsDeviceAttributesThenNodenameThenFenceDeviceAttributesWithoutNamesAndNoAction() throws Exception {
        SequenceResult r = fence(conf("<fence><method name=\"1\"><device name=\"rec\" port=\"vm2\" login=\"root\"/></method></fence>"));
        assertThat(r.success()).isTrue();
        // port is set on both elements: sent once at its first place with the fencedevice's value (libfence sends it last, last wins).
        assertThat(agents.stdin()).isEqualTo("""
                port=devport
                login=root
                nodename=node2
                agent=fence_record
                ipaddr=10.0.0.1
                key_file=/etc/cluster/fence_xvm.key
                --
                """);
    }

    @Test
    void keepsAConfiguredNodenameAndAction() throws Exception {
        fence(conf("<fence><method name=\"1\"><device name=\"rec\" nodename=\"guest2\" action=\"off\"/></method></fence>"));
        assertThat(agents.stdin()).startsWith("nodename=guest2\naction=off\nagent=fence_record\n").doesNotContain("nodename=node2");
    }

    @Test
    void triesMethodsInOrderUntilOneSucceeds() throws Exception {
        SequenceResult r = fence(conf("""
                <fence>
                  <method name="switch"><device name="fail" port="7"/></method>
                  <method name="power"><device name="ok" port="vm2"/></method>
                  <method name="never"><device name="ok2" port="x"/></method>
                </fence>"""));
        assertThat(r.success()).isTrue();
        assertThat(r.summary()).isEqualTo("method power succeeded after method switch device fail failed");
        assertThat(agents.calls()).containsExactly("fence_fail nodename=node2 port=7 action=reboot", "fence_ok nodename=node2 port=vm2 action=reboot");
        assertThat(history.forNode("node2")).extracting(FenceAttempt::method, FenceAttempt::device, FenceAttempt::result, FenceAttempt::exitCode)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("switch", "fail", "failed", 1),
                        org.assertj.core.groups.Tuple.tuple("power", "ok", "success", 0));
    }

    @Test
    void aMethodNeedsEveryDeviceAndStopsAtTheFirstFailure() throws Exception {
        SequenceResult r = fence(conf("""
                <fence>
                  <method name="dual"><device name="ok" port="psu1"/><device name="fail" port="psu2"/><device name="ok2" port="psu3"/></method>
                  <method name="fallback"><device name="ok" port="a"/><device name="ok2" port="b"/></method>
                </fence>"""));
        assertThat(r.success()).isTrue();
        assertThat(agents.calls()).containsExactly("fence_ok nodename=node2 port=psu1 action=reboot",
                "fence_fail nodename=node2 port=psu2 action=reboot", "fence_ok nodename=node2 port=a action=reboot",
                "fence_ok nodename=node2 port=b action=reboot");
    }

    @Test
    void failsWhenEveryMethodFails() throws Exception {
        SequenceResult r = fence(conf("<fence><method name=\"1\"><device name=\"ok\" port=\"p\"/><device name=\"fail\"/></method>"
                + "<method name=\"2\"><device name=\"fail\"/></method></fence>"));
        assertThat(r.success()).isFalse();
        assertThat(r.summary()).isEqualTo("every method failed: method 1 device fail failed, method 2 device fail failed");
        assertThat(r.attempts()).hasSize(3);
    }

    @Test
    void killsAnAgentThatHangsPastTheTimeoutAndMovesOn() throws Exception {
        SequenceResult r = fence(conf("<fence><method name=\"1\"><device name=\"hang\"/></method><method name=\"2\"><device name=\"ok\"/></method></fence>"));
        assertThat(r.success()).isTrue();
        FenceAttempt hung = r.attempts().get(0);
        assertThat(hung.result()).isEqualTo("timed_out");
        assertThat(hung.exitCode()).isEqualTo(-1);
        assertThat(hung.duration()).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void aNodeWithoutMethodsCannotBeFenced() {
        SequenceResult r = fence(conf(""));
        assertThat(r.success()).isFalse();
        assertThat(r.summary()).contains("has no fence methods");
        assertThat(r.attempts()).isEmpty();
    }

    @Test
    void historySurvivesARestart() {
        fence(conf("<fence><method name=\"1\"><device name=\"fail\"/></method><method name=\"2\"><device name=\"ok\"/></method></fence>"));
        FenceHistory reread = new FenceHistory(history.file(), 100);
        assertThat(reread.all()).isEqualTo(history.all()).hasSize(2);
        assertThat(reread.lastFenced("node2")).get().extracting(FenceAttempt::device).isEqualTo("ok");
    }

    @Test
    void unfenceRunsEveryUnfenceDeviceWithActionOn() throws Exception {
        ClusterConf c = conf("<fence><method name=\"1\"><device name=\"ok\"/></method></fence>"
                + "<unfence><device name=\"rec\" port=\"lun1\"/><device name=\"ok\" port=\"lun2\"/></unfence>");
        SequenceResult r = sequence.unfence(c, FencedSettings.of(c), "node2");
        assertThat(r.success()).isTrue();
        assertThat(agents.stdin()).isEqualTo("port=devport\nnodename=node2\nagent=fence_record\nipaddr=10.0.0.1\n"
                + "key_file=/etc/cluster/fence_xvm.key\naction=on\n--\n");
        assertThat(agents.calls()).containsExactly("fence_record", "fence_ok nodename=node2 port=lun2 action=on");
        assertThat(history.forNode("node2")).extracting(FenceAttempt::origin).containsOnly("unfence");
    }

    @Test
    void unfenceWithoutUnfenceDevicesHasNothingToDo() throws Exception {
        ClusterConf c = conf("<fence><method name=\"1\"><device name=\"ok\"/></method></fence>");
        SequenceResult r = sequence.unfence(c, FencedSettings.of(c), "node2");
        assertThat(r.success()).isTrue();
        assertThat(r.summary()).contains("nothing to do");
        assertThat(agents.calls()).isEmpty();
    }

    @Test
    void aDeviceWithoutFenceDeviceIsRecordedAsBadConfig() throws Exception {
        // The parser refuses such a file; a model edited in memory can still carry it.
        ClusterConf c = conf("<fence><method name=\"1\"><device name=\"ok\"/></method></fence>");
        assertThat(List.of(c.fenceDevices().size())).containsExactly(6);
        assertThat(DeviceCalls.fence(c, "node2", new org.nebulaha.conf.model.FenceDeviceUse("ok", java.util.Map.of()), Duration.ofSeconds(1))
                .agent()).isEqualTo("fence_ok");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> DeviceCalls.fence(c, "node2",
                new org.nebulaha.conf.model.FenceDeviceUse("missing", java.util.Map.of()), Duration.ofSeconds(1)))
                .hasMessageContaining("no <fencedevice name=\"missing\">");

        // The pass records that device as bad_config, runs no agent for it, and moves to the next method.
        org.nebulaha.conf.model.ClusterNode n2 = c.node("node2").orElseThrow();
        org.nebulaha.conf.model.ClusterNode edited = new org.nebulaha.conf.model.ClusterNode(n2.name(), n2.nodeid(), n2.votes(),
                List.of(new org.nebulaha.conf.model.FenceMethod("gone", List.of(new org.nebulaha.conf.model.FenceDeviceUse("missing", java.util.Map.of()))),
                        n2.fenceMethods().get(0)),
                n2.unfence(), n2.extras());
        ClusterConf inMemory = new ClusterConf(c.name(), c.configVersion(), c.cman(), c.totem(), c.fenceDaemon(),
                List.of(c.nodes().get(0), edited), c.fenceDevices(), c.rm(), c.tree());
        SequenceResult r = fence(inMemory);
        assertThat(r.success()).isTrue();
        assertThat(r.summary()).isEqualTo("method 1 succeeded after method gone device missing bad config");
        assertThat(history.forNode("node2")).extracting(FenceAttempt::method, FenceAttempt::device, FenceAttempt::result)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("gone", "missing", "bad_config"),
                        org.assertj.core.groups.Tuple.tuple("1", "ok", "success"));
        assertThat(agents.calls()).containsExactly("fence_ok nodename=node2 port= action=reboot");
    }
}

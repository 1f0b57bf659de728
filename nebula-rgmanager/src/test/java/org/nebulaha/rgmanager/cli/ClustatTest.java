package org.nebulaha.rgmanager.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nebulaha.rgmanager.model.ServiceRecord;
import org.nebulaha.rgmanager.model.ServiceState;

class ClustatTest {
    static final Instant NOW = Instant.parse("2026-11-25T10:41:07Z");
    final Clustat clustat = new Clustat(ZoneOffset.UTC);

    static ServiceRecord rec(String name, ServiceState st, String owner, String last, boolean frozen) {
        return new ServiceRecord(name, st, Optional.ofNullable(owner), Optional.ofNullable(last), List.of(), frozen, false, Set.of(),
                Optional.of(new ServiceRecord.Transition(NOW, "test")));
    }

    static ClustatSnapshot snapshot(boolean quorate) {
        return new ClustatSnapshot("opennebula", 5, 8, quorate,
                List.of(new ClustatSnapshot.MemberLine("one-server1", 1, true, true, true, false),
                        new ClustatSnapshot.MemberLine("one-server2", 2, false, false, false, false)),
                List.of(rec("opennebula", ServiceState.STARTED, "one-server1", "one-server1", false),
                        rec("web", ServiceState.DISABLED, null, "one-server2", false),
                        rec("db", ServiceState.STARTED, "one-server1", "one-server1", true)),
                NOW);
    }

    @Test
    void printsRgmanagersLayoutForEightyColumns() {
        Clustat.Output o = clustat.text(snapshot(true), Optional.empty(), Optional.empty(), false);
        assertThat(o.text()).isEqualTo(""
                + "Cluster Status for opennebula @ Wed Nov 25 10:41:07 2026\n"
                + "Member Status: Quorate\n\n"
                + " Member Name                             ID   Status\n"
                + " ------ ----                             ---- ------\n"
                + " one-server1                                 1 Online, Local, rgmanager\n"
                + " one-server2                                 2 Offline\n"
                + "\n"
                + " Service Name                   Owner (Last)                   State         \n"
                + " ------- ----                   ----- ------                   -----         \n"
                + " service:opennebula             one-server1                    started       \n"
                + " service:web                    (one-server2)                  disabled      \n"
                + " service:db                     one-server1                    started [Z]   \n");
        assertThat(o.exitCode()).isZero();
    }

    @Test
    void serviceFilterExitsWithTheStateNumberWhenNotRunning() {
        assertThat(clustat.text(snapshot(true), Optional.empty(), Optional.of("opennebula"), false).exitCode()).isZero();
        Clustat.Output o = clustat.text(snapshot(true), Optional.empty(), Optional.of("service:web"), false);
        assertThat(o.exitCode()).isEqualTo(119);
        assertThat(o.text()).doesNotContain("Member Status").contains("service:web").doesNotContain("service:opennebula");
        assertThat(clustat.text(snapshot(true), Optional.empty(), Optional.of("nosuch"), false).exitCode()).isEqualTo(255);
    }

    @Test
    void memberFilterExitsOneForAnOfflineMember() {
        Clustat.Output o = clustat.text(snapshot(true), Optional.of("one-server2"), Optional.empty(), false);
        assertThat(o.exitCode()).isEqualTo(1);
        assertThat(o.text()).contains("one-server2").doesNotContain("one-server1").doesNotContain("Service Name");
    }

    @Test
    void xmlHasClustatsElementsAndAttributes() {
        Clustat.Output o = clustat.xml(snapshot(true), Optional.empty(), Optional.empty());
        assertThat(o.text()).startsWith("<?xml version=\"1.0\"?>\n<clustat version=\"4.1.1\">\n"
                + "  <cluster name=\"opennebula\" id=\"5\" generation=\"8\"/>\n"
                + "  <quorum quorate=\"1\" groupmember=\"1\"/>\n"
                + "  <nodes>\n"
                + "    <node name=\"one-server1\" state=\"1\" local=\"1\" estranged=\"0\" rgmanager=\"1\" rgmanager_master=\"0\" qdisk=\"0\" nodeid=\"0x00000001\"/>\n");
        assertThat(o.text()).contains("    <group name=\"service:web\" state=\"119\" state_str=\"disabled\"  owner=\"none\" last_owner=\"one-server2\" restarts=\"0\" last_transition=\""
                + NOW.getEpochSecond() + "\" last_transition_str=\"Wed Nov 25 10:41:07 2026\"/>\n");
        assertThat(o.text()).endsWith("  </groups>\n</clustat>\n");
    }

    @Test
    void longFormatAndQuorumOnlyAndUsage() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int rc = clustat.run(new String[] {"-l", "-s", "web"}, () -> snapshot(true), new PrintStream(b, true));
        assertThat(rc).isEqualTo(119);
        assertThat(b.toString()).contains("Service Name      : service:web\n  Current State   : disabled (119)\n  Owner           : none\n"
                + "  Last Owner      : one-server2\n  Last Transition : Wed Nov 25 10:41:07 2026\n\n");
        assertThat(clustat.run(new String[] {"-Q"}, () -> snapshot(false), new PrintStream(new ByteArrayOutputStream()))).isEqualTo(1);
        ByteArrayOutputStream u = new ByteArrayOutputStream();
        assertThat(clustat.run(new String[] {"-i", "2", "-x"}, () -> snapshot(true), new PrintStream(u, true))).isEqualTo(1);
        assertThat(u.toString()).isEqualTo("Error: Options '-i' and '-x' are mutually exclusive\n");
    }

    @Test
    void refreshIsTheCallersJobSoOneRunPrintsOneSnapshot() {
        java.util.concurrent.atomic.AtomicInteger taken = new java.util.concurrent.atomic.AtomicInteger();
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        // -i after -x is not refused by clustat.c; it must not turn one API request into an endless loop
        int rc = clustat.run(new String[] {"-x", "-i", "2"}, () -> {
            taken.incrementAndGet();
            return snapshot(true);
        }, new PrintStream(b, true));
        assertThat(rc).isZero();
        assertThat(taken).hasValue(1);
        assertThat(b.toString()).startsWith("<?xml").endsWith("</clustat>\n");
        assertThat(Clustat.refreshSeconds(new String[] {"-i", "3"})).isEqualTo(3);
        assertThat(Clustat.refreshSeconds(new String[] {"-li5", "-s", "web"})).isEqualTo(5);
        assertThat(Clustat.refreshSeconds(new String[] {"-i", "0"})).isEqualTo(1);
        assertThat(Clustat.refreshSeconds(new String[] {"-x", "-i", "2"})).isZero();
        assertThat(Clustat.refreshSeconds(new String[] {"-i"})).isZero();
        assertThat(Clustat.refreshSeconds(new String[] {"-s", "web"})).isZero();
    }

    @Test
    void defaultClusterIdIsCmansNameHash() {
        assertThat(ClustatSnapshot.clusterIdOf("ab")).isEqualTo((('a' << 1) + 'b') & 0xffff);
    }
}

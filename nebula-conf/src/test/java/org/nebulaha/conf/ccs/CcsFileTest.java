package org.nebulaha.conf.ccs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nebulaha.common.HostResolver;
import org.nebulaha.conf.ClusterConfParser;
import org.nebulaha.conf.model.ClusterConf;
import org.nebulaha.conf.ricci.RicciClient;
import org.nebulaha.conf.xml.XmlReader;

/** ccs -f: offline editing, every verb, and the guide's walkthrough. */
class CcsFileTest {
    @TempDir
    Path dir;
    Path file;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void setUp() {
        file = dir.resolve("cluster.conf");
    }

    int ccs(String... args) {
        List<String> a = new ArrayList<>(List.of("-f", file.toString()));
        a.addAll(List.of(args));
        return ccsRaw(a);
    }

    int ccsRaw(List<String> args) {
        out.reset();
        err.reset();
        RicciTarget.Session session = new RicciTarget.Session(new RicciClient(dir.resolve(".ccs"), new HostResolver(java.util.Map.of())), p -> null);
        return new Ccs(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), session)
                .run(args);
    }

    String out() { return out.toString(StandardCharsets.UTF_8); }
    String err() { return err.toString(StandardCharsets.UTF_8); }

    ClusterConf conf() throws Exception {
        return ClusterConfParser.parse(file);
    }

    void guideCluster() {
        for (List<String> c : CcsGuide.commands(true)) {
            List<String> a = new ArrayList<>(List.of("-f", file.toString()));
            a.addAll(c);
            assertThat(ccsRaw(a)).as("ccs %s: %s", c, err()).isZero();
        }
    }

    @Test
    void theGuidesCommandsBuildTheGuidesFile() throws Exception {
        guideCluster();
        var ours = XmlReader.read(Files.readString(file), "ours");
        assertThat(CcsGuide.canonical(ours, true)).isEqualTo(CcsGuide.canonical(CcsGuide.reference(), true));
        ClusterConf conf = conf();
        assertThat(conf.node("one-server1").orElseThrow().fenceMethods()).singleElement()
                .satisfies(m -> assertThat(m.devices()).singleElement().satisfies(d -> {
                    assertThat(d.device()).isEqualTo("libvirt-kvm");
                    assertThat(d.options()).containsEntry("port", "one1");
                }));
        assertThat(conf.fenceDevice("libvirt-kvm").orElseThrow().options())
                .containsEntry("key_file", "/etc/cluster/fence_xvm.key").containsEntry("multicast_address", "225.0.0.12")
                .containsEntry("ipport", "1229");
        assertThat(conf.configVersion()).as("one version per edit, starting at 1").isEqualTo(CcsGuide.commands(true).size());
    }

    @Test
    void everyEditBumpsTheVersionByOne() throws Exception {
        ccs("--createcluster", "c");
        assertThat(conf().configVersion()).isEqualTo(1);
        ccs("--addnode", "a");
        assertThat(conf().configVersion()).isEqualTo(2);
        ccs("--settotem", "token=1000");
        assertThat(conf().configVersion()).isEqualTo(3);
        assertThat(conf().totem().tokenMillis()).hasValue(1000);
    }

    @Nested
    class Listings {
        @BeforeEach
        void cluster() {
            guideCluster();
        }

        @Test
        void lsnodes() {
            assertThat(ccs("--lsnodes")).isZero();
            assertThat(out()).isEqualTo("one-server1: nodeid=1\none-server2: nodeid=2\n");
        }

        @Test
        void lsfailoverdomain() {
            ccs("--lsfailoverdomain");
            assertThat(out()).isEqualTo("opennebula: nofailback=0, ordered=1, restricted=0\n  one-server1: priority=1\n  one-server2: priority=2\n");
        }

        @Test
        void lsservices() {
            ccs("--lsservices");
            assertThat(out()).isEqualTo("""
                    service: name=opennebula, autostart=1, domain=opennebula, recovery=restart
                      ip: ref=10.10.11.12
                      script: ref=opennebula
                      script: ref=sunstone
                    resources: \n\
                      ip: address=10.10.11.12, monitor_link=1, sleeptime=10
                      script: name=opennebula, file=/etc/init.d/opennebula
                      script: name=sunstone, file=/etc/init.d/opennebula-sunstone
                    """);
        }

        @Test
        void lsfencedevAndLsfenceinst() {
            ccs("--lsfencedev");
            assertThat(out()).isEqualTo("libvirt-kvm: agent=fence_xvm, ipport=1229, key_file=/etc/cluster/fence_xvm.key, multicast_address=225.0.0.12\n");
            ccs("--lsfenceinst", "one-server2");
            assertThat(out()).isEqualTo("one-server2\n  libvirt-kvm\n    libvirt-kvm: port=one2\n");
        }

        @Test
        void getconfPrintsTheFileWithoutDeclaration() throws IOException {
            ccs("--getconf");
            assertThat(out()).startsWith("<cluster config_version=").isEqualTo(Files.readString(file).replace("<?xml version=\"1.0\"?>\n", ""));
        }

        @Test
        void getversionAndIncversion() throws Exception {
            ccs("--getversion");
            int v = Integer.parseInt(out().strip());
            ccs("--incversion");
            assertThat(out().strip()).isEqualTo(String.valueOf(v + 1));
            assertThat(conf().configVersion()).isEqualTo(v + 1);
            ccs("--setversion", "100");
            assertThat(conf().configVersion()).isEqualTo(100);
        }
    }

    @Nested
    class Edits {
        @BeforeEach
        void cluster() {
            guideCluster();
        }

        @Test
        void addAndRemoveANodeWithIdAndVotes() throws Exception {
            ccs("--setcman", "expected_votes=3");
            assertThat(ccs("--addnode", "three", "--nodeid", "7", "--votes", "2")).isZero();
            assertThat(out()).isEqualTo("Node three added.\n");
            assertThat(conf().node("three").orElseThrow()).satisfies(n -> {
                assertThat(n.nodeid()).isEqualTo(7);
                assertThat(n.votes()).isEqualTo(2);
            });
            assertThat(ccs("--rmnode", "three")).isZero();
            assertThat(conf().node("three")).isEmpty();
        }

        @Test
        void aNewNodeGetsTheLowestFreeNodeid() throws Exception {
            ccs("--setcman");
            ccs("--rmfailoverdomainnode", "opennebula", "one-server1");
            ccs("--rmfenceinst", "libvirt-kvm", "one-server1", "libvirt-kvm");
            assertThat(ccs("--rmnode", "one-server1")).as(err()).isZero();
            ccs("--addnode", "new");
            assertThat(conf().node("new").orElseThrow().nodeid()).isEqualTo(1);
        }

        @Test
        void failoverDomainsAndTheirNodes() throws Exception {
            ccs("--addfailoverdomain", "web", "restricted", "nofailback");
            ccs("--addfailoverdomainnode", "web", "one-server2");
            var d = conf().rm().failoverDomain("web").orElseThrow();
            assertThat(d.restricted()).isTrue();
            assertThat(d.nofailback()).isTrue();
            assertThat(d.ordered()).isFalse();
            ccs("--addfailoverdomainnode", "web", "one-server2", "5");
            assertThat(conf().rm().failoverDomain("web").orElseThrow().nodes()).singleElement()
                    .satisfies(n -> assertThat(n.priority()).isEqualTo(5));
            ccs("--rmfailoverdomainnode", "web", "one-server2");
            ccs("--rmfailoverdomain", "web");
            assertThat(conf().rm().failoverDomain("web")).isEmpty();
        }

        @Test
        void servicesResourcesAndNestedSubservices() throws Exception {
            ccs("--addresource", "script", "name=extra", "file=/etc/init.d/extra");
            ccs("--addservice", "web", "recovery=relocate", "max_restarts=3", "restart_expire_time=60");
            ccs("--addsubservice", "web", "ip", "address=10.10.11.13");
            assertThat(ccs("--addsubservice", "web", "ip:script", "ref=extra")).as(err()).isZero();
            var s = conf().rm().service("web").orElseThrow();
            assertThat(s.maxRestarts()).isEqualTo(3);
            assertThat(s.resources()).singleElement().satisfies(ip -> {
                assertThat(ip.id()).isEqualTo("ip:10.10.11.13");
                assertThat(ip.children()).extracting(r -> r.id()).containsExactly("script:extra");
            });
            ccs("--rmsubservice", "web", "ip[0]:script");
            assertThat(conf().rm().service("web").orElseThrow().resources().get(0).children()).isEmpty();
            ccs("--rmservice", "web");
            ccs("--rmresource", "script", "name=extra");
            assertThat(conf().rm().service("web")).isEmpty();
            assertThat(conf().rm().resources()).extracting(r -> r.id()).doesNotContain("script:extra");
        }

        @Test
        void fenceDevicesMethodsAndInstances() throws Exception {
            ccs("--addfencedev", "ipmi", "agent=fence_ipmilan", "ipaddr=10.0.0.1");
            ccs("--addmethod", "backup", "one-server1");
            ccs("--addfenceinst", "ipmi", "one-server1", "backup", "lanplus=1");
            var methods = conf().node("one-server1").orElseThrow().fenceMethods();
            assertThat(methods).extracting(m -> m.name()).containsExactly("libvirt-kvm", "backup");
            assertThat(ccs("--rmfencedev", "ipmi")).as("a device still used cannot go").isEqualTo(1);
            ccs("--rmfenceinst", "ipmi", "one-server1", "backup");
            ccs("--rmmethod", "backup", "one-server1");
            assertThat(out()).isEqualTo("Method backup removed from one-server1.\n");
            assertThat(ccs("--rmfencedev", "ipmi")).isZero();
        }

        @Test
        void settingsReplaceEveryAttribute() throws Exception {
            ccs("--setfencedaemon", "post_fail_delay=2", "clean_start=1");
            assertThat(conf().fenceDaemon().postFailDelaySeconds()).isEqualTo(2);
            assertThat(conf().fenceDaemon().cleanStart()).isTrue();
            ccs("--setfencedaemon", "post_join_delay=20");
            assertThat(conf().fenceDaemon().postFailDelaySeconds()).as("replaced, back to default").isZero();
            assertThat(conf().fenceDaemon().postJoinDelaySeconds()).isEqualTo(20);
        }

        @Test
        void theQuorumWitnessReplacesTwoNodeAndCountsInExpectedVotes() throws Exception {
            assertThat(ccs("--setcman", "expected_votes=3")).as(err()).isZero();
            assertThat(ccs("--setquorumd", "host=physical", "timeout=1500")).as(err()).isZero();
            assertThat(Files.readString(file)).contains("<quorumd host=\"physical\" timeout=\"1500\"/>");
            assertThat(ccs("--setcman", "expected_votes=2")).isEqualTo(1);
            assertThat(err()).contains("expected_votes=2 is below the 3 votes of the nodes and the witness");
            assertThat(ccs("--setquorumd")).as("no options: removed").isZero();
            assertThat(Files.readString(file)).doesNotContain("quorumd");
        }

        @Test
        void expertModeAddsAndRemovesAnyElement() throws Exception {
            assertThat(ccs("--exp", "logging", "debug=on")).isZero();
            assertThat(Files.readString(file)).contains("<logging debug=\"on\"/>");
            assertThat(ccs("--exprm", "logging")).isZero();
            assertThat(Files.readString(file)).doesNotContain("<logging");
        }
    }

    @Nested
    class Refusals {
        String before;

        @BeforeEach
        void cluster() throws IOException {
            guideCluster();
            before = Files.readString(file);
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', textBlock = """
                --addnode one-server1                                   | 1 | Node 'one-server1' already exists in cluster.conf
                --addnode x --nodeid 2                                  | 1 | Nodeid '2' already exists in cluster.conf
                --addnode x --nodeid zero                               | 2 | --nodeid must be a positive integer
                --rmnode nobody                                         | 1 | Unable to find node nobody
                --addfailoverdomainnode opennebula one-server2 0        | 2 | Priority must be between 1 and 100
                --addfailoverdomainnode opennebula one-server2 101      | 2 | Priority must be between 1 and 100
                --addfailoverdomainnode opennebula one-server2 high     | 2 | Priority must be an integer between 1 and 100
                --addfailoverdomainnode opennebula one-server9 1        | 1 | no clusternode named one-server9; add it first with ccs --addnode one-server9
                --addfailoverdomainnode nodomain one-server1 1          | 1 | Unable to find failoverdomain 'nodomain'
                --addfailoverdomain opennebula                          | 1 | Failover domain 'opennebula' already exists.
                --addfailoverdomain web sorted                          | 2 | unknown flag 'sorted'
                --addresource script name=opennebula file=/x            | 1 | Duplicate name: opennebula
                --addresource ip address=10.10.11.12                    | 1 | Duplicate address: 10.10.11.12
                --addresource ip address=300.1.1.1                      | 1 | address '300.1.1.1' is not an IPv4 or IPv6 address
                --addresource script name=x file                        | 1 | Invalid option: file (expected name=value)
                --addservice opennebula                                 | 1 | Service 'opennebula' already exists in cluster.conf.
                --addservice web domain=nodomain                        | 1 | no failover domain named nodomain
                --addservice web recovery=panic                         | 1 | recovery must be restart, relocate, disable or restart-disable
                --addservice web autostart=yes                          | 1 | autostart must be 0 or 1, not 'yes'
                --addsubservice opennebula script ref=nosuch            | 1 | ref="nosuch" names no script in <resources>
                --addsubservice nosuch script ref=opennebula            | 1 | Unable to find service: nosuch
                --addsubservice opennebula ip[3]:script ref=opennebula  | 1 | Unable to find service ip[3]
                --addmethod m nobody                                    | 1 | Node 'nobody' does not currently exist in cluster.conf.
                --addmethod libvirt-kvm one-server1                     | 1 | Method 'libvirt-kvm' already exists in cluster.conf.
                --addfencedev libvirt-kvm agent=fence_xvm               | 1 | Fence device 'libvirt-kvm' already exists in cluster.conf.
                --addfencedev other                                     | 2 | give the agent, e.g. agent=fence_xvm
                --addfenceinst nodev one-server1 libvirt-kvm            | 1 | Fence device 'nodev' not found.
                --addfenceinst libvirt-kvm one-server1 nomethod         | 1 | Method 'nomethod' not found in node 'one-server1'.
                --setcman two_node=maybe                                | 1 | two_node must be 0 or 1, not 'maybe'
                --settotem token=fast                                   | 1 | token must be an integer, not 'fast'
                --setfencedaemon race_delay=-4                          | 1 | race_delay must be at least 0, not -4
                --setfencedaemon agent_timeout=0                        | 1 | agent_timeout must be at least 1, not 0
                --setfencedaemon post_fail_delay=-2                     | 1 | post_fail_delay must be at least -1, not -2
                --setcman cluster_id=70000                              | 1 | cluster_id must be between 0 and 65535, not 70000
                --setcman port=http                                     | 1 | port must be an integer between 1 and 65534, not 'http'
                --setcman keyfile=cluster.key                           | 1 | keyfile 'cluster.key' must be an absolute path
                --addresource ip address=10.0.0.9 family=ipx            | 1 | family must be auto, inet, inet6, not 'ipx'
                --setquorumd host=physical                              | 1 | the quorum witness replaces two_node; set two_node="0" (ccs --setcman expected_votes=3)
                --setquorumd port=5403                                  | 1 | <quorumd>: missing required attribute host
                --setquorumd host=physical port=70000                   | 1 | port must be between 1 and 65535, not 70000
                --setquorumd host=physical timeout=soon                 | 1 | timeout must be an integer between 300 and 60000, not 'soon'
                --setquorumd host=physical votes=2                      | 1 | votes must be between 1 and 1, not 2
                --setversion -3                                         | 2 | --setversion needs a non-negative integer
                --createcluster again                                   | 1 | already exists, use '-i' to override.
                --bogus                                                 | 2 | ccs: unrecognized option '--bogus'
                --addnode                                               | 2 | ccs: option '--addnode' requires an argument
                --addfailoverdomain a ordered --addresource ip x=1      | 2 | would share the words
                """)
        void refuseWithAMessageAndChangeNothing(String command, int exitCode, String message) throws IOException {
            assertThat(ccs(command.strip().split("\\s+"))).as(err()).isEqualTo(exitCode);
            assertThat(err()).contains(message);
            assertThat(Files.readString(file)).isEqualTo(before);
        }

        @Test
        void anOutOfRangeValueIsReportedWithFileLineAndElement() throws IOException {
            assertThat(ccs("--setfencedaemon", "race_delay=-4")).isEqualTo(1);
            assertThat(err()).containsPattern("\\d+:\\d+: <fence_daemon[^>]*>: race_delay must be at least 0, not -4");
            assertThat(Files.readString(file)).isEqualTo(before);
        }

        @Test
        void anIgnoredValidationStillWrites() throws IOException {
            assertThat(ccs("-i", "--addfailoverdomainnode", "opennebula", "ghost", "3")).isZero();
            assertThat(Files.readString(file)).contains("<failoverdomainnode name=\"ghost\" priority=\"3\"/>");
        }

        @Test
        void aBrokenFileIsReportedWithItsLocation() throws IOException {
            Files.writeString(file, before.replace("nodeid=\"2\"", "nodeid=\"1\""));
            assertThat(ccs("--lsnodes")).isEqualTo(1);
            assertThat(err()).contains("not a valid cluster.conf file").contains(file + ":").contains("nodeid 1 is already used by one-server1");
        }

        @Test
        void aMissingFileIsAnEmptyCluster() {
            file = dir.resolve("none.conf");
            assertThat(ccs("--lsnodes")).isZero();
            assertThat(out()).isEmpty();
            assertThat(Files.exists(file)).isFalse();
        }
    }

    @Test
    void helpListsEveryOption() {
        assertThat(ccsRaw(List.of("--help"))).isZero();
        for (String option : List.of("--createcluster", "--setcman", "--addnode", "--rmnode", "--addfailoverdomain",
                "--addfailoverdomainnode", "--addresource", "--rmresource", "--addservice", "--rmservice", "--addsubservice",
                "--addfencedev", "--addmethod", "--addfenceinst", "--settotem", "--setquorumd", "--setfencedaemon", "--getconf", "--setconf",
                "--checkconf", "--lsnodes", "--lsservices", "--lsfailoverdomain", "--lsfencedev", "--sync", "--activate",
                "--startall", "--stopall", "-h, --host", "-p, --password", "-f, --file"))
            assertThat(out()).contains(option);
    }
}

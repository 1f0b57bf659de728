package org.nebulaha.conf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nebulaha.conf.model.ClusterConf;
import org.nebulaha.conf.model.Recovery;
import org.nebulaha.conf.model.Resource;
import org.nebulaha.conf.model.Service;

class ClusterConfParserTest {

    static String guideReference() {
        try (InputStream in = ClusterConfParserTest.class.getResourceAsStream("/guide/cluster.conf")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Nested
    class TheGuidesReferenceFile {
        final ClusterConf conf = parse(guideReference());

        @Test
        void hasTheClusterNameVersionAndQuorumSettings() {
            assertThat(conf.name()).isEqualTo("opennebula");
            assertThat(conf.configVersion()).isEqualTo(17);
            assertThat(conf.cman().twoNode()).isTrue();
            assertThat(conf.expectedVotes()).isEqualTo(1);
        }

        @Test
        void hasTwoNodesWithOneVoteEach() {
            assertThat(conf.nodes()).extracting(n -> n.name() + "/" + n.nodeid() + "/" + n.votes())
                    .containsExactly("one-server1/1/1", "one-server2/2/1");
        }

        @Test
        void hasAnOrderedDomainPreferringServer1() {
            var d = conf.rm().failoverDomain("opennebula").orElseThrow();
            assertThat(d.ordered()).isTrue();
            assertThat(d.restricted()).isFalse();
            assertThat(d.nofailback()).isFalse();
            assertThat(d.nodes()).extracting(n -> n.name() + ":" + n.priority()).containsExactly("one-server1:1", "one-server2:2");
        }

        @Test
        void resolvesTheServicesReferencesToTheGlobalResources() {
            Service s = conf.rm().service("opennebula").orElseThrow();
            assertThat(s.domain()).contains("opennebula");
            assertThat(s.recovery()).isEqualTo(Recovery.RESTART);
            assertThat(s.autostart()).as("autostart defaults to 1").isTrue();
            assertThat(s.resources()).extracting(Resource::id)
                    .containsExactly("ip:10.10.11.12", "script:opennebula", "script:sunstone");
            assertThat(s.resources().get(0).attr("sleeptime")).isEqualTo("10");
            assertThat(s.resources().get(2).attr("file")).isEqualTo("/etc/init.d/opennebula-sunstone");
        }

        @Test
        void usesFencedDefaultsForAnEmptyFenceDaemon() {
            assertThat(conf.fenceDaemon().postJoinDelaySeconds()).isEqualTo(6);
            assertThat(conf.fenceDaemon().postFailDelaySeconds()).isZero();
            assertThat(conf.fenceDaemon().cleanStart()).isFalse();
        }

        @Test
        void canBeActivated() {
            assertThat(ClusterConfParser.activationProblems(conf)).isEmpty();
        }
    }

    @Nested
    class Writing {
        @Test
        void isDeterministicAndStableAcrossRoundTrips() throws Exception {
            String once = parse(guideReference()).toXml();
            String twice = ClusterConfParser.parse(once, "again").toXml();
            assertThat(twice).isEqualTo(once);
            assertThat(once).startsWith("<?xml version=\"1.0\"?>\n<cluster config_version=\"17\" name=\"opennebula\">\n  <fence_daemon/>");
        }

        @Test
        void keepsUnknownElementsAndAttributes() throws Exception {
            String text = """
                    <cluster name="c" config_version="3" colour="blue">
                      <clusternodes><clusternode name="a" nodeid="1" weight="7"><altname name="a-alt" port="6000"/></clusternode></clusternodes>
                      <quorumd interval="1" label="qdisk"><heuristic program="ping -c1 gw" score="1"/></quorumd>
                      <rm log_level="7"><vm name="guest1" use_virsh="1"/></rm>
                    </cluster>""";
            String written = ClusterConfParser.parse(text, "t").toXml();
            assertThat(written).contains("colour=\"blue\"", "weight=\"7\"", "<altname name=\"a-alt\" port=\"6000\"/>",
                    "<quorumd interval=\"1\" label=\"qdisk\">", "<heuristic program=\"ping -c1 gw\" score=\"1\"/>",
                    "log_level=\"7\"", "<vm name=\"guest1\" use_virsh=\"1\"/>");
            ClusterConf again = ClusterConfParser.parse(written, "t2");
            assertThat(again.node("a").orElseThrow().extras()).containsEntry("weight", "7");
            assertThat(again.toXml()).isEqualTo(written);
        }

        @Test
        void escapesSpecialCharactersInValues() throws Exception {
            String text = "<cluster name=\"c\" config_version=\"1\"><fencedevices><fencedevice name=\"d\" agent=\"fence_x\" "
                    + "passwd=\"a&amp;b&lt;&quot;c\"/></fencedevices></cluster>";
            ClusterConf conf = ClusterConfParser.parse(text, "t");
            assertThat(conf.fenceDevice("d").orElseThrow().options()).containsEntry("passwd", "a&b<\"c");
            assertThat(ClusterConfParser.parse(conf.toXml(), "t").fenceDevice("d").orElseThrow().options())
                    .containsEntry("passwd", "a&b<\"c");
        }
    }

    @Nested
    class MalformedFiles {
        @Test
        void reportFileLineAndColumnOfBrokenXml() {
            String text = "<cluster name=\"c\" config_version=\"1\">\n  <clusternodes>\n    <clusternode name=\"a\" nodeid=\"1\">\n</cluster>\n";
            assertThatThrownBy(() -> ClusterConfParser.parse(text, "/etc/cluster/cluster.conf"))
                    .isInstanceOf(ConfException.class)
                    .hasMessageStartingWith("/etc/cluster/cluster.conf:4:")
                    .hasMessageContaining("not well-formed XML");
        }

        @Test
        void refuseAnEmptyFile() {
            assertThatThrownBy(() -> ClusterConfParser.parse("", "cluster.conf")).hasMessageContaining("not well-formed XML");
        }

        @Test
        void refuseADoctype() {
            String text = "<?xml version=\"1.0\"?>\n<!DOCTYPE cluster [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n"
                    + "<cluster name=\"&x;\" config_version=\"1\"/>";
            assertThatThrownBy(() -> ClusterConfParser.parse(text, "cluster.conf")).isInstanceOf(ConfException.class);
        }

        @Test
        void refuseTextContent() {
            assertThatThrownBy(() -> ClusterConfParser.parse("<cluster name=\"c\" config_version=\"1\">hello</cluster>", "f"))
                    .hasMessageContaining("<cluster name=\"c\">: unexpected text 'hello'");
        }
    }

    /** A valid base file; each case replaces one marked line and expects one located problem. */
    static final String BASE = """
            <cluster name="c" config_version="1">
              <cman CMAN/>
              <clusternodes>
                <clusternode name="n1" nodeid="1"/>
                NODE2
              </clusternodes>
              <fencedevices><fencedevice name="xvm" agent="fence_xvm"/></fencedevices>
              <rm>
                <failoverdomains><failoverdomain name="d" ordered="1">
                  DOMAINNODE
                </failoverdomain></failoverdomains>
                <resources><ip address="10.0.0.9"/><script name="s" file="/etc/init.d/s"/>RESOURCE</resources>
                SERVICE
              </rm>
            </cluster>
            """;

    static Stream<Arguments> semanticErrors() {
        return Stream.of(
                Arguments.of("duplicate nodeid", "NODE2", "<clusternode name=\"n2\" nodeid=\"1\"/>",
                        "5:5: <clusternode name=\"n2\">: nodeid 1 is already used by n1 (line 4); give each node a unique nodeid"),
                Arguments.of("duplicate node name", "NODE2", "<clusternode name=\"n1\" nodeid=\"2\"/>",
                        "<clusternode name=\"n1\">: a node named n1 already exists (line 4)"),
                Arguments.of("nodeid missing", "NODE2", "<clusternode name=\"n2\"/>",
                        "<clusternode name=\"n2\">: missing required attribute nodeid"),
                Arguments.of("nodeid not a number", "NODE2", "<clusternode name=\"n2\" nodeid=\"two\"/>",
                        "nodeid must be an integer, not 'two'"),
                Arguments.of("negative votes", "NODE2", "<clusternode name=\"n2\" nodeid=\"2\" votes=\"-1\"/>",
                        "votes must be at least 0, not -1"),
                Arguments.of("unknown node in a domain", "DOMAINNODE", "<failoverdomainnode name=\"n9\" priority=\"1\"/>",
                        "10:7: <failoverdomainnode name=\"n9\">: no clusternode named n9; add it first with ccs --addnode n9"),
                Arguments.of("priority out of range", "DOMAINNODE", "<failoverdomainnode name=\"n1\" priority=\"101\"/>",
                        "priority must be between 1 and 100, not 101"),
                Arguments.of("boolean that is not 0 or 1", "CMAN", "two_node=\"yes\"", "<cman>: two_node must be 0 or 1, not 'yes'"),
                Arguments.of("two_node with three nodes", "CMAN|NODE2",
                        "two_node=\"1\"|<clusternode name=\"n2\" nodeid=\"2\"/><clusternode name=\"n3\" nodeid=\"3\"/>",
                        "two_node=1 is only valid with two nodes, this cluster has 3"),
                Arguments.of("dangling ref", "SERVICE", "<service name=\"svc\"><script ref=\"nope\"/></service>",
                        "<script ref=\"nope\">: ref=\"nope\" names no script in <resources>"),
                Arguments.of("unknown domain", "SERVICE", "<service name=\"svc\" domain=\"nowhere\"/>",
                        "<service name=\"svc\">: no failover domain named nowhere"),
                Arguments.of("bad recovery", "SERVICE", "<service name=\"svc\" recovery=\"pray\"/>",
                        "recovery must be restart, relocate, disable or restart-disable, not 'pray'"),
                Arguments.of("missing dependency", "SERVICE", "<service name=\"svc\" depend=\"service:db\"/>",
                        "depend=\"service:db\" names no service"),
                Arguments.of("bad ip address", "RESOURCE", "<ip address=\"10.0.0.300\"/>",
                        "address '10.0.0.300' is not an IPv4 or IPv6 address"),
                Arguments.of("duplicate resource", "RESOURCE", "<script name=\"s\" file=\"/x\"/>",
                        "a script resource with name=s already exists"),
                Arguments.of("script without file", "RESOURCE", "<script name=\"t\"/>", "a script resource needs file="),
                Arguments.of("relative script path", "RESOURCE", "<script name=\"t\" file=\"init.d/t\"/>",
                        "file 'init.d/t' must be an absolute path"),
                Arguments.of("fence method naming no device", "NODE2",
                        "<clusternode name=\"n2\" nodeid=\"2\"><fence><method name=\"m\"><device name=\"ipmi\"/></method></fence></clusternode>",
                        "<device name=\"ipmi\">: no fence device named ipmi"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("semanticErrors")
    void refusesWithALocatedMessage(String what, String marker, String replacement, String expected) {
        String text = fill(BASE, marker, replacement);
        assertThatThrownBy(() -> ClusterConfParser.parse(text, "cluster.conf"))
                .isInstanceOf(InvalidConfException.class)
                .hasMessageContaining(expected);
    }

    @Test
    void reportsEveryProblemAtOnce() {
        String text = fill(BASE, "NODE2|SERVICE", "<clusternode name=\"n2\" nodeid=\"1\"/>|<service name=\"svc\" recovery=\"x\"/>");
        assertThatThrownBy(() -> ClusterConfParser.parse(text, "cluster.conf"))
                .isInstanceOfSatisfying(InvalidConfException.class, e -> assertThat(e.problems()).hasSize(2));
    }

    @Test
    void theBaseFileIsValid() {
        assertThat(parse(fill(BASE, "", "")).nodes()).hasSize(1);
    }

    @Test
    void twoNodeWithOneNodeIsValidToEditButCannotBeActivated() {
        ClusterConf conf = parse(fill(BASE, "CMAN", "two_node=\"1\" expected_votes=\"1\""));
        assertThat(ClusterConfParser.activationProblems(conf)).singleElement().asString()
                .contains("two_node=1 needs exactly two nodes, this cluster has 1");
    }

    /** Replaces markers ("A|B") by replacements ("x|y") and removes the markers left. */
    static String fill(String base, String markers, String replacements) {
        String s = base;
        if (!markers.isEmpty()) {
            String[] m = markers.split("\\|");
            String[] r = replacements.split("\\|");
            for (int i = 0; i < m.length; i++) s = s.replace(m[i], r[i]);
        }
        for (String m : new String[] {"CMAN", "NODE2", "DOMAINNODE", "RESOURCE", "SERVICE"}) s = s.replace(m, "");
        return s;
    }

    static ClusterConf parse(String text) {
        try {
            return ClusterConfParser.parse(text, "test");
        } catch (ConfException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }
}

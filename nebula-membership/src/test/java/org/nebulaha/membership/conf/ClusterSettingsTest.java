package org.nebulaha.membership.conf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nebulaha.common.HostResolver;
import org.nebulaha.conf.ClusterConfParser;
import org.nebulaha.membership.model.NodeSpec;

class ClusterSettingsTest {
    static final String GUIDE = """
            <?xml version="1.0"?>
            <cluster config_version="17" name="opennebula">
              <fence_daemon/>
              <clusternodes>
                <clusternode name="one-server1" nodeid="1"/>
                <clusternode name="one-server2" nodeid="2"/>
              </clusternodes>
              <cman expected_votes="1" two_node="1"/>
              <fencedevices/>
              <rm/>
            </cluster>
            """;

    @Test
    void readsTheGuidesTwoNodeClusterWithLabAddresses() throws Exception {
        HostResolver hosts = HostResolver.parse(List.of("one-server1 127.0.0.1 cluster=7001", "one-server2 127.0.0.1 cluster=7003"), "hosts");
        ClusterSettings s = ClusterSettings.from(ClusterConfParser.parse(GUIDE, "cluster.conf"), "one-server2", hosts);
        assertThat(s.configVersion()).isEqualTo(17);
        assertThat(s.membership().local()).isEqualTo(new NodeSpec("one-server2", 2, 1, "127.0.0.1", 7003));
        assertThat(s.membership().token()).isEqualTo(Duration.ofMillis(1000));
        assertThat(s.quorum().twoNode()).isTrue();
        assertThat(s.quorum().isWaitForAll()).as("two_node implies wait_for_all").isTrue();
        assertThat(s.quorum().configuredExpectedVotes()).isEqualTo(1);
        assertThat(s.clusterId()).isEqualTo(ClusterSettings.clusterIdOf("opennebula"));
    }

    @Test
    void explicitWaitForAllZeroTurnsTheTwoNodeDefaultOff() throws Exception {
        String conf = GUIDE.replace("<cman expected_votes=\"1\" two_node=\"1\"/>", "<cman expected_votes=\"1\" two_node=\"1\" wait_for_all=\"0\"/>");
        ClusterSettings s = ClusterSettings.from(ClusterConfParser.parse(conf, "cluster.conf"), "one-server1", HostResolver.parse(List.of(), "-"));
        assertThat(s.quorum().isWaitForAll()).isFalse();
        assertThat(s.membership().local().port()).isEqualTo(5405);
        assertThat(s.membership().local().address()).isEqualTo("one-server1");
    }

    @Test
    void takesTheTokenFromTotem() throws Exception {
        String conf = GUIDE.replace("<fencedevices/>", "<totem token=\"2500\"/><fencedevices/>");
        ClusterSettings s = ClusterSettings.from(ClusterConfParser.parse(conf, "cluster.conf"), "one-server1", HostResolver.parse(List.of(), "-"));
        assertThat(s.membership().token()).isEqualTo(Duration.ofMillis(2500));
    }

    @Test
    void refusesANodeNameThatIsNotInTheFile() throws Exception {
        assertThatThrownBy(() -> ClusterSettings.from(ClusterConfParser.parse(GUIDE, "cluster.conf"), "one-server9", HostResolver.parse(List.of(), "-")))
                .hasMessageContaining("'one-server9' is not a <clusternode>");
    }

    @Test
    void clusterIdIsCmansHashOfTheName() {
        // shift-and-add over "ab": ('a' << 1) + 'b' = 194 + 98
        assertThat(ClusterSettings.clusterIdOf("ab")).isEqualTo(292);
    }
}

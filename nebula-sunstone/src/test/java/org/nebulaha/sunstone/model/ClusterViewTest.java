package org.nebulaha.sunstone.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.nebulaha.sunstone.web.TestCloud;

class ClusterViewTest {
    @Test
    void readsRgmanagersXml() throws Exception {
        ClusterView c = ClusterView.parseClustat(TestCloud.clustat("one-server1", "started", true, false));
        assertThat(c.clusterName()).isEqualTo("opennebula");
        assertThat(c.quorate()).isTrue();
        assertThat(c.members()).containsExactly(new ClusterView.Member("one-server1", true, true, true), new ClusterView.Member("one-server2", false, false, false));
        assertThat(c.services()).singleElement().satisfies(s -> {
            assertThat(s.name()).isEqualTo("service:opennebula");
            assertThat(s.state()).isEqualTo("started");
            assertThat(s.owner()).isEqualTo("one-server1");
            assertThat(s.lastOwner()).isEqualTo("one-server2");
        });
        assertThat(c.lastTransition()).isEqualTo(1764067267L);
    }

    @Test
    void readsTheDatabaseCopiesClustatListsAndNoneWithoutThem() throws Exception {
        String xml = TestCloud.clustat("one-server1", "started", true, false).replace("</clustat>",
                "  <databases version=\"9\">\n    <copy name=\"one-server1\" role=\"primary\" in_sync=\"1\" lag=\"-\"/>\n"
                        + "    <copy name=\"one-server2\" role=\"outdated\" in_sync=\"0\" lag=\"-\"/>\n  </databases>\n</clustat>");
        assertThat(ClusterView.parseClustat(xml).copies()).containsExactly(new ClusterView.Copy("one-server1", "primary", true, "-"),
                new ClusterView.Copy("one-server2", "outdated", false, "-"));
        assertThat(ClusterView.parseClustat(TestCloud.clustat("one-server1", "started", true, false)).copies()).isEmpty();
    }

    @Test
    void refusesOutputThatIsNotClustatXml() {
        assertThatThrownBy(() -> ClusterView.parseClustat("Cluster Status for x")).hasMessageStartingWith("clustat -x: output is not XML");
        assertThatThrownBy(() -> ClusterView.parseClustat("<html/>")).hasMessage("clustat -x: root element is <html>, expected <clustat>");
    }

    @Test
    void readsCmanStatusAndFenceHistoryNewestFirst() {
        assertThat(ClusterView.parseCmanStatus("Cluster Name: opennebula\nQuorum: 1  \nnoise\n")).containsExactly(
                java.util.Map.entry("Cluster Name", "opennebula"), java.util.Map.entry("Quorum", "1"));
        assertThat(ClusterView.parseFenceHistory("old\nnew\n")).containsExactly("new", "old");
        assertThat(ClusterView.parseFenceHistory("no fence history\n")).isEmpty();
    }
}

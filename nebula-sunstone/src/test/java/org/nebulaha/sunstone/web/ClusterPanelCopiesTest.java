package org.nebulaha.sunstone.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nebulaha.sunstone.model.ClusterView;

/** The cluster panel's database copies: each copy's role, in-sync flag and lag; no section without a replicated database. */
class ClusterPanelCopiesTest {
    @Test
    void eachCopyWithRoleInSyncAndLag() {
        ClusterView c = new ClusterView("opennebula", true, List.of(), List.of(), null, null, List.of(),
                List.of(new ClusterView.Copy("one-server1", "primary", true, "-"), new ClusterView.Copy("one-server2", "standby", false, "8192")));
        String html = Pages.clusterPanel(c, List.of(), null, "now");
        assertThat(html).contains("<h2>Database copies</h2><table id=\"db-copies\">");
        assertThat(html).containsPattern("<td>one-server1</td><td>[^\n]*primary[^\n]*</td><td>[^\n]*yes");
        assertThat(html).containsPattern("<td>one-server2</td><td>[^\n]*standby[^\n]*</td><td>[^\n]*no[^\n]*</td><td>8192 B</td>");
    }

    @Test
    void noSectionWithoutCopies() {
        ClusterView c = new ClusterView("opennebula", true, List.of(), List.of(), null, null, List.of());
        assertThat(Pages.clusterPanel(c, List.of(), null, "now")).doesNotContain("db-copies");
    }
}

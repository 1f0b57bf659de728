package org.nebulaha.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** lab exec reads a node's ONE_LOCATION from its /etc/default/nebula-ha as a shell would. */
class OneLocationDefaultsTest {
    @TempDir Path tmp;

    @Test
    void readsTheLastAssignmentPlainQuotedOrExported() throws Exception {
        Path f = tmp.resolve("nebula-ha");
        Files.writeString(f, "NEBULA_HOME=/opt/n\nONE_LOCATION=/first\n# ONE_LOCATION=/commented\n");
        assertThat(Lab.oneLocation(f)).contains("/first");
        Files.writeString(f, "ONE_LOCATION=/first\nexport ONE_LOCATION=\"/var/tmp/lab/shared/one\"\n");
        assertThat(Lab.oneLocation(f)).contains("/var/tmp/lab/shared/one");
        Files.writeString(f, "ONE_LOCATION='/single/quoted'\n");
        assertThat(Lab.oneLocation(f)).contains("/single/quoted");
        Files.writeString(f, "SUNSTONE_OPTS=\"--host 0.0.0.0\"\n");
        assertThat(Lab.oneLocation(f)).isEmpty();
        assertThat(Lab.oneLocation(tmp.resolve("missing"))).isEmpty();
    }
}

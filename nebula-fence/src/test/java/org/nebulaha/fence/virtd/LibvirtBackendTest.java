package org.nebulaha.fence.virtd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nebulaha.fence.xvm.HostRecord;
import org.nebulaha.fence.xvm.Response;
import org.nebulaha.testkit.Require;

/** The libvirt backend on libvirt's built-in test driver (one running domain "test"; state lives in the connection). */
class LibvirtBackendTest {
    static final String UUID = "6695eb01-f6a4-8304-79aa-97f2502e193f";
    LibvirtBackend b;

    @BeforeEach
    void open() throws Exception {
        try {
            b = new LibvirtBackend(List.of("test:///default"));
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            Require.that(false, "libvirt0 not installed (apt-get install libvirt0): " + e.getMessage());
        }
    }

    @AfterEach
    void close() {
        if (b != null) b.close();
    }

    @Test
    void listsTheTestDomain() throws Exception {
        assertThat(b.list()).containsExactly(new HostRecord("test", UUID, HostRecord.RUNNING));
    }

    @Test
    void followsFenceVirtSemantics() {
        assertThat(b.status("test")).isEqualTo(Response.SUCCESS);
        assertThat(b.status(UUID)).as("by UUID").isEqualTo(Response.SUCCESS);
        assertThat(b.off("test")).isEqualTo(Response.SUCCESS);
        assertThat(b.status("test")).isEqualTo(Response.OFF);
        assertThat(b.off("test")).as("already off").isEqualTo(Response.SUCCESS);
        assertThat(b.reboot("test")).as("reboot of a stopped domain succeeds").isEqualTo(Response.SUCCESS);
        assertThat(b.status("test")).as("...without starting it").isEqualTo(Response.OFF);
        assertThat(b.on("test")).isEqualTo(Response.SUCCESS);
        assertThat(b.on("test")).as("already on").isEqualTo(Response.SUCCESS);
        assertThat(b.reboot("test")).isEqualTo(Response.SUCCESS);
        assertThat(b.status("test")).isEqualTo(Response.SUCCESS);
    }

    @Test
    void unknownDomainsFailOrReadAsOff() {
        assertThat(b.off("nosuch")).isEqualTo(Response.FAIL);
        assertThat(b.on("nosuch")).isEqualTo(Response.FAIL);
        assertThat(b.reboot("nosuch")).isEqualTo(Response.FAIL);
        assertThat(b.status("nosuch")).isEqualTo(Response.OFF);
        assertThat(b.monitor()).isEqualTo(Response.SUCCESS);
    }
}

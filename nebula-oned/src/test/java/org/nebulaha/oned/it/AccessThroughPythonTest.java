package org.nebulaha.oned.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nebulaha.oned.daemon.Oned;

/**
 * Users, groups, clusters and ACL rules driven by Python's standard xmlrpc.client
 * (src/test/resources/python/access_api.py): list/show/create/delete of each, and the document
 * shapes an OpenNebula 4.2 client reads (quota elements, DEFAULT_USER_QUOTAS, element order).
 */
class AccessThroughPythonTest {
    @TempDir Path tmp;
    Oned oned;

    @AfterEach
    void stop() {
        if (oned != null) oned.close();
    }

    @Test
    void pythonClientManagesUsersGroupsClustersAndAcls() throws Exception {
        OnedHome home = new OnedHome(tmp, "");
        oned = Oned.start(home.location);
        Path script = tmp.resolve("access_api.py");
        try (var in = getClass().getResourceAsStream("/python/access_api.py")) {
            Files.write(script, in.readAllBytes());
        }
        Process p = new ProcessBuilder("python3", script.toString(), home.url(), home.location.oneAuth().toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("ok: user show: ID GID GNAME NAME PASSWORD AUTH_DRIVER ENABLED TEMPLATE + quotas",
                "ok: added rule reads back as #0 IMAGE/* USE", "ALL OK");
    }
}

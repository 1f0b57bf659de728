package org.nebulaha.oned.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nebulaha.common.http.StalledClients;
import org.nebulaha.oned.xmlrpc.XmlRpcClient;

/**
 * The slow-client attack on a real oned process: 600 connections that send a request header and
 * stall do not keep one.system.version (what the cluster's status check asks) from answering
 * within 1 s.
 */
class StalledClientsTest {
    @TempDir Path tmp;

    @Test
    void onedAnswersWithinOneSecondWhile600ClientsStall() throws Exception {
        OnedHome home = new OnedHome(tmp, "");
        Process p = home.startProcess("oned.log");
        try {
            home.awaitAnswering(p, "oned.log");
            String session = Files.readString(home.location.oneAuth()).strip();
            try (StalledClients stalled = StalledClients.open(new InetSocketAddress("127.0.0.1", home.port), "/RPC2", 600)) {
                // The deadline is the client's timeout (connect and read): later than 1 s fails.
                XmlRpcClient c = new XmlRpcClient(URI.create(home.url()), Duration.ofSeconds(1));
                for (int i = 0; i < 3; i++) {
                    assertThat((List<?>) c.call("one.system.version", session)).first().isEqualTo(true);
                }
                assertThat(stalled.stillOpen()).isEqualTo(600);
            }
            assertThat(p.isAlive()).as(home.log("oned.log")).isTrue();
        } finally {
            p.destroy();
            p.waitFor();
        }
    }
}

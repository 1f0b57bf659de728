package org.nebulaha.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;

class LogsTest {
    @Test
    void writesOneLinePerRecordAndLeavesStandardErrorOpen() {
        PrintStream err = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        ByteArrayOutputStream errBuf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(errBuf, true, StandardCharsets.UTF_8));
        try {
            Logs.setup(new PrintStream(buf, true, StandardCharsets.UTF_8), Level.INFO);
            System.getLogger("org.nebulaha.rgmanager").log(System.Logger.Level.INFO, "start service:{0} on {1}", "web", "node1");
            System.getLogger("x").log(System.Logger.Level.DEBUG, "not shown");
            System.err.println("still here");
            assertThat(buf.toString(StandardCharsets.UTF_8)).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  rgmanager: start service:web on node1\n");
            assertThat(errBuf.toString(StandardCharsets.UTF_8)).isEqualTo("still here\n");
        } finally {
            System.setErr(err);
        }
    }

    @Test
    void debugShowsOurDetailButNotTheJdksOwn() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        Logs.setup(new PrintStream(buf, true, StandardCharsets.UTF_8), Level.FINE);
        System.getLogger("org.nebulaha.sched").log(System.Logger.Level.DEBUG, "no pending VMs");
        System.getLogger("sun.net.www.protocol.http.HttpURLConnection").log(System.Logger.Level.DEBUG, "request headers");
        System.getLogger("sun.net.www.protocol.http.HttpURLConnection").log(System.Logger.Level.WARNING, "connection reset");
        String out = buf.toString(StandardCharsets.UTF_8);
        assertThat(out).contains("FINE  sched: no pending VMs").contains("WARN  HttpURLConnection: connection reset").doesNotContain("request headers");
    }
}

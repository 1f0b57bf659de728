package org.nebulaha.oned.it;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.nebulaha.oned.cli.OneClient;
import org.nebulaha.oned.cli.OnedCommand;
import org.nebulaha.oned.daemon.OneLocation;
import org.nebulaha.oned.daemon.OnedConf;
import org.nebulaha.testkit.JavaProcess;
import org.nebulaha.testkit.Poll;

/** A self-contained ONE_LOCATION for tests, with a free port and fast monitoring. */
final class OnedHome {
    final Path dir;
    final OneLocation location;
    final int port;

    OnedHome(Path dir, String extraConf) throws IOException {
        this.dir = dir;
        this.location = new OneLocation(dir.resolve("etc"), dir.resolve("var"));
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Files.createDirectories(location.etc());
        Files.writeString(location.onedConf(), OnedConf.DEFAULT.replace("PORT = 2633", "PORT = " + port)
                .replace("LISTEN_ADDRESS = \"0.0.0.0\"", "LISTEN_ADDRESS = \"127.0.0.1\"")
                .replace("MONITORING_INTERVAL = 300", "MONITORING_INTERVAL = 1") + extraConf);
        location.createDefaults();
    }

    String url() {
        return "http://127.0.0.1:" + port + "/RPC2";
    }

    OneClient client() throws IOException {
        return new OneClient(URI.create(url()), Files.readString(location.oneAuth()).strip());
    }

    Path actions() throws IOException {
        return Files.createDirectories(location.var().resolve("dummy").resolve("actions"));
    }

    /** Starts {@code oned -f} as a separate process, logging to var/oned-N.log. */
    Process startProcess(String logName) throws IOException {
        ProcessBuilder pb = JavaProcess.builder(OnedCommand.class, java.util.List.of("-f"), Map.of("ONE_LOCATION", dir.toString()));
        pb.redirectErrorStream(true);
        pb.redirectOutput(location.var().resolve(logName).toFile());
        return pb.start();
    }

    void awaitAnswering(Process p, String logName) throws IOException {
        OneClient c = client();
        Poll.until(Duration.ofSeconds(60), () -> {
            if (!p.isAlive()) return true;
            try {
                c.call("one.system.version");
                return true;
            } catch (OneClient.CallException e) {
                return false;
            }
        }, () -> log(logName));
        if (!p.isAlive()) throw new AssertionError("oned exited with " + p.exitValue() + ":\n" + log(logName));
    }

    String log(String logName) {
        try {
            return Files.readString(location.var().resolve(logName));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }
}

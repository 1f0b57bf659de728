package org.nebulaha.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The quorum witness in the lab ({@code lab up --witness}): {@code nebula-witness} on the physical
 * host (where fence_virtd runs), with the cluster key the nodes have, and the ccs commands that
 * configure it once the guide's configuration is in: {@code --setcman expected_votes=N+1} (the
 * witness replaces two_node) and {@code --setquorumd host=physical}, then activated. docs/lab.md.
 */
final class LabWitness {
    static final int PORT = 5403;

    private LabWitness() {}

    /** Starts the witness on {@code physical} (its own network namespace, or its loopback address). */
    static void start(LabHost physical, Path home, byte[] clusterKey, boolean loopback, Map<String, String> env) {
        Path key = physical.dir().resolve("cluster.key");
        try {
            Files.write(key, clusterKey);
            Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("r--------"));
            List<String> cmd = new ArrayList<>(loopback ? List.of("setsid") : List.of("setsid", "ip", "netns", "exec", "physical"));
            cmd.addAll(List.of(home.resolve("bin/nebula-witness").toString(), "-a", physical.address(), "-p", String.valueOf(PORT),
                    "-k", key.toString(), "-c", physical.dir().resolve("witness.p12").toString()));
            Path log = physical.dir().resolve("nebula-witness.log");
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            pb.environment().putAll(env);
            pb.environment().put("NEBULA_JAVA_OPTS", "-Xms8m -Xmx32m -XX:MaxMetaspaceSize=48m -Xss512k");
            pb.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!(Files.exists(log) && Files.readString(log).contains("serving on"))) {
                if (System.nanoTime() > deadline)
                    throw new LabException("nebula-witness did not start on the physical host within 30 s; see " + log);
                java.util.concurrent.locks.LockSupport.parkNanos(50_000_000L);
            }
        } catch (IOException e) {
            throw new LabException("cannot start nebula-witness: " + e.getMessage());
        }
    }

    /** The ccs commands that make the cluster use the witness (run after the guide's, before waiting for the service). */
    static List<List<String>> ccsCommands(int nodes) {
        return List.of(
                List.of("-h", "one-server1", "--setcman", "expected_votes=" + (nodes + 1)),
                List.of("-h", "one-server1", "--setquorumd", "host=physical", "port=" + PORT),
                List.of("-h", "one-server1", "--sync", "--activate"));
    }
}

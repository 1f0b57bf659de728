package org.nebulaha.rgmanager.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nebulaha.conf.ClusterConfParser;
import org.nebulaha.conf.model.ClusterConf;
import org.nebulaha.rgmanager.agent.AgentResult;
import org.nebulaha.rgmanager.agent.ScriptAgent;
import org.nebulaha.rgmanager.agent.ServiceRunner;
import org.nebulaha.rgmanager.agent.SystemProcessRunner;
import org.nebulaha.rgmanager.exec.LocalResourceManager;
import org.nebulaha.rgmanager.exec.PidWatcher;
import org.nebulaha.testkit.Poll;

/** A real LSB script under the local resource manager: start, status, kill its process, stop. */
class ScriptFastPathTest {
    @TempDir Path dir;
    ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    LocalResourceManager local;

    @AfterEach
    void tearDown() throws Exception {
        if (local != null) local.stop("app");
        if (local != null) local.close();
        scheduler.shutdownNow();
    }

    @Test
    void theDeathOfTheScriptsProcessIsSeenAtOnceNotAtTheNextStatusCheck() throws Exception {
        Path script = LsbScripts.write(dir, "app");
        // status every 10 minutes: only the pid watch can notice the kill within the poll below
        ClusterConf conf = ClusterConfParser.parse("<cluster name=\"c\" config_version=\"1\"><clusternodes><clusternode name=\"n1\" nodeid=\"1\"/></clusternodes>"
                + "<rm><service name=\"app\"><script name=\"app\" file=\"" + script + "\"><action name=\"status\" interval=\"600\"/></script></service></rm></cluster>", "t");
        SystemProcessRunner runner = new SystemProcessRunner(List.of(), Map.of("NEBULA_ROOT", dir.toString()));
        List<String> failures = new CopyOnWriteArrayList<>();
        local = new LocalResourceManager("n1", conf, new ServiceRunner(Map.of("script", new ScriptAgent(runner))),
                (node, svc, why) -> failures.add(svc + ": " + why), scheduler, Duration.ofMillis(100), dir);

        assertThat(local.start("app")).isEqualTo(LocalResourceManager.OpResult.OK);
        Path pidFile = dir.resolve("var/run/app.pid");
        long pid = PidWatcher.readPidFile(pidFile).orElseThrow();
        var res = conf.rm().service("app").orElseThrow().resources().get(0);
        assertThat(new ScriptAgent(runner).status(res, Duration.ofSeconds(5)).isOk()).isTrue();

        ProcessHandle.of(pid).orElseThrow().destroyForcibly();
        Poll.until(Duration.ofSeconds(5), () -> !failures.isEmpty(), () -> "failures " + failures + ", report " + local.report());
        assertThat(failures.get(0)).contains("app: script:app failed its status check (its process " + pid);

        assertThat(local.stop("app")).isEqualTo(LocalResourceManager.OpResult.OK);
        assertThat(Files.exists(pidFile)).isFalse();
        AgentResult again = new ScriptAgent(runner).stop(res, Duration.ofSeconds(5));
        assertThat(again.isOk()).as("stop of a stopped LSB script must be 0: " + again).isTrue();
        assertThat(new ScriptAgent(runner).status(res, Duration.ofSeconds(5)).code()).isEqualTo(AgentResult.OCF_NOT_RUNNING);
    }

    @Test
    void aPidFileWrittenAfterStartReturnsIsStillWatched() throws Exception {
        Path script = dir.resolve("late");
        Files.writeString(script, """
                #!/bin/sh
                PIDFILE="$NEBULA_ROOT/var/run/late.pid"
                case "$1" in
                  start) mkdir -p "$(dirname "$PIDFILE")"
                         PIDFILE="$PIDFILE" sh -c 'sleep 0.5; echo $$ > "$PIDFILE"; exec sleep 100000' </dev/null >/dev/null 2>&1 &
                         exit 0;;
                  stop) [ -f "$PIDFILE" ] && kill "$(cat "$PIDFILE")"; rm -f "$PIDFILE"; exit 0;;
                  status) [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null && ! grep -q '^State:[[:space:]]*Z' /proc/$(cat "$PIDFILE")/status && exit 0
                          [ -f "$PIDFILE" ] && exit 1; exit 0;;
                esac
                """);
        Files.setPosixFilePermissions(script, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        ClusterConf conf = ClusterConfParser.parse("<cluster name=\"c\" config_version=\"1\"><clusternodes><clusternode name=\"n1\" nodeid=\"1\"/></clusternodes>"
                + "<rm><service name=\"app\"><script name=\"late\" file=\"" + script + "\"><action name=\"status\" interval=\"600\"/></script></service></rm></cluster>", "t");
        SystemProcessRunner runner = new SystemProcessRunner(List.of(), Map.of("NEBULA_ROOT", dir.toString()));
        List<String> failures = new CopyOnWriteArrayList<>();
        local = new LocalResourceManager("n1", conf, new ServiceRunner(Map.of("script", new ScriptAgent(runner))),
                (node, svc, why) -> failures.add(svc + ": " + why), scheduler, Duration.ofMillis(100), dir);
        assertThat(local.start("app")).isEqualTo(LocalResourceManager.OpResult.OK);
        Path pidFile = dir.resolve("var/run/late.pid");
        Poll.until(Duration.ofSeconds(5), () -> PidWatcher.readPidFile(pidFile).isPresent());
        long pid = PidWatcher.readPidFile(pidFile).orElseThrow();
        // without the retries nothing would notice this kill: the status interval is 600 s
        ProcessHandle.of(pid).orElseThrow().destroyForcibly();
        Poll.until(Duration.ofSeconds(5), () -> !failures.isEmpty(), () -> "failures " + failures);
        assertThat(failures.get(0)).contains("its process " + pid);
    }
}

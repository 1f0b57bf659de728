package org.nebulaha.rgmanager.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.nebulaha.common.NebulaRoot;
import org.nebulaha.conf.model.Resource;

/**
 * The {@code script} resource: an LSB init script run as {@code FILE start|stop|status}, as
 * rgmanager's script.sh does. The file must exist (else OCF_ERR_INSTALLED), be a regular non-empty
 * file (OCF_ERR_ARGS) and be executable (OCF_ERR_PERM). Any non-zero exit of start or stop is a
 * failure; status 0 means running, 3 not running (LSB), anything else a failure. A stop of a stopped
 * script must exit 0, as LSB requires, or the service goes to {@code failed}: we do not hide it.
 *
 * <p>For the fast path the agent names the script's pid file: attribute {@code pid_file} (our
 * extension), else {@code /var/run/<basename of file>.pid}, under the node's root ({@link NebulaRoot}).
 */
public final class ScriptAgent implements ResourceAgent {
    private final ProcessRunner runner;

    public ScriptAgent(ProcessRunner runner) {
        this.runner = runner;
    }

    @Override
    public AgentResult start(Resource r, Duration timeout) {
        return run(r, "start", timeout);
    }

    @Override
    public AgentResult stop(Resource r, Duration timeout) {
        return run(r, "stop", timeout);
    }

    @Override
    public AgentResult status(Resource r, Duration timeout) {
        AgentResult a = run(r, "status", timeout);
        if (a.code() == 3) return AgentResult.error(AgentResult.OCF_NOT_RUNNING, a.message() + " (LSB 3: not running)");
        return a;
    }

    /**
     * The pid file that names the script's main process: {@code pid_file} if given, else
     * {@code /var/run/<basename of file>.pid}; both taken under {@code root} (a node's
     * {@link NebulaRoot}, "/" on a real host).
     */
    public static Optional<Path> pidFile(Resource r, Path root) {
        String explicit = r.attr("pid_file");
        String file = r.attr("file");
        if (explicit == null && file == null) return Optional.empty();
        String abs = explicit != null ? explicit : "/var/run/" + Path.of(file).getFileName() + ".pid";
        return Optional.of(root.resolve(abs.startsWith("/") ? abs.substring(1) : abs));
    }

    private AgentResult run(Resource r, String op, Duration timeout) {
        String file = r.attr("file");
        if (file == null) return AgentResult.error(AgentResult.OCF_ERR_ARGS, r.id() + ": no file= given");
        Path p = Path.of(file);
        if (!Files.exists(p)) return AgentResult.error(AgentResult.OCF_ERR_INSTALLED, file + " does not exist");
        try {
            if (!Files.isRegularFile(p) || Files.size(p) == 0)
                return AgentResult.error(AgentResult.OCF_ERR_ARGS, file + " is not a regular non-empty file");
        } catch (IOException e) {
            return AgentResult.error(AgentResult.OCF_ERR_ARGS, file + ": " + e.getMessage());
        }
        if (!Files.isExecutable(p)) return AgentResult.error(AgentResult.OCF_ERR_PERM, file + " is not executable; chmod +x it");
        try {
            ProcessRunner.Result res = runner.run(List.of(file, op), Map.of(), timeout);
            if (res.ok()) return AgentResult.ok(file + " " + op + ": exit 0");
            if (res.timedOut()) return AgentResult.error(AgentResult.OCF_ERR_GENERIC, file + " " + op + ": " + res.summary(timeout));
            return new AgentResult(res.exitCode() == 3 && op.equals("status") ? 3 : AgentResult.OCF_ERR_GENERIC,
                    file + " " + op + ": " + res.summary(timeout));
        } catch (IOException e) {
            return AgentResult.error(AgentResult.OCF_ERR_GENERIC, file + " " + op + ": " + e.getMessage());
        }
    }
}

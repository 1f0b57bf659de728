package org.nebulaha.fence.lab;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.nebulaha.common.CommandRunner;
import org.nebulaha.fence.xvm.HostRecord;

/**
 * The lab power command: one executable that powers lab hosts, shared by fence_virtd's {@code lab}
 * backend and the {@code fence_lab} agent. It is called as
 * <pre>
 * CMD off|on|reboot HOST   exit 0 = done, anything else = failed
 * CMD status HOST          exit 0 = running, 2 = off (or unknown host), anything else = failed
 * CMD list                 exit 0; stdout: one line per host, "NAME [UUID] on|off" (# comments allowed)
 * </pre>
 * A missing UUID is derived from the name (a name-based UUID), so list records always carry one.
 * Calls that outlive the timeout are killed and count as failed.
 */
public final class PowerCommand {
    /** Exit value reported when the command could not be run or was killed. */
    public static final int FAILED = 1;

    private final Path executable;
    private final Duration timeout;

    public PowerCommand(Path executable, Duration timeout) {
        this.executable = executable;
        this.timeout = timeout;
    }

    public Path executable() {
        return executable;
    }

    /** Checks at startup that the command can be run, so a typo shows up before the first fence. */
    public void check() throws IOException {
        if (!Files.isRegularFile(executable) || !Files.isExecutable(executable))
            throw new IOException("power_command " + executable + " is not an executable file");
    }

    public record Run(int exitCode, String stdout, String stderr) {}

    public Run run(String action, String host) {
        List<String> cmd = new ArrayList<>(List.of(executable.toString(), action));
        if (host != null) cmd.add(host);
        try {
            CommandRunner.Result r = CommandRunner.run(CommandRunner.Spec.of(cmd, timeout).separateStderr());
            if (r.timedOut()) return new Run(FAILED, "", "killed after " + timeout.toSeconds() + " s");
            return new Run(r.exitCode(), r.stdout(), r.stderr());
        } catch (IOException e) {
            return new Run(FAILED, "", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Run(FAILED, "", "interrupted");
        }
    }

    /** Runs {@code list} and parses its lines. */
    public List<HostRecord> list() throws IOException {
        Run r = run("list", null);
        if (r.exitCode() != 0) throw new IOException(executable + " list exited " + r.exitCode() + ": " + r.stderr().strip());
        return parseList(r.stdout(), executable + " list");
    }

    public static List<HostRecord> parseList(String text, String source) throws IOException {
        List<HostRecord> hosts = new ArrayList<>();
        int n = 0;
        for (String raw : text.split("\n")) {
            n++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            String[] f = line.split("\\s+");
            if (f.length < 2 || f.length > 3)
                throw new IOException(source + ": line " + n + " '" + line + "': expected 'NAME [UUID] on|off'");
            String uuid = f.length == 3 ? f[1] : UUID.nameUUIDFromBytes(f[0].getBytes(StandardCharsets.UTF_8)).toString();
            hosts.add(new HostRecord(f[0], uuid, state(f[f.length - 1], source, n)));
        }
        return hosts;
    }

    private static int state(String word, String source, int line) throws IOException {
        return switch (word.toLowerCase(Locale.ROOT)) {
            case "on", "running" -> HostRecord.RUNNING;
            case "off", "shutoff" -> HostRecord.SHUTOFF;
            default -> throw new IOException(source + ": line " + line + ": state '" + word + "' is not on or off");
        };
    }
}

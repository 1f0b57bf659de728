package org.nebulaha.fence.fenced;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.nebulaha.fence.agent.AgentRunner;

/**
 * Small real fence agents (sh scripts) in a temp folder. Every agent reads its stdin like a real
 * one and appends "AGENT nodename=... port=..." to {@code calls.log}; the recorder also keeps its
 * whole stdin, one call after another, separated by "--" lines, in {@code stdin.log}.
 * <ul>
 *   <li>fence_ok: succeeds.</li>
 *   <li>fence_fail: fails (exit 1, a message on stderr).</li>
 *   <li>fence_flaky: fails the first {@code fails=N} calls (counted in {@code counter=FILE}), then succeeds.</li>
 *   <li>fence_hang: never answers (sleeps 30 s), so the runner must kill it.</li>
 *   <li>fence_record: records its stdin and succeeds.</li>
 * </ul>
 */
final class ScriptAgents {
    final Path dir;

    ScriptAgents(Path dir) throws IOException {
        this.dir = dir;
        String read = """
                #!/bin/sh
                fails=0; counter=/dev/null; nodename=; port=; action=reboot
                while IFS='=' read -r k v; do
                  case "$k" in
                    fails) fails=$v;; counter) counter=$v;; nodename) nodename=$v;; port) port=$v;; action) action=$v;;
                  esac
                done
                echo "$(basename "$0") nodename=$nodename port=$port action=$action" >> "%s/calls.log"
                """.formatted(dir);
        write("fence_ok", read + "echo \"Success: Rebooted\"\nexit 0\n");
        write("fence_fail", read + "echo \"Failed: unable to connect to the switch\" >&2\nexit 1\n");
        write("fence_flaky", read + """
                n=$(cat "$counter" 2>/dev/null || echo 0); n=$((n+1)); echo $n > "$counter"
                if [ "$n" -le "$fails" ]; then echo "Failed: attempt $n" >&2; exit 1; fi
                echo "Success: attempt $n"; exit 0
                """);
        // A device whose node is already powered off: status says OFF (exit 2), the rest succeed.
        write("fence_off", read + "[ \"$action\" = status ] && { echo \"Status: OFF\"; exit 2; }\necho \"Success: Powered OFF\"\nexit 0\n");
        write("fence_hang", read + "exec sleep 30\n");
        write("fence_record", "#!/bin/sh\n{ cat; echo --; } >> \"" + dir + "/stdin.log\"\necho \"fence_record\" >> \"" + dir + "/calls.log\"\nexit 0\n");
    }

    private void write(String name, String body) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, body);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    AgentRunner runner() {
        return new AgentRunner(List.of(dir));
    }

    /** The lines of calls.log (one per agent run), empty when none ran. */
    List<String> calls() throws IOException {
        Path p = dir.resolve("calls.log");
        return Files.exists(p) ? Files.readAllLines(p) : List.of();
    }

    String stdin() throws IOException {
        Path p = dir.resolve("stdin.log");
        return Files.exists(p) ? Files.readString(p) : "";
    }
}

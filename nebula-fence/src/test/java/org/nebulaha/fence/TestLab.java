package org.nebulaha.fence;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

/**
 * A lab power command for tests: a shell script that keeps each host's power state in a file
 * (hosts/NAME holds "on" or "off") and appends every call to calls.log. It follows the
 * convention of {@link org.nebulaha.fence.lab.PowerCommand}.
 */
public final class TestLab {
    private final Path dir;

    private TestLab(Path dir) {
        this.dir = dir;
    }

    public static TestLab create(Path dir, Map<String, Boolean> hosts) throws IOException {
        Files.createDirectories(dir.resolve("hosts"));
        for (var e : hosts.entrySet()) Files.writeString(dir.resolve("hosts").resolve(e.getKey()), e.getValue() ? "on\n" : "off\n");
        Path script = dir.resolve("lab-power");
        Files.writeString(script, """
                #!/bin/sh
                here=$(dirname "$0"); d=$here/hosts
                echo "$*" >> "$here/calls.log"
                case "$1" in
                  list) for f in "$d"/*; do echo "$(basename "$f") $(cat "$f")"; done ;;
                  status) [ -f "$d/$2" ] || exit 2; [ "$(cat "$d/$2")" = on ] && exit 0; exit 2 ;;
                  on|off) [ -f "$d/$2" ] || { echo "no lab host named $2" >&2; exit 1; }; echo "$1" > "$d/$2" ;;
                  reboot) [ -f "$d/$2" ] || { echo "no lab host named $2" >&2; exit 1; }; echo on > "$d/$2" ;;
                  *) echo "unknown action $1" >&2; exit 1 ;;
                esac
                """);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return new TestLab(dir);
    }

    public Path command() {
        return dir.resolve("lab-power");
    }

    public String state(String host) throws IOException {
        return Files.readString(dir.resolve("hosts").resolve(host)).strip();
    }

    public void set(String host, boolean on) throws IOException {
        Files.writeString(dir.resolve("hosts").resolve(host), on ? "on\n" : "off\n");
    }

    /** Every call made so far, e.g. "off node2". */
    public List<String> calls() throws IOException {
        Path log = dir.resolve("calls.log");
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }
}

package org.nebulaha.rgmanager.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A real LSB init script for tests: {@code start} runs a daemon ({@code sleep}) and writes its pid to
 * {@code $NEBULA_ROOT/var/run/NAME.pid}; {@code status} follows LSB (0 running, 1 dead with pid file,
 * 3 stopped) and treats a zombie as dead; {@code stop} of a stopped service exits 0. A file
 * {@code $NEBULA_ROOT/fail-stop-NAME} makes stop fail (exit 1).
 */
final class LsbScripts {
    private LsbScripts() {}

    static Path write(Path dir, String name) throws IOException {
        return write(dir, name, "sleep 100000");
    }

    /** As {@link #write(Path, String)}, running {@code daemon} (a command that stays in the foreground). */
    static Path write(Path dir, String name, String daemon) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, """
                #!/bin/sh
                NAME=$(basename "$0")
                PIDFILE="${NEBULA_ROOT:-}/var/run/$NAME.pid"
                alive() { [ -f "$PIDFILE" ] || return 1; pid=$(cat "$PIDFILE"); kill -0 "$pid" 2>/dev/null || return 1; ! grep -q '^State:[[:space:]]*Z' /proc/$pid/status 2>/dev/null; }
                case "$1" in
                  start)
                    alive && exit 0
                    mkdir -p "$(dirname "$PIDFILE")"
                    DAEMON </dev/null >/dev/null 2>&1 &
                    echo $! > "$PIDFILE"
                    exit 0;;
                  stop)
                    [ -f "${NEBULA_ROOT:-}/fail-stop-$NAME" ] && { echo "$NAME: cannot stop (told to fail)"; exit 1; }
                    [ -f "$PIDFILE" ] && { kill "$(cat "$PIDFILE")" 2>/dev/null; rm -f "$PIDFILE"; }
                    exit 0;;
                  status)
                    alive && exit 0
                    [ -f "$PIDFILE" ] && exit 1
                    exit 3;;
                  *) echo "Usage: $0 {start|stop|status}"; exit 2;;
                esac
                """.replace("DAEMON", daemon));
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }
}

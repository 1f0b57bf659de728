#!/bin/sh
# Tests of the assembled folder's start path (run by `mvn verify` in nebula-dist, against
# target/nebula-ha): the init scripts opennebula and opennebula-sunstone with the curl probes and
# with the JVM probes (NEBULA_NO_CURL=1), their LSB status codes (0 answering, 1 pid file but no
# answer, 3 stopped), the oned.conf reading of the curl probe, and libexec/nebula-java's start-up
# aids (archive used when it fits, ignored silently when the folder moved, a jar changed or
# NEBULA_CDS=off; sqlite's native library not extracted again).
# Usage: start-path-test.sh DIST_FOLDER. Exit 0 when every check passed; each failure is printed.
set -u
dist=$(readlink -f "${1:?usage: start-path-test.sh DIST_FOLDER}")
tmp=$(mktemp -d "${TMPDIR:-/tmp}/nebula-start-test.XXXXXX")
failures=0
pass() { echo "ok   - $*"; }
fail() { echo "FAIL - $*"; failures=$((failures + 1)); }
# check DESCRIPTION EXPECTED ACTUAL
check() { if [ "$2" = "$3" ]; then pass "$1"; else fail "$1: expected '$2', got '$3'"; fi; }
# until_true SECONDS COMMAND...: poll every 0.05 s until COMMAND succeeds; false at the deadline
until_true() {
    n=$(($1 * 20)); shift
    until "$@"; do [ $n -le 0 ] && return 1; sleep 0.05; n=$((n - 1)); done
}
free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null ||
        echo $((20000 + $$ % 30000))
}
cleanup() {
    NEBULA_ROOT="$tmp/root" ONE_LOCATION="$tmp/one" "$dist/etc/init.d/opennebula-sunstone" stop > /dev/null 2>&1
    NEBULA_ROOT="$tmp/root" ONE_LOCATION="$tmp/one" "$dist/etc/init.d/opennebula" stop > /dev/null 2>&1
    rm -rf "$tmp"
}
trap cleanup EXIT
command -v curl > /dev/null || { echo "start-path-test: needs curl (.ci/run installs it)"; exit 1; }

export NEBULA_ROOT="$tmp/root" ONE_LOCATION="$tmp/one"
port=$(free_port)
mkdir -p "$tmp/one/etc"
# An attribute oned ignores, with a PORT inside a vector over several lines: the probe must keep
# oned's own PORT.
cat > "$tmp/one/etc/oned.conf" <<EOF
PORT = 2633
LISTEN_ADDRESS = "127.0.0.1"
PORT = $port   # the last one counts
NOT_AN_ONED_KEY = [
  PORT = 1 ]
MONITORING_INTERVAL = 300
EOF
ONED="$dist/etc/init.d/opennebula"
SUNSTONE="$dist/etc/init.d/opennebula-sunstone"
one_version() {
    curl -s -m 5 -H 'Content-Type: text/xml' --data-binary \
        "<?xml version=\"1.0\"?><methodCall><methodName>one.system.version</methodName><params><param><value><string>$(cat "$tmp/one/var/.one/one_auth")</string></value></param></params></methodCall>" \
        "http://127.0.0.1:$port/RPC2" 2>/dev/null | grep -q '<boolean>1</boolean>'
}
status_of() { "$1" status > /dev/null 2>&1; echo $?; }

# ---- opennebula with curl probes
check "opennebula status before start" 3 "$(status_of "$ONED")"
"$ONED" start > "$tmp/start.out" 2>&1
check "opennebula start" 0 $?
if one_version; then pass "oned answers one.system.version when start returns"; else fail "oned does not answer after start: $(cat "$tmp/start.out")"; fi
check "opennebula status while oned answers" 0 "$(status_of "$ONED")"
check "opennebula status through the JVM probe (no curl)" 0 "$(NEBULA_NO_CURL=1 status_of "$ONED")"
[ -e "$NEBULA_ROOT/var/run/opennebula.pid" ] && pass "pid file for rgmanager's crash watch" || fail "no var/run/opennebula.pid"
onedpid=$(cat "$NEBULA_ROOT/var/run/oned.pid")
kill -9 "$onedpid"
gone() { ! kill -0 "$onedpid" 2>/dev/null; }
until_true 10 gone || fail "oned did not die"
check "opennebula status after kill -9 of oned" 1 "$(status_of "$ONED")"
check "opennebula status after kill -9 (JVM probe)" 1 "$(NEBULA_NO_CURL=1 status_of "$ONED")"
"$ONED" stop > /dev/null 2>&1
check "opennebula stop" 0 $?
check "opennebula status after stop" 3 "$(status_of "$ONED")"

# ---- opennebula with the JVM probe only
NEBULA_NO_CURL=1 "$ONED" start > "$tmp/start.out" 2>&1
check "opennebula start with the JVM probe" 0 $?
if one_version; then pass "oned answers when start (JVM probe) returns"; else fail "oned does not answer after start (JVM probe): $(cat "$tmp/start.out")"; fi
"$ONED" stop > /dev/null 2>&1
check "opennebula status after the second stop" 3 "$(status_of "$ONED")"

# ---- a start that fails is reported at once, not after the timeout
printf 'PORT = %s\nLISTEN_ADDRESS = "127.0.0.1"\nON_DRIVER_FAILURE = "maybe"\n' "$port" > "$tmp/one/etc/oned.conf"
t0=$(date +%s)
"$ONED" start > "$tmp/start.out" 2>&1
check "opennebula start with a bad oned.conf" 1 $?
grep -q "oned failed to start" "$tmp/start.out" && pass "start says oned failed" || fail "start output: $(cat "$tmp/start.out")"
[ $(($(date +%s) - t0)) -lt 30 ] && pass "the failure is reported before the start timeout" || fail "the failed start took until the timeout"
"$ONED" stop > /dev/null 2>&1

# ---- opennebula-sunstone
sport=$(free_port)
export SUNSTONE_OPTS="--port $sport --oned http://127.0.0.1:1/RPC2" SUNSTONE_URL="http://127.0.0.1:$sport/login"
check "sunstone status before start" 3 "$(status_of "$SUNSTONE")"
"$SUNSTONE" start > "$tmp/sstart.out" 2>&1
check "sunstone start" 0 $?
code=$(curl -s -o /dev/null -m 5 -w '%{http_code}' "$SUNSTONE_URL")
check "Sunstone answers when start returns" 200 "$code"
check "sunstone status while it answers" 0 "$(status_of "$SUNSTONE")"
check "sunstone status through the JVM probe (no curl)" 0 "$(NEBULA_NO_CURL=1 status_of "$SUNSTONE")"
spid=$(cat "$NEBULA_ROOT/var/run/sunstone.pid")
kill -9 "$spid"
sgone() { ! kill -0 "$spid" 2>/dev/null; }
until_true 10 sgone || fail "sunstone did not die"
check "sunstone status after kill -9" 1 "$(status_of "$SUNSTONE")"
"$SUNSTONE" stop > /dev/null 2>&1
check "sunstone status after stop" 3 "$(status_of "$SUNSTONE")"

# ---- a daemon that exited but is not reaped yet (a zombie) counts as stopped
if command -v python3 > /dev/null; then
    zombie_verdict=$(python3 - "$dist/libexec/nebula-init-functions" <<'PY'
import os, subprocess, sys, time
pid = os.fork()
if pid == 0:
    os._exit(0)
while True:  # the child has exited once its state is Z; it stays so until we wait for it
    with open("/proc/%d/stat" % pid) as f:
        if f.read().rsplit(") ", 1)[1].startswith("Z"):
            break
    time.sleep(0.01)
r = subprocess.run(["sh", "-c", '. "$0" && if nebula_alive "$1"; then echo alive; else echo gone; fi; '
                    'if nebula_alive "$2"; then echo alive; else echo gone; fi', sys.argv[1], str(pid), str(os.getpid())],
                   capture_output=True, text=True)
print(" ".join(r.stdout.split()))
os.waitpid(pid, 0)
PY
)
    check "nebula_alive: zombie gone, live process alive" "gone alive" "$zombie_verdict"
fi

# ---- nebula-java's start-up aids
loaded_from_archive() { # HOME: a class of ours comes from the archive when ccs --help runs
    NEBULA_JAVA_OPTS="-Xlog:class+load=info:file=$tmp/cl.log" "$1/bin/ccs" --help > /dev/null 2>&1
    grep -q 'org.nebulaha.conf.cli.CcsCommand source: shared objects file' "$tmp/cl.log"
}
"$dist/bin/ccs" --help > "$tmp/help.expected" 2> "$tmp/help.err"
check "ccs --help prints nothing on stderr" "" "$(cat "$tmp/help.err")"
if [ -r "$dist/lib/cds/nebula-ha.jsa" ]; then
    loaded_from_archive "$dist" && pass "the archive is used in the folder it was made for" || fail "the archive is not used in $dist"
    NEBULA_CDS=off loaded_from_archive "$dist" && fail "NEBULA_CDS=off still uses the archive" || pass "NEBULA_CDS=off starts without the archive"
    cp -a "$dist" "$tmp/moved"
    m="$tmp/moved"
    loaded_from_archive "$m" && fail "a moved folder uses an archive made for another path" || pass "a moved folder ignores the archive"
    "$m/bin/ccs" --help > "$tmp/help.moved" 2>&1
    cmp -s "$tmp/help.expected" "$tmp/help.moved" && pass "moved folder: same output, no JVM warning" || fail "moved folder: output differs: $(diff "$tmp/help.expected" "$tmp/help.moved")"
    "$m/libexec/nebula-cds" > "$tmp/cds.out" 2>&1
    check "nebula-cds in the moved folder" 0 $?
    loaded_from_archive "$m" && pass "the moved folder's new archive is used" || fail "new archive not used: $(cat "$tmp/cds.out")"
    # The JVM refuses an archive when a jar changed after the dump (and then starts without even
    # the JDK's default archive); nebula-java must not hand it over.
    touch "$(ls "$m"/lib/nebula-conf-*.jar | head -n 1)"
    loaded_from_archive "$m" && fail "a jar newer than the archive: archive still used" || pass "a jar newer than the archive: archive ignored"
    "$m/bin/ccs" --help > "$tmp/help.touched" 2>&1
    cmp -s "$tmp/help.expected" "$tmp/help.touched" && pass "jar changed: same output, no JVM warning" || fail "jar changed: output differs"
    "$m/libexec/nebula-cds" > "$tmp/cds.out" 2>&1
    loaded_from_archive "$m" && pass "archive used again once made again" || fail "archive not used after nebula-cds: $(cat "$tmp/cds.out")"
    printf '%s\n%s\n' "$m" /nonexistent/bin/java > "$m/lib/cds/stamp"
    loaded_from_archive "$m" && fail "archive used with another java" || pass "archive made by another java: ignored"
    rm -rf "$m"
else
    fail "no lib/cds/nebula-ha.jsa in $dist (libexec/nebula-cds at package time)"
fi
for d in "$dist"/lib/cds/sqlite-jdbc-*; do
    [ -r "$d/libsqlitejdbc.so" ] || { fail "no extracted sqlite native library"; break; }
    mkdir -p "$tmp/jtmp" "$tmp/one2/etc"
    printf 'PORT = %s\nLISTEN_ADDRESS = "127.0.0.1"\n' "$(free_port)" > "$tmp/one2/etc/oned.conf"
    ONE_LOCATION="$tmp/one2" NEBULA_JAVA_OPTS="-Djava.io.tmpdir=$tmp/jtmp" "$dist/bin/oned" -f > "$tmp/oned2.log" 2>&1 &
    p=$!
    listening() { grep -q 'listening on' "$tmp/oned2.log"; }
    until_true 60 listening && pass "oned starts with the extracted sqlite library" || fail "oned did not start: $(tail -n 3 "$tmp/oned2.log")"
    kill "$p"; wait "$p" 2>/dev/null
    check "sqlite-jdbc extracted nothing to java.io.tmpdir" "" "$(ls "$tmp/jtmp" | grep -i sqlite)"
done

echo "start-path-test: $failures failure(s)"
[ "$failures" -eq 0 ]

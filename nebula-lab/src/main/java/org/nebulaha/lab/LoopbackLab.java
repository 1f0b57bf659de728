package org.nebulaha.lab;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The loopback lab: the guide's hosts without namespaces or root. Linux routes all of 127.0.0.0/8 to
 * {@code lo} and any of it can be bound by any user, so each host gets its own 127.10.11.x address
 * (one-server1 127.10.11.101, the floating IP 127.10.11.12) and each node is a process tree with its
 * own root folder ({@code NEBULA_ROOT}, where every fixed path of the tools lives) and its own
 * {@code /etc/cluster/hosts} (name to address). A host is every process whose environment holds its
 * {@code NEBULA_ROOT}: that is what a power-off kills and a pause stops.
 */
final class LoopbackLab {
    static final String SUBNET = "127.10.11";
    /** The longest Unix socket path Linux accepts (sun_path is 108 bytes with the final NUL). */
    static final int MAX_SOCKET_PATH = 107;
    static final String API_SOCKET = "/var/run/cluster/nebula.sock";

    private LoopbackLab() {}

    /** A host's root folder: its {@code /etc}, {@code /var} and {@code /root} live here. */
    static Path root(LabHost h) {
        return h.dir().resolve("root");
    }

    /** A fixed path of the original layout inside a host's root. */
    static Path file(LabHost h, String absolute) {
        return root(h).resolve(absolute.startsWith("/") ? absolute.substring(1) : absolute);
    }

    /** What every process of the host runs with: its root, its name, its home. */
    static Map<String, String> env(LabHost h) {
        Map<String, String> env = new HashMap<>();
        env.put("NEBULA_ROOT", root(h).toString());
        env.put("HOME", file(h, "/root").toString());
        if (h.kind() == LabHost.Kind.NODE) env.put("NEBULA_NODE_NAME", h.name());
        return env;
    }

    /** The table of held floating addresses, shared by the nodes (the rgmanager ip agent's LoopbackAddressManager). */
    static Path floatingTable(Path dir) {
        return dir.resolve("shared/floating-addresses");
    }

    /** {@code /etc/cluster/hosts} of a host: every host by name, and localhost as its own address (ccs without -h). */
    static String hostsFile(LabHost self, List<LabHost> all) {
        StringBuilder sb = new StringBuilder("# nebula-ha loopback lab: NAME ADDRESS (read through NEBULA_HOSTS / HostResolver)\n");
        sb.append("localhost ").append(self.address()).append('\n');
        for (LabHost o : all) sb.append(o.name()).append(' ').append(o.address()).append('\n');
        return sb.toString();
    }

    /**
     * {@code /etc/default/nebula-ha} of a node, read by every init script: ricci listens on the node's
     * address under its name, Sunstone on the floating address; the node daemon holds that address in
     * the shared table and fence_xvm sends its requests on lo only.
     */
    static String defaults(LabHost node, Path home, Path dir, String floating, int sunstonePort) {
        return """
                # nebula-ha loopback lab: settings of @NODE@ for the init scripts (sourced; exports reach the daemons)
                NEBULA_HOME=@HOME@
                ONE_LOCATION=@DIR@/shared/one
                RICCI_OPTS="-a @ADDRESS@ -n @NODE@"
                SUNSTONE_OPTS="--host @FLOATING@ --port @PORT@"
                SUNSTONE_URL=http://@FLOATING@:@PORT@/login
                export NEBULA_NODE_NAME=@NODE@
                export NEBULA_LOOPBACK_IPS=@TABLE@
                export NEBULA_XVM_SOURCES=127.0.0.1
                export ONE_XMLRPC=http://127.0.0.1:2633/RPC2
                """.replace("@NODE@", node.name()).replace("@HOME@", home.toString()).replace("@DIR@", dir.toString())
                .replace("@ADDRESS@", node.address()).replace("@FLOATING@", floating).replace("@PORT@", String.valueOf(sunstonePort))
                .replace("@TABLE@", floatingTable(dir).toString());
    }

    /** oned.conf for the shared ONE_LOCATION: oned listens on loopback only (its --status asks 127.0.0.1). */
    static String onedConf(String distConf) {
        String listen = "LISTEN_ADDRESS = \"127.0.0.1\"";
        if (distConf.matches("(?s).*(?m:^LISTEN_ADDRESS\\s*=.*$).*")) return distConf.replaceAll("(?m)^LISTEN_ADDRESS\\s*=.*$", listen);
        return distConf + "\n" + listen + "\n";
    }

    /** fence_virtd's configuration on the physical host: the guide's multicast listener, joined on lo. */
    static String fenceVirtConf(Path key, Path power) {
        return """
                # The guide's fence_virtd configuration for the loopback lab: multicast on lo (works without
                # root), lab backend: domains one1..N are the lab's nodes, powered off and on by the lab.
                fence_virtd {
                	listener = "multicast";
                	backend = "lab";
                }
                listeners {
                	multicast {
                		interface = "lo";
                		port = "1229";
                		family = "ipv4";
                		address = "225.0.0.12";
                		key_file = "@KEY@";
                	}
                }
                backends {
                	lab {
                		power_command = "@POWER@";
                	}
                }
                """.replace("@KEY@", key.toString()).replace("@POWER@", power.toString());
    }

    /**
     * The power command (fence_virtd's lab backend and the lab's own faults). A host is every process
     * whose environment has {@code NEBULA_ROOT=<its root>}: {@code off} stops and kills them until none
     * is left (a fork racing the kill is caught by the next pass); {@code kill} does the same without a
     * journal line (lab down), {@code stop}/{@code cont} pause and resume them.
     */
    static String powerScript(Path dir, Path home) {
        return """
                #!/bin/sh
                # Loopback lab power: CMD off|on|reboot|status|list [DOMAIN] (fence_virtd's lab backend; DOMAIN one1 =
                # one-server1), and CMD kill|stop|cont HOST for the lab itself.
                dir=@DIR@
                case "$2" in one[0-9]*) node="one-server${2#one}" ;; *) node="$2" ;; esac
                root="$dir/hosts/$node/root"
                pid=$(sed -n "s/^pid\\.$node=//p" "$dir/lab.properties" 2>/dev/null)
                # on: the keeper runs and is no zombie (a killed process stays one until init reaps it)
                alive() { [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && ! sed 's/.*) //' "/proc/$pid/stat" 2>/dev/null | grep -q '^[ZX]'; }
                procs() { grep -lzxF "NEBULA_ROOT=$root" /proc/[0-9]*/environ 2>/dev/null | sed -n 's#^/proc/\\([0-9]*\\)/environ$#\\1#p' | grep -vx "$$"; }
                kill_all() {
                  n=0
                  while p=$(procs) && [ -n "$p" ] && [ $n -lt 300 ]; do
                    kill -STOP $p 2>/dev/null; kill -KILL $p 2>/dev/null
                    n=$((n+1)); sleep 0.01
                  done
                  [ -z "$(procs)" ]
                }
                case "$1" in
                  status) [ -n "$node" ] || exit 1; alive && exit 0; exit 2 ;;
                  off) [ -n "$node" ] || exit 1
                       was=0; alive && was=1
                       kill_all || exit 1
                       [ $was = 1 ] && echo "$(date +%s%3N) $node - poweroff" >> "$dir/journal"
                       exit 0 ;;
                  kill) [ -n "$node" ] || exit 1; kill_all ;;
                  stop|cont) [ -n "$node" ] || exit 1
                       p=$(procs); [ -z "$p" ] || kill -$(echo "$1" | tr a-z A-Z) $p 2>/dev/null; exit 0 ;;
                  on|reboot)
                       [ -n "$node" ] || exit 1
                       [ "$1" = reboot ] && { "$0" off "$2" || exit 1; }
                       # Like a hypervisor starting a domain: the power comes on now, the boot runs on its own.
                       setsid nohup "@HOME@/bin/lab" --dir "$dir" power on "$2" > "$dir/power-on-$node.log" 2>&1 < /dev/null &
                       exit 0 ;;
                  *) exec "@HOME@/bin/lab" --dir "$dir" power "$@" ;;
                esac
                """.replace("@DIR@", dir.toString()).replace("@HOME@", home.toString());
    }

    /**
     * Powers a host on: a keeper process ({@code sleep infinity} in a session of its own) that carries
     * the host's environment; the host is on while it lives. Returns its pid.
     */
    static long boot(LabHost h, Map<String, String> env) throws IOException {
        ProcessBuilder pb = new ProcessBuilder("setsid", "sleep", "infinity")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().putAll(env);
        Process p = pb.start();
        // setsid execs in place (the child is no process-group leader): the pid is the keeper's
        if (!p.isAlive()) throw new LabException("host " + h.name() + " did not boot (setsid sleep infinity exited " + p.exitValue() + ")");
        return p.pid();
    }

    /** Fails with what to do when an address the lab needs is taken (another loopback lab, or another program). */
    static void checkFree(List<String> addressPorts) {
        List<String> busy = new ArrayList<>();
        for (String ap : addressPorts) {
            int colon = ap.lastIndexOf(':');
            try (ServerSocket s = new ServerSocket()) {
                s.bind(new InetSocketAddress(ap.substring(0, colon), Integer.parseInt(ap.substring(colon + 1))));
            } catch (IOException e) {
                busy.add(ap);
            }
        }
        if (!busy.isEmpty())
            throw new LabException("the loopback lab's addresses are in use: " + busy + " (another loopback lab is up, maybe of another"
                    + " user or folder: lab down --dir ITS_DIR; or another program listens there)");
    }

    /**
     * Whether multicast works on lo for this user, as fence_xvm and fence_virtd need it: joins the
     * guide's group 225.0.0.12 on lo, sends one datagram from 127.0.0.1 and waits up to a second for it.
     * {@code NEBULA_LAB_LOOPBACK_FENCE=fence_lab|fence_xvm} decides instead (for machines and tests).
     */
    static boolean multicastOnLo() {
        String forced = System.getenv("NEBULA_LAB_LOOPBACK_FENCE");
        if (forced != null && !forced.isBlank()) return forced.strip().equals("fence_xvm");
        try (java.net.MulticastSocket in = new java.net.MulticastSocket(0);
             java.net.DatagramSocket outSocket = new java.net.DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            java.net.NetworkInterface lo = java.net.NetworkInterface.getByInetAddress(java.net.InetAddress.getByName("127.0.0.1"));
            java.net.InetAddress group = java.net.InetAddress.getByName("225.0.0.12");
            in.joinGroup(new InetSocketAddress(group, 0), lo);
            in.setSoTimeout(1000);
            byte[] probe = ("nebula-lab probe " + System.nanoTime()).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            outSocket.setOption(java.net.StandardSocketOptions.IP_MULTICAST_IF, lo);
            outSocket.send(new java.net.DatagramPacket(probe, probe.length, new InetSocketAddress(group, in.getLocalPort())));
            byte[] buf = new byte[128];
            while (true) {
                java.net.DatagramPacket p = new java.net.DatagramPacket(buf, buf.length);
                in.receive(p);
                if (java.util.Arrays.equals(java.util.Arrays.copyOf(p.getData(), p.getLength()), probe)) return true;
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Whether DIR holds a loopback lab (its power command), also after its state is gone. */
    static boolean isLoopbackFolder(Path dir) {
        Path p = dir.resolve("hosts/physical/lab-power");
        try {
            return java.nio.file.Files.isRegularFile(p) && java.nio.file.Files.readString(p).contains("Loopback lab power");
        } catch (IOException e) {
            return false;
        }
    }

    /** Runs the power command with the lab folder as its root: no host's marker, so it never signals itself. */
    static Sh.Result power(Path dir, List<String> args) {
        List<String> cmd = new ArrayList<>(List.of(dir.resolve("hosts/physical/lab-power").toString()));
        cmd.addAll(args);
        return Sh.run(cmd, Duration.ofSeconds(30), Map.of("NEBULA_ROOT", dir.toString()), null);
    }

    /**
     * The command with its program found on the host's PATH (the distribution's bin/ first): Java
     * looks a bare name up on the lab command's own PATH, which does not hold the distribution.
     */
    static List<String> onPath(List<String> command, String path) {
        String program = command.get(0);
        if (program.contains("/") || path == null) return command;
        for (String d : path.split(":")) {
            if (d.isEmpty()) continue;
            Path p = Path.of(d, program);
            if (java.nio.file.Files.isRegularFile(p) && java.nio.file.Files.isExecutable(p)) {
                List<String> c = new ArrayList<>(command);
                c.set(0, p.toString());
                return c;
            }
        }
        return command;
    }
}

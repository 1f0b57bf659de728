package org.nebulaha.rgmanager.agent;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link AddressManager} with Debian's tools: {@code ip -o link/addr show}, {@code ip addr add/del},
 * {@code arping -D} (duplicate address detection, waiting {@link #PROBE_WAIT}; {@code ping} when arping
 * is missing or for IPv6) and {@code arping -U} (gratuitous ARP). Link state comes from {@code ip link} (LOWER_UP)
 * rather than /sys, so it is right inside a network namespace entered through the runner's prefix.
 */
public final class IpCommandAddressManager implements AddressManager {
    private static final System.Logger LOG = System.getLogger("rgmanager.ip");
    private static final Duration TOOL_TIMEOUT = Duration.ofSeconds(5);
    private final ProcessRunner runner;

    public IpCommandAddressManager(ProcessRunner runner) {
        this.runner = runner;
    }

    @Override
    public List<NetInterface> interfaces() throws IOException {
        ProcessRunner.Result links = check(List.of("ip", "-o", "link", "show"));
        Map<String, boolean[]> state = new LinkedHashMap<>();
        for (String line : links.output().split("\n")) {
            String[] f = line.strip().split("\\s+");
            if (f.length < 3 || !f[0].endsWith(":")) continue;
            String name = f[1].replaceAll(":$", "");
            int at = name.indexOf('@');
            if (at > 0) name = name.substring(0, at);
            String flags = f[2];
            boolean up = flags.matches(".*[<,]UP[,>].*");
            boolean lower = flags.contains("LOWER_UP");
            state.put(name, new boolean[] {up, lower});
        }
        ProcessRunner.Result addrs = check(List.of("ip", "-o", "addr", "show"));
        Map<String, List<IfAddress>> byIf = new LinkedHashMap<>();
        for (String line : addrs.output().split("\n")) {
            String[] f = line.strip().split("\\s+");
            if (f.length < 4 || !(f[2].equals("inet") || f[2].equals("inet6"))) continue;
            String name = f[1];
            int slash = f[3].indexOf('/');
            if (slash < 0) continue;
            byIf.computeIfAbsent(name, k -> new ArrayList<>())
                    .add(new IfAddress(InetAddress.getByName(f[3].substring(0, slash)), Integer.parseInt(f[3].substring(slash + 1))));
        }
        List<NetInterface> r = new ArrayList<>();
        state.forEach((name, s) -> r.add(new NetInterface(name, s[0], s[1], byIf.getOrDefault(name, List.of()))));
        return r;
    }

    @Override
    public void add(String iface, InetAddress address, int prefix) throws IOException {
        check(List.of("ip", "addr", "add", address.getHostAddress() + "/" + prefix, "dev", iface));
    }

    @Override
    public void delete(String iface, InetAddress address, int prefix) throws IOException {
        check(List.of("ip", "addr", "del", address.getHostAddress() + "/" + prefix, "dev", iface));
    }

    /**
     * How long the collision probe waits for a reply. On a LAN an ARP reply comes back within
     * milliseconds (7-15 ms measured across the lab's bridge, arping's own start included, holder
     * busy or not: the kernel answers); arping itself only takes whole seconds, so it is stopped
     * after this wait and silence means free. 50 ms keeps over three times the slowest reply seen
     * (150 ms before the hot standby made the rest of a failover this short); rgmanager's ping -w2
     * spent up to 2 s of every failover. The probe is a guard against a host outside the cluster
     * holding the address: the cluster's own previous owner is already fenced or stopped.
     */
    static final Duration PROBE_WAIT = Duration.ofMillis(50);

    @Override
    public boolean answers(String iface, InetAddress address) throws IOException {
        String a = address.getHostAddress();
        if (address instanceof Inet4Address) {
            // arping -D exits 1 as soon as a host replies, 0 when nobody did by its deadline
            ProcessRunner.Result r = runner.run(List.of("arping", "-D", "-q", "-c", "1", "-w", "1", "-I", iface, a), Map.of(), PROBE_WAIT);
            if (r.timedOut() || r.exitCode() == 0) return false;
            if (r.exitCode() == 1) return true;
            LOG.log(System.Logger.Level.DEBUG, "arping -D for " + a + " gave " + r.summary(PROBE_WAIT) + "; trying ping");
        }
        ProcessRunner.Result p = runner.run(List.of("ping", address instanceof Inet4Address ? "-4" : "-6", "-c", "1", "-w", "1", a), Map.of(), PROBE_WAIT);
        return p.ok();
    }

    @Override
    public void announce(String iface, InetAddress address) throws IOException {
        if (!(address instanceof Inet4Address)) {
            LOG.log(System.Logger.Level.DEBUG, "no gratuitous ARP for IPv6 " + address.getHostAddress() + "; the kernel sends unsolicited NA");
            return;
        }
        ProcessRunner.Result r = runner.run(List.of("arping", "-q", "-c", "2", "-U", "-I", iface, address.getHostAddress()), Map.of(), TOOL_TIMEOUT);
        if (!r.ok()) throw new IOException("arping -U -I " + iface + " " + address.getHostAddress() + ": " + r.summary(TOOL_TIMEOUT));
    }

    private ProcessRunner.Result check(List<String> cmd) throws IOException {
        ProcessRunner.Result r = runner.run(cmd, Map.of(), TOOL_TIMEOUT);
        if (!r.ok()) throw new IOException(String.join(" ", cmd) + ": " + r.summary(TOOL_TIMEOUT));
        return r;
    }
}

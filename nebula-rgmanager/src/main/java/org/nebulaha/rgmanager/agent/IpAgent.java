package org.nebulaha.rgmanager.agent;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.nebulaha.conf.model.Resource;

/**
 * The {@code ip} resource after rgmanager's ip.sh. Attributes: {@code address} (IPv4 or IPv6, with
 * or without {@code /prefix}), {@code monitor_link} (default 1), {@code sleeptime} (seconds to wait
 * after removal, default 10, honoured as written), {@code prefer_interface}.
 * <ul>
 * <li>start: nothing to do if the address is already here; else pick the first interface that is up
 *     (with link, when monitor_link=1) and holds an address whose subnet contains it (prefer_interface
 *     first); refuse if another host answers for it ("IPv4 address collision"); {@code ip addr add}
 *     with the given prefix or that subnet's; then gratuitous ARP ({@code arping -U -c 2}), sent in the
 *     background so that the next resources start meanwhile.</li>
 * <li>stop: {@code ip addr del}, check it is gone, then wait sleeptime (not when the stop is part of a
 *     restart on this node: the address comes straight back here).</li>
 * <li>status: configured on an interface that is up, and (monitor_link=1) whose link is up.</li>
 * </ul>
 */
public final class IpAgent implements ResourceAgent {
    private static final System.Logger LOG = System.getLogger("rgmanager.ip");
    /** Gratuitous ARP runs beside the rest of the service start: arping -U -c 2 takes a second. */
    private static final Executor ANNOUNCER = java.util.concurrent.Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "ip-announce");
        t.setDaemon(true);
        return t;
    });
    private final AddressManager net;
    private final Consumer<Duration> sleeper;
    private final Executor announcer;
    /** Announcements still running, by address: a stop cancels them, or the peer's collision probe would see our ARP. */
    private final java.util.Map<InetAddress, java.util.concurrent.Future<?>> announcing = new java.util.concurrent.ConcurrentHashMap<>();

    public IpAgent(AddressManager net) {
        this(net, d -> {
            try {
                Thread.sleep(d.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, ANNOUNCER);
    }

    /**
     * @param sleeper   waits the sleeptime after removal (tests pass one that records instead)
     * @param announcer runs the gratuitous ARP without holding up the start ({@code Runnable::run} to wait for it)
     */
    public IpAgent(AddressManager net, Consumer<Duration> sleeper, Executor announcer) {
        this.net = net;
        this.sleeper = sleeper;
        this.announcer = announcer;
    }

    record Target(InetAddress address, Optional<Integer> prefix) {}

    static Target target(Resource r) {
        String a = r.attr("address");
        if (a == null) throw new IllegalArgumentException(r.id() + ": no address=");
        int slash = a.indexOf('/');
        try {
            InetAddress addr = InetAddress.getByName(slash < 0 ? a : a.substring(0, slash));
            return new Target(addr, slash < 0 ? Optional.empty() : Optional.of(Integer.parseInt(a.substring(slash + 1))));
        } catch (IOException | NumberFormatException e) {
            throw new IllegalArgumentException(r.id() + ": address '" + a + "' is not an IP address with an optional /prefix");
        }
    }

    @Override
    public AgentResult start(Resource r, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        try {
            Target t = target(r);
            List<AddressManager.NetInterface> ifs = net.interfaces();
            if (where(ifs, t.address()).isPresent()) return AgentResult.ok(t.address().getHostAddress() + " is already configured");
            boolean monitorLink = !"0".equals(r.attr("monitor_link"));
            Optional<Choice> c = choose(ifs, t, r.attr("prefer_interface"), monitorLink);
            if (c.isEmpty())
                return AgentResult.error(AgentResult.OCF_ERR_CONFIGURED, "no interface that is up" + (monitorLink ? " with link" : "")
                        + " has a subnet holding " + r.attr("address") + "; interfaces: " + describe(ifs));
            if (Instant.now().isAfter(deadline)) return AgentResult.error(AgentResult.OCF_ERR_GENERIC, "timed out after " + timeout);
            if (net.answers(c.get().iface(), t.address()))
                return AgentResult.error(AgentResult.OCF_ERR_GENERIC, "IPv4 address collision: " + t.address().getHostAddress()
                        + " already answers on " + c.get().iface() + "'s network; refusing to start");
            net.add(c.get().iface(), t.address(), c.get().prefix());
            String iface = c.get().iface();
            java.util.concurrent.atomic.AtomicReference<java.util.concurrent.Future<?>> self = new java.util.concurrent.atomic.AtomicReference<>();
            java.util.concurrent.FutureTask<Void> task = new java.util.concurrent.FutureTask<>(() -> {
                try {
                    net.announce(iface, t.address());
                } catch (IOException e) {
                    // the address works without it; peers learn the new MAC when their ARP entries expire
                    if (!Thread.currentThread().isInterrupted())
                        LOG.log(System.Logger.Level.WARNING, "ip: gratuitous ARP for " + t.address().getHostAddress() + " failed: " + e.getMessage());
                } finally {
                    // only this one: after a restart a newer announcement of the address may be registered
                    announcing.remove(t.address(), self.get());
                }
            }, null);
            self.set(task);
            announcing.put(t.address(), task);
            announcer.execute(task);
            return AgentResult.ok("added " + t.address().getHostAddress() + "/" + c.get().prefix() + " to " + c.get().iface());
        } catch (IOException | IllegalArgumentException e) {
            return AgentResult.error(AgentResult.OCF_ERR_GENERIC, e.getMessage());
        }
    }

    @Override
    public AgentResult stop(Resource r, Duration timeout) {
        return stop(r, true);
    }

    /** The address comes back on this node's interface at once: no other host must forget it, so no sleeptime. */
    @Override
    public AgentResult stopForRestart(Resource r, Duration timeout) {
        return stop(r, false);
    }

    private AgentResult stop(Resource r, boolean honourSleeptime) {
        try {
            Target t = target(r);
            java.util.concurrent.Future<?> pending = announcing.remove(t.address());
            if (pending != null) pending.cancel(true); // kills arping -U: its packets would look like a collision to the next owner
            Optional<Found> f = where(net.interfaces(), t.address());
            if (f.isEmpty()) return AgentResult.ok(t.address().getHostAddress() + " is not configured");
            net.delete(f.get().iface(), t.address(), f.get().prefix());
            if (where(net.interfaces(), t.address()).isPresent())
                return AgentResult.error(AgentResult.OCF_ERR_GENERIC, t.address().getHostAddress() + " is still on " + f.get().iface() + " after ip addr del");
            int sleep = !honourSleeptime ? 0 : r.attr("sleeptime") == null ? 10 : Integer.parseInt(r.attr("sleeptime").strip());
            if (sleep > 0) sleeper.accept(Duration.ofSeconds(sleep));
            return AgentResult.ok("removed " + t.address().getHostAddress() + " from " + f.get().iface() + (sleep > 0 ? "; waited sleeptime " + sleep + " s" : ""));
        } catch (IOException | IllegalArgumentException e) {
            return AgentResult.error(AgentResult.OCF_ERR_GENERIC, e.getMessage());
        }
    }

    @Override
    public AgentResult status(Resource r, Duration timeout) {
        try {
            Target t = target(r);
            List<AddressManager.NetInterface> ifs = net.interfaces();
            Optional<Found> f = where(ifs, t.address());
            if (f.isEmpty()) return AgentResult.error(AgentResult.OCF_NOT_RUNNING, t.address().getHostAddress() + " is not configured on any interface");
            AddressManager.NetInterface nif = ifs.stream().filter(i -> i.name().equals(f.get().iface())).findFirst().orElseThrow();
            if (!nif.up()) return AgentResult.error(AgentResult.OCF_ERR_GENERIC, nif.name() + " holding " + t.address().getHostAddress() + " is down");
            if (!"0".equals(r.attr("monitor_link")) && !nif.linkUp())
                return AgentResult.error(AgentResult.OCF_ERR_GENERIC, "link of " + nif.name() + " holding " + t.address().getHostAddress() + " is down (monitor_link=1)");
            return AgentResult.ok(t.address().getHostAddress() + " on " + nif.name());
        } catch (IOException | IllegalArgumentException e) {
            return AgentResult.error(AgentResult.OCF_ERR_GENERIC, e.getMessage());
        }
    }

    record Found(String iface, int prefix) {}

    record Choice(String iface, int prefix) {}

    static Optional<Found> where(List<AddressManager.NetInterface> ifs, InetAddress a) {
        for (AddressManager.NetInterface i : ifs)
            for (AddressManager.IfAddress x : i.addresses())
                if (x.address().equals(a)) return Optional.of(new Found(i.name(), x.prefix()));
        return Optional.empty();
    }

    static Optional<Choice> choose(List<AddressManager.NetInterface> ifs, Target t, String prefer, boolean monitorLink) {
        List<AddressManager.NetInterface> ordered = new java.util.ArrayList<>(ifs);
        if (prefer != null) ordered.sort((a, b) -> Boolean.compare(!a.name().equals(prefer), !b.name().equals(prefer)));
        for (AddressManager.NetInterface i : ordered) {
            if (!i.up() || (monitorLink && !i.linkUp())) continue;
            for (AddressManager.IfAddress x : i.addresses()) {
                if (x.address().getClass() != t.address().getClass()) continue;
                // the interface's own subnet holds the address, or the one written with it does
                boolean holds = sameSubnet(x.address(), t.address(), x.prefix())
                        || t.prefix().map(p -> sameSubnet(x.address(), t.address(), p)).orElse(false);
                if (holds) return Optional.of(new Choice(i.name(), t.prefix().orElse(x.prefix())));
            }
        }
        return Optional.empty();
    }

    static boolean sameSubnet(InetAddress a, InetAddress b, int prefix) {
        byte[] x = a.getAddress();
        byte[] y = b.getAddress();
        if (x.length != y.length) return false;
        for (int bit = 0; bit < prefix; bit++) {
            int mask = 0x80 >> (bit % 8);
            if ((x[bit / 8] & mask) != (y[bit / 8] & mask)) return false;
        }
        return true;
    }

    private static String describe(List<AddressManager.NetInterface> ifs) {
        StringBuilder sb = new StringBuilder();
        for (AddressManager.NetInterface i : ifs) {
            if (sb.length() > 0) sb.append(", ");
            sb.append(i.name()).append(i.up() ? " up" : " down").append(i.linkUp() ? "" : " (no link)");
            for (AddressManager.IfAddress a : i.addresses()) sb.append(' ').append(a.address().getHostAddress()).append('/').append(a.prefix());
        }
        return sb.length() == 0 ? "none" : sb.toString();
    }
}

package org.nebulaha.rgmanager.exec;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.nebulaha.conf.model.Service;
import org.nebulaha.rgmanager.model.ClusterView;
import org.nebulaha.rgmanager.model.RgError;
import org.nebulaha.rgmanager.model.ServiceRecord;
import org.nebulaha.rgmanager.model.ServiceState;
import org.nebulaha.rgmanager.plan.Planner;

/**
 * clusvcadm's operations carried out by the {@link Coordinator}, with rgmanager's answers:
 * <ul>
 * <li>every operation needs quorum (RG_EQUORUM) and an existing service (RG_ENOSERVICE);</li>
 * <li>a failed service accepts only disable (RG_EINVAL otherwise); disable of a failed service
 *     clears it without running stop: the administrator has checked that nothing is active;</li>
 * <li>a frozen service refuses enable, relocate, restart and stop (RG_EFROZEN);</li>
 * <li>enable of a running service answers RG_ERUN ("Service is already running", exit 0);</li>
 * <li>{@code -m node} must name an online member (RG_ENODE) that the failover domain allows
 *     (RG_EDOMAIN, "Service not runnable"; non-members of an unrestricted domain are allowed); it is a
 *     preference: when the start fails there, the other allowed nodes are tried, best first;</li>
 * <li>a hard or soft dependency must run before enable (RG_EDEPEND);</li>
 * <li>an owner that is lost and not fenced makes every operation wait (RG_EFENCE).</li>
 * </ul>
 */
final class AdminRequests implements ServiceRequests {
    private static final System.Logger LOG = System.getLogger("rgmanager");
    private final Coordinator c;
    private final String who;

    AdminRequests(Coordinator c, String who) {
        this.c = c;
        this.who = who;
    }

    @Override
    public Reply enable(String service, Optional<String> node) {
        synchronized (c) {
            return log("enable", service, node, doEnable(service, node, false));
        }
    }

    private Reply doEnable(String service, Optional<String> node, boolean allowRunning) {
        Optional<RgError> e = common(service);
        if (e.isPresent()) return Reply.of(e.get());
        ServiceRecord r = c.state().service(service);
        Service s = c.conf().rm().service(service).orElseThrow();
        if (r.state() == ServiceState.FAILED) return Reply.of(RgError.INVAL);
        if (r.frozen()) return Reply.of(RgError.FROZEN);
        if (!allowRunning && (r.state() == ServiceState.STARTED || r.state() == ServiceState.STARTING))
            return new Reply(RgError.RUN, r.owner());
        if (s.depend().isPresent()) {
            ServiceRecord d = c.state().service(s.depend().get());
            if (d.state() != ServiceState.STARTED || d.owner().filter(c.state().view()::isOnline).isEmpty()) return Reply.of(RgError.DEPEND);
        }
        if (node.isPresent() && !c.state().view().isOnline(node.get())) return Reply.of(RgError.NODE);
        List<String> order = new ArrayList<>(Planner.candidates(c.conf(), c.state().view(), s, r));
        if (node.isPresent() && !order.contains(node.get())) return Reply.of(RgError.DOMAIN); // e.g. outside a restricted domain
        node.ifPresent(n -> { order.remove(n); order.add(0, n); });
        if (order.isEmpty()) return Reply.of(RgError.DOMAIN);
        return tryStart(service, order);
    }

    private Reply tryStart(String service, List<String> order) {
        for (String n : order) {
            NodeChannel.Result res = c.startOn(c.state().service(service), n, "clusvcadm by " + who);
            if (res == NodeChannel.Result.OK) {
                c.evaluate("clusvcadm by " + who);
                return new Reply(RgError.SUCCESS, Optional.of(n));
            }
            if (res == NodeChannel.Result.STOP_FAILED) return Reply.of(RgError.ABORT);
        }
        c.evaluate("clusvcadm by " + who);
        return Reply.of(RgError.FAIL);
    }

    @Override
    public Reply disable(String service) {
        synchronized (c) {
            Optional<RgError> e = common(service);
            if (e.isPresent()) return log("disable", service, Optional.empty(), Reply.of(e.get()));
            ServiceRecord r = c.state().service(service);
            if (r.state() == ServiceState.FAILED) {
                c.set(r, ServiceState.DISABLED, Optional.empty(), "failed state cleared by clusvcadm -d from " + who);
            } else if (r.owner().isPresent()) {
                if (!c.stopOn(r, r.owner().get(), ServiceState.DISABLED, "clusvcadm -d by " + who))
                    return log("disable", service, Optional.empty(), Reply.of(RgError.FAIL));
            } else {
                c.set(r, ServiceState.DISABLED, Optional.empty(), "clusvcadm -d by " + who);
            }
            c.publish();
            c.evaluate("clusvcadm -d by " + who);
            return log("disable", service, Optional.empty(), Reply.of(RgError.SUCCESS));
        }
    }

    @Override
    public Reply relocate(String service, Optional<String> node) {
        synchronized (c) {
            Optional<RgError> e = common(service);
            if (e.isPresent()) return log("relocate", service, node, Reply.of(e.get()));
            ServiceRecord r = c.state().service(service);
            if (r.frozen()) return log("relocate", service, node, Reply.of(RgError.FROZEN));
            if (r.state() == ServiceState.FAILED) return log("relocate", service, node, Reply.of(RgError.INVAL));
            if (r.state() != ServiceState.STARTED) return log("relocate", service, node, doEnable(service, node, false));
            if (node.isPresent() && !c.state().view().isOnline(node.get())) return log("relocate", service, node, Reply.of(RgError.NODE));
            String owner = r.owner().get();
            Service s = c.conf().rm().service(service).orElseThrow();
            List<String> order = new ArrayList<>(Planner.candidates(c.conf(), c.state().view(), s, r));
            if (node.isPresent() && !node.get().equals(owner) && !order.contains(node.get()))
                return log("relocate", service, node, Reply.of(RgError.DOMAIN));
            order.remove(owner);
            node.filter(n -> !n.equals(owner)).ifPresent(n -> { order.remove(n); order.add(0, n); });
            order.add(owner); // rgmanager #70: if no other node takes it, start it again where it was
            if (!c.stopOn(r, owner, ServiceState.STOPPED, "clusvcadm -r by " + who)) return log("relocate", service, node, Reply.of(RgError.ABORT));
            return log("relocate", service, node, tryStart(service, order));
        }
    }

    @Override
    public Reply restart(String service) {
        synchronized (c) {
            Optional<RgError> e = common(service);
            if (e.isPresent()) return log("restart", service, Optional.empty(), Reply.of(e.get()));
            ServiceRecord r = c.state().service(service);
            if (r.frozen()) return log("restart", service, Optional.empty(), Reply.of(RgError.FROZEN));
            if (r.state() != ServiceState.STARTED) return log("restart", service, Optional.empty(), doEnable(service, Optional.empty(), false));
            String owner = r.owner().get();
            // one request to the owner: stop and start there, without the ip's sleeptime (the address stays on this node)
            NodeChannel.Result res = c.restartOn(r, owner, "clusvcadm -R by " + who);
            c.evaluate("clusvcadm -R by " + who);
            return log("restart", service, Optional.empty(), switch (res) {
                case OK -> new Reply(RgError.SUCCESS, Optional.of(owner));
                case STOP_FAILED -> Reply.of(RgError.ABORT);
                default -> Reply.of(RgError.FAIL);
            });
        }
    }

    @Override
    public Reply stop(String service) {
        synchronized (c) {
            Optional<RgError> e = common(service);
            if (e.isPresent()) return log("stop", service, Optional.empty(), Reply.of(e.get()));
            ServiceRecord r = c.state().service(service);
            if (r.frozen()) return log("stop", service, Optional.empty(), Reply.of(RgError.FROZEN));
            if (r.state() == ServiceState.FAILED) return log("stop", service, Optional.empty(), Reply.of(RgError.INVAL));
            if (r.owner().isPresent() && !c.stopOn(r, r.owner().get(), ServiceState.STOPPED, "clusvcadm -s by " + who))
                return log("stop", service, Optional.empty(), Reply.of(RgError.FAIL));
            if (r.owner().isEmpty()) c.set(r, ServiceState.STOPPED, Optional.empty(), "clusvcadm -s by " + who);
            c.setUserStopped(service);
            c.publish();
            c.evaluate("clusvcadm -s by " + who);
            return log("stop", service, Optional.empty(), Reply.of(RgError.SUCCESS));
        }
    }

    @Override
    public Reply freeze(String service) {
        return setFrozen(service, true);
    }

    @Override
    public Reply unfreeze(String service) {
        return setFrozen(service, false);
    }

    private Reply setFrozen(String service, boolean frozen) {
        synchronized (c) {
            String op = frozen ? "freeze" : "unfreeze";
            Optional<RgError> e = common(service);
            if (e.isPresent()) return log(op, service, Optional.empty(), Reply.of(e.get()));
            ServiceRecord r = c.state().service(service);
            c.setFrozenFlag(service, frozen);
            r.owner().ifPresent(o -> c.channel().setFrozen(o, service, frozen));
            c.publish();
            if (!frozen) c.evaluate("clusvcadm -U by " + who);
            return log(op, service, Optional.empty(), Reply.of(RgError.SUCCESS));
        }
    }

    @Override
    public Reply migrate(String service, String node) {
        synchronized (c) {
            Optional<RgError> e = common(service);
            if (e.isPresent()) return log("migrate", service, Optional.of(node), Reply.of(e.get()));
            // only <vm> resources can move live, and we ship no vm agent: relocate with clusvcadm -r instead
            return log("migrate", service, Optional.of(node), Reply.of(RgError.INVAL));
        }
    }

    private Optional<RgError> common(String service) {
        if (c.conf().rm().service(service).isEmpty()) return Optional.of(RgError.NOSERVICE);
        ClusterView v = c.state().view();
        if (!v.quorate()) return Optional.of(RgError.QUORUM);
        ServiceRecord r = c.state().service(service);
        if (r.owner().isPresent() && !v.isOnline(r.owner().get()) && !v.status(r.owner().get()).isSafelyGone())
            return Optional.of(RgError.FENCE);
        return Optional.empty();
    }

    private Reply log(String op, String service, Optional<String> node, Reply reply) {
        LOG.log(reply.error() == RgError.SUCCESS ? System.Logger.Level.INFO : System.Logger.Level.WARNING,
                "rgmanager: " + who + " asked to " + op + " service:" + service + node.map(n -> " on " + n).orElse("") + ": "
                        + reply.error().text() + reply.owner().map(o -> "; now on " + o).orElse(""));
        return reply;
    }
}

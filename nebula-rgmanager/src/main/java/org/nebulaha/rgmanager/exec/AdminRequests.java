package org.nebulaha.rgmanager.exec;

import java.util.List;
import java.util.Optional;
import org.nebulaha.rgmanager.model.RgError;
import org.nebulaha.rgmanager.model.ServiceState;
import org.nebulaha.rgmanager.plan.AdminRules;
import org.nebulaha.rgmanager.plan.AdminRules.Op;

/**
 * clusvcadm's operations carried out by the {@link Coordinator}: {@link AdminRules} decides
 * (refusal with rgmanager's code, or the steps); this class does the steps through the coordinator
 * and turns their outcomes into the reply. Every request is logged with who asked and the rule.
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
        return run(Op.ENABLE, service, node, "clusvcadm by " + who);
    }

    @Override
    public Reply disable(String service) {
        return run(Op.DISABLE, service, Optional.empty(), "clusvcadm -d by " + who);
    }

    @Override
    public Reply relocate(String service, Optional<String> node) {
        return run(Op.RELOCATE, service, node, "clusvcadm -r by " + who);
    }

    @Override
    public Reply restart(String service) {
        return run(Op.RESTART, service, Optional.empty(), "clusvcadm -R by " + who);
    }

    @Override
    public Reply stop(String service) {
        return run(Op.STOP, service, Optional.empty(), "clusvcadm -s by " + who);
    }

    @Override
    public Reply freeze(String service) {
        return run(Op.FREEZE, service, Optional.empty(), "clusvcadm -Z by " + who);
    }

    @Override
    public Reply unfreeze(String service) {
        return run(Op.UNFREEZE, service, Optional.empty(), "clusvcadm -U by " + who);
    }

    @Override
    public Reply migrate(String service, String node) {
        return run(Op.MIGRATE, service, Optional.of(node), "clusvcadm -M by " + who);
    }

    private Reply run(Op op, String service, Optional<String> node, String label) {
        synchronized (c) {
            AdminRules.Decision d = AdminRules.decide(c.conf(), c.state(), new AdminRules.Request(op, service, node));
            Reply reply = d.refused() ? new Reply(d.error(), d.owner()) : carryOut(op, service, d.steps(), label);
            LOG.log(reply.error() == RgError.SUCCESS ? System.Logger.Level.INFO : System.Logger.Level.WARNING,
                    "rgmanager: " + who + " asked to " + op.name().toLowerCase(java.util.Locale.ROOT) + " service:" + service
                            + node.map(n -> " on " + n).orElse("") + ": " + reply.error().text() + reply.owner().map(o -> "; now on " + o).orElse("")
                            + " (" + d.why() + ")");
            return reply;
        }
    }

    private Reply carryOut(Op op, String service, List<AdminRules.Step> steps, String label) {
        for (AdminRules.Step s : steps) {
            if (s instanceof AdminRules.ClearFailed) {
                c.set(c.state().service(service), ServiceState.DISABLED, Optional.empty(), "failed state cleared by clusvcadm -d from " + who);
            } else if (s instanceof AdminRules.StopOn st) {
                if (!c.stopOn(c.state().service(service), st.node(), st.after(), label)) return Reply.of(st.onFailure());
            } else if (s instanceof AdminRules.Mark m) {
                c.set(c.state().service(service), m.state(), Optional.empty(), label);
            } else if (s instanceof AdminRules.TryStart t) {
                return tryStart(service, t.order(), label);
            } else if (s instanceof AdminRules.RestartOn r) {
                // one request to the owner: stop and start there, without the ip's sleeptime (the address stays on this node)
                NodeChannel.Result res = c.restartOn(c.state().service(service), r.node(), label);
                c.evaluate(label);
                return switch (res) {
                    case OK -> new Reply(RgError.SUCCESS, Optional.of(r.node()));
                    case STOP_FAILED -> Reply.of(RgError.ABORT);
                    default -> Reply.of(RgError.FAIL);
                };
            } else if (s instanceof AdminRules.SetFrozen f) {
                c.setFrozenFlag(service, f.frozen());
                c.state().service(service).owner().ifPresent(o -> c.channel().setFrozen(o, service, f.frozen()));
            } else if (s instanceof AdminRules.MarkUserStopped) {
                c.setUserStopped(service);
            } else {
                throw new AssertionError(s);
            }
        }
        c.publish();
        if (op != Op.FREEZE) c.evaluate(label); // a freeze changes nothing the planner would act on
        return Reply.of(RgError.SUCCESS);
    }

    private Reply tryStart(String service, List<String> order, String label) {
        for (String n : order) {
            NodeChannel.Result res = c.startOn(c.state().service(service), n, label);
            if (res == NodeChannel.Result.OK) {
                c.evaluate(label);
                return new Reply(RgError.SUCCESS, Optional.of(n));
            }
            if (res == NodeChannel.Result.STOP_FAILED) return Reply.of(RgError.ABORT);
        }
        c.evaluate(label);
        return Reply.of(RgError.FAIL);
    }
}

package org.nebulaha.rgmanager.plan;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.nebulaha.conf.model.ClusterConf;
import org.nebulaha.conf.model.ClusterNode;
import org.nebulaha.conf.model.Service;
import org.nebulaha.rgmanager.model.ClusterState;
import org.nebulaha.rgmanager.model.ClusterView;
import org.nebulaha.rgmanager.model.NodeReport;
import org.nebulaha.rgmanager.model.ServiceRecord;
import org.nebulaha.rgmanager.model.ServiceState;

/**
 * The new coordinator's service table as one pure function: {@code rebuild(conf, view, reports, now)}.
 * The daemon gathers every online member's {@link NodeReport} (what it runs, and its copy of the last
 * published table), calls this, stops the extra copies it names, then plans on the result.
 *
 * <p>Rules, for each configured service, first that applies:
 * <ol>
 * <li>{@code table-copy}: start from the newest table copy any member holds (highest version);</li>
 * <li>{@code reported-failed}: an online member reports a failed stop: the service is failed there
 *     (its resources may be active; only {@code clusvcadm -d} clears it); a copy another member
 *     runs is stopped;</li>
 * <li>{@code reported-running}: one online member runs it: it is the owner (started, or recovering
 *     when its status check failed);</li>
 * <li>{@code two-owners}: several run it: the table copy's owner keeps it when it is one of them,
 *     else the lowest nodeid; every other copy is stopped ({@link StopExtra});</li>
 * <li>{@code owner-does-not-run-it}: the table names an online owner that does not run it: stopped
 *     (the coordinator died between the table and the start or stop it sent);</li>
 * <li>{@code kept-from-table}: otherwise the table copy's record stands (an owner that is lost stays
 *     the owner: the planner waits for its fencing).</li>
 * </ol>
 * Reports of members that are not online are ignored. Cases: src/test/cases/rebuild.
 */
public final class Rebuild {
    /** Stop {@code service} on {@code node}: it runs there too, and {@code keptOn} keeps it. */
    public record StopExtra(String service, String node, String keptOn, Reason why) {}

    /** What rule set one service's record, for the log and the cases. */
    public record Entry(String service, Reason why) {}

    /**
     * @param state      the rebuilt table with the given view
     * @param newestCopy the version of the table copy it started from (-1 when no member had one)
     * @param copyFrom   the member whose copy that was ("" when none)
     * @param entries    one per configured service, why its record is what it is
     * @param stops      extra copies to stop before planning
     */
    public record Result(ClusterState state, long newestCopy, String copyFrom, List<Entry> entries, List<StopExtra> stops) {
        public Result {
            entries = List.copyOf(entries);
            stops = List.copyOf(stops);
        }

        /** The decisions, one a line (the rebuild cases' expected.txt, before the plan). */
        public String format() {
            StringBuilder sb = new StringBuilder();
            sb.append(newestCopy < 0 ? "table   none (no member holds a copy)" : "table   v" + newestCopy + " from " + copyFrom).append('\n');
            for (Entry e : entries) {
                ServiceRecord r = state.service(e.service());
                sb.append(String.format("%-7s %-44s %s%n", "service", e.service() + " " + r.state().word()
                        + r.owner().map(o -> " owner=" + o).orElse(""), e.why()));
            }
            for (StopExtra s : stops)
                sb.append(String.format("%-7s %-44s %s%n", "stop", "service:" + s.service() + " on " + s.node(), s.why()));
            return sb.toString();
        }
    }

    private Rebuild() {}

    public static Result rebuild(ClusterConf conf, ClusterView view, List<NodeReport> reports, Instant now) {
        Map<String, ServiceRecord> base = new LinkedHashMap<>();
        long newest = -1;
        String from = "";
        for (NodeReport rep : reports) {
            if (rep.tableCopy().isPresent() && rep.tableCopy().get().version() > newest) {
                newest = rep.tableCopy().get().version();
                from = rep.node();
                base = new LinkedHashMap<>(rep.tableCopy().get().services());
            }
        }
        List<NodeReport> online = reports.stream().filter(r -> view.isOnline(r.node()))
                .sorted(Comparator.comparingInt(r -> conf.node(r.node()).map(ClusterNode::nodeid).orElse(Integer.MAX_VALUE))).toList();
        ClusterState s = new ClusterState(view, base);
        List<Entry> entries = new ArrayList<>();
        List<StopExtra> stops = new ArrayList<>();
        for (Service svc : conf.rm().services()) {
            ServiceRecord r = s.service(svc.name());
            List<String> runningOn = new ArrayList<>();
            List<String> failedOn = new ArrayList<>();
            boolean recovering = false;
            for (NodeReport rep : online) {
                NodeReport.LocalState ls = rep.services().get(svc.name());
                if (ls == null) continue;
                if (ls == NodeReport.LocalState.FAILED) failedOn.add(rep.node());
                else {
                    runningOn.add(rep.node());
                    recovering |= ls == NodeReport.LocalState.RECOVERING;
                }
            }
            Reason why;
            if (!failedOn.isEmpty()) {
                why = new Reason("reported-failed", failedOn.get(0) + " reports a failed stop; its resources may be active");
                for (String other : runningOn)
                    stops.add(new StopExtra(svc.name(), other, failedOn.get(0), new Reason("reported-failed", "a stop failed on "
                            + failedOn.get(0) + ", which keeps the service failed until clusvcadm -d; no second copy runs meanwhile")));
                r = r.withState(ServiceState.FAILED, Optional.of(failedOn.get(0)), now, "rebuilt: a stop failed on " + failedOn.get(0));
            } else if (!runningOn.isEmpty()) {
                Optional<String> tableOwner = r.owner().filter(runningOn::contains);
                String keep = tableOwner.orElse(runningOn.get(0));
                if (runningOn.size() == 1) why = new Reason("reported-running", keep + " reports it " + (recovering ? "recovering" : "running"));
                else {
                    String kept = tableOwner.isPresent() ? "the table's owner" : "the lowest nodeid; the table names "
                            + r.owner().orElse("no owner");
                    why = new Reason("two-owners", String.join(" and ", runningOn) + " report it running; " + keep + " keeps it (" + kept + ")");
                    for (String extra : runningOn)
                        if (!extra.equals(keep))
                            stops.add(new StopExtra(svc.name(), extra, keep, new Reason("two-owners", "it also runs on " + keep
                                    + ", which keeps it (" + kept + "); one copy only")));
                }
                r = r.withState(recovering ? ServiceState.RECOVERING : ServiceState.STARTED, Optional.of(keep), now,
                        "rebuilt: " + keep + " reports it running");
            } else if (r.owner().isPresent() && view.isOnline(r.owner().get())) {
                why = new Reason("owner-does-not-run-it", "the table says " + r.state().word() + " on " + r.owner().get()
                        + ", which is online and does not run it");
                r = r.withState(ServiceState.STOPPED, Optional.empty(), now, "rebuilt: " + r.owner().get() + " does not run it");
            } else {
                why = new Reason("kept-from-table", r.state() == ServiceState.UNINITIALIZED ? "no record in any copy and nobody runs it"
                        : "nobody online runs it; the table's record stands" + r.owner().map(o -> " (owner " + o + " is "
                        + view.status(o).word() + ")").orElse(""));
            }
            s = s.with(r);
            entries.add(new Entry(svc.name(), why));
        }
        return new Result(s, newest, from, entries, stops);
    }
}

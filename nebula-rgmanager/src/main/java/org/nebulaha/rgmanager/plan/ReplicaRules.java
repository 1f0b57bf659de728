package org.nebulaha.rgmanager.plan;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.nebulaha.rgmanager.model.CopyState;
import org.nebulaha.rgmanager.model.ReplicaRecord;

/**
 * The database copies' decisions, pure: which copy may become primary (promote, run, refuse, or
 * forced by the operator), what the primary records about its standbys and whether it waits for
 * them, and how a node's copy rejoins. The rules of Pacemaker's pgsql/PAF and DRBD: only a copy the
 * cluster knows was in sync when the primary was lost is promoted; a lost and fenced standby is
 * marked outdated before the primary stops waiting for it; an outdated copy refuses unless forced.
 *
 * <p>"Trusted" record: this node has held it live (it stayed a member since, or got it from a member
 * that did, or every node is online). A record read from disk after a restart may be stale: another
 * copy may have been promoted, or this one outdated, while this node was down. From such a record
 * only one thing is safe: a copy recorded as primary with every other copy outdated (none of those
 * can have been promoted since without force).
 */
public final class ReplicaRules {
    private ReplicaRules() {}

    /** What the local data folder holds. */
    public enum LocalData { NONE, PRIMARY, STANDBY }

    public enum StartKind {
        /** No copy anywhere yet: create the database here. */
        INIT,
        /** This copy is the primary: run it. */
        RUN_PRIMARY,
        /** This standby has every committed write: promote it. */
        PROMOTE,
        /** Not safe: the start fails with {@code why}. */
        REFUSE
    }

    /**
     * @param record the record to publish (acknowledged by every member) before acting; null for REFUSE
     * @param forced the operator forced it: writes committed only elsewhere may be lost
     */
    public record Start(StartKind kind, ReplicaRecord record, String why, boolean forced) {}

    /** Decides the start of the primary on {@code self} (the node the service starts on). */
    public static Start start(String self, LocalData local, ReplicaRecord rec, boolean trusted, boolean force) {
        CopyState mine = rec.state(self);
        String good = goodCopies(rec, self);
        if (local == LocalData.NONE) {
            if (!rec.copies().isEmpty())
                return refuse("no database copy on " + self + "; the cluster's record (version " + rec.version() + ") has "
                        + describe(rec) + (good.isEmpty() ? "" : "; the last good copy is on " + good)
                        + ": start the service there, or let " + self + " rejoin as a standby first");
            if (!trusted)
                return refuse("no database copy on " + self + " and not every node is online: another node may hold the"
                        + " database; refusing to create an empty one (start the other nodes, or force with force_promote=\"1\")");
            return new Start(StartKind.INIT, becomePrimary(rec, self, false), "no copy anywhere yet: creating the database on " + self, false);
        }
        StartKind act = local == LocalData.PRIMARY ? StartKind.RUN_PRIMARY : StartKind.PROMOTE;
        if (force) {
            String lost = good.isEmpty() ? "" : " writes committed only on " + good + " may be lost;";
            return new Start(act, becomePrimary(rec, self, true).withNote("forced " + self + " to primary by the operator"),
                    "FORCED by the operator (force_promote=1 or clusvcadm --force-promote):" + lost + " copy on " + self + " was " + word(mine), true);
        }
        if (trusted) {
            if (mine == CopyState.PRIMARY || (mine == CopyState.SYNC && local == LocalData.STANDBY))
                return new Start(act, becomePrimary(rec, self, false), "copy on " + self + " is " + word(mine) + " (record version "
                        + rec.version() + "): it has every committed write", false);
            if (mine == CopyState.SYNC)
                return refuse("copy on " + self + " is recorded in sync but its data folder is a primary's, not a standby's;"
                        + " let it rejoin as a standby first");
            return refuse("copy on " + self + " is " + word(mine) + " (record version " + rec.version() + "): promoting it would lose"
                    + " writes committed since it fell behind" + (good.isEmpty() ? "" : "; the last good copy is on " + good)
                    + "; to accept that loss: clusvcadm -e SERVICE -m " + self + " --force-promote (or force_promote=\"1\" on the pgsql resource)");
        }
        if (mine == CopyState.PRIMARY && othersOutdated(rec, self))
            return new Start(act, becomePrimary(rec, self, false), "copy on " + self + " was the primary and every other copy is"
                    + " outdated (record version " + rec.version() + " from disk): no other copy can have been promoted since", false);
        return refuse(self + " restarted and no member that stayed up can confirm its copy (its record from disk, version "
                + rec.version() + ", says " + describe(rec) + "): another copy may have been promoted, or this one outdated, while it"
                + " was down; start the other nodes, or set force_promote=\"1\" to accept losing writes committed elsewhere");
    }

    private static Start refuse(String why) {
        return new Start(StartKind.REFUSE, null, "refusing to make this copy primary: " + why, false);
    }

    /** Self primary; a former primary is outdated (it is fenced or stopped); with force every other copy is. */
    private static ReplicaRecord becomePrimary(ReplicaRecord rec, String self, boolean force) {
        ReplicaRecord r = rec.with(self, CopyState.PRIMARY);
        for (Map.Entry<String, CopyState> e : rec.copies().entrySet()) {
            if (e.getKey().equals(self)) continue;
            boolean wasPrimary = e.getValue() == CopyState.PRIMARY;
            // A standby of the old primary is not yet waited for by this one: it must show sync again.
            if (force || wasPrimary) r = r.with(e.getKey(), CopyState.OUTDATED);
            else if (e.getValue() == CopyState.SYNC && rec.state(self) != CopyState.PRIMARY) r = r.with(e.getKey(), CopyState.CATCHUP);
        }
        return r;
    }

    private static boolean othersOutdated(ReplicaRecord rec, String self) {
        return rec.copies().entrySet().stream().allMatch(e -> e.getKey().equals(self) || e.getValue() == CopyState.OUTDATED);
    }

    private static String goodCopies(ReplicaRecord rec, String self) {
        return rec.copies().entrySet().stream().filter(e -> !e.getKey().equals(self) && e.getValue().hasEveryCommit())
                .map(Map.Entry::getKey).collect(Collectors.joining(", "));
    }

    private static String word(CopyState s) {
        return s == null ? "unknown to the cluster" : s.word();
    }

    private static String describe(ReplicaRecord rec) {
        if (rec.copies().isEmpty()) return "no copies";
        return rec.copies().entrySet().stream().map(e -> e.getKey() + " " + e.getValue().word()).collect(Collectors.joining(", "));
    }

    // --- the primary's check ---------------------------------------------------------------------

    /** One row of the primary's pg_stat_replication (application_name = the standby's node name). */
    public record Standby(String node, String state, String syncState) {}

    /**
     * @param record          the record after this check (publish it before acting if it changed)
     * @param waitForStandbys synchronous_standby_names set (commits wait for a standby) or cleared
     * @param changes         what changed, for the log
     */
    public record PrimaryCheck(ReplicaRecord record, boolean waitForStandbys, String changes) {}

    /**
     * The primary's view of its standbys. A standby seen with sync_state=sync is SYNC; one seen
     * otherwise CATCHUP. One not seen keeps its state (a SYNC one is still waited for: commits block)
     * until its node is fenced or left ({@code gone}) or it stayed away past the grace
     * ({@code awayTooLong}, its node alive): then OUTDATED. A gone node's row does not count: a standby
     * whose node lost power or was cut off leaves its WAL sender listed as streaming (and sync) until
     * wal_sender_timeout, a minute during which every commit would wait for a copy that is fenced.
     * The primary waits (synchronous) while a copy is SYNC or a standby streams; it stops waiting only
     * for copies that are marked outdated.
     */
    public static PrimaryCheck primaryCheck(String self, ReplicaRecord rec, Collection<Standby> rows, Set<String> gone,
                                            Set<String> awayTooLong) {
        Map<String, Standby> seen = new LinkedHashMap<>();
        for (Standby s : rows) seen.put(s.node(), s);
        ReplicaRecord r = rec.with(self, CopyState.PRIMARY);
        Set<String> nodes = new TreeSet<>(rec.copies().keySet());
        nodes.addAll(seen.keySet());
        StringBuilder changes = new StringBuilder();
        boolean streaming = false;
        for (String n : nodes) {
            if (n.equals(self)) continue;
            CopyState was = rec.state(n);
            CopyState now = was;
            Standby s = gone.contains(n) ? null : seen.get(n);
            if (s != null) {
                now = "sync".equals(s.syncState()) ? CopyState.SYNC : CopyState.CATCHUP;
                streaming |= "streaming".equals(s.state());
            } else if (was != null && was != CopyState.OUTDATED && (gone.contains(n) || awayTooLong.contains(n))) {
                now = CopyState.OUTDATED;
            }
            if (now != was) {
                r = r.with(n, now);
                changes.append(changes.length() == 0 ? "" : "; ").append(n).append(' ').append(was == null ? "new" : was.word())
                        .append(" -> ").append(now.word()).append(now == CopyState.OUTDATED
                                ? (gone.contains(n) ? " (its node is fenced or left)" : " (away too long while its node is up)") : "");
            }
        }
        boolean wait = streaming || r.copies().entrySet().stream().anyMatch(e -> !e.getKey().equals(self) && e.getValue() == CopyState.SYNC);
        return new PrimaryCheck(r, wait, changes.toString());
    }

    // --- rejoin ----------------------------------------------------------------------------------

    public enum RejoinKind {
        /** A standby folder: (re)start it following the primary. */
        FOLLOW,
        /** A former primary's folder: pg_rewind it from the primary, then follow. */
        REWIND,
        /** No usable folder (none, or rewind failed): a fresh pg_basebackup (a failed folder is kept aside). */
        BASEBACKUP
    }

    /** How a copy on a node that does not run the service rejoins the primary. */
    public static RejoinKind rejoin(LocalData local, boolean rewindFailed) {
        if (local == LocalData.NONE || rewindFailed) return RejoinKind.BASEBACKUP;
        return local == LocalData.PRIMARY ? RejoinKind.REWIND : RejoinKind.FOLLOW;
    }
}

package org.nebulaha.rgmanager.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nebulaha.rgmanager.model.CopyState;
import org.nebulaha.rgmanager.model.ReplicaRecord;
import org.nebulaha.rgmanager.plan.ReplicaRules.LocalData;
import org.nebulaha.rgmanager.plan.ReplicaRules.RejoinKind;
import org.nebulaha.rgmanager.plan.ReplicaRules.StartKind;

/** The decision table of {@link ReplicaRules}: one row per case, "a=primary b=sync" for the record. */
class ReplicaRulesTest {

    static ReplicaRecord rec(String copies) {
        Map<String, CopyState> m = new LinkedHashMap<>();
        for (String w : copies.trim().split("\\s+")) {
            if (w.isEmpty()) continue;
            String[] kv = w.split("=");
            m.put(kv[0], CopyState.valueOf(kv[1].toUpperCase()));
        }
        return new ReplicaRecord(5, m, "");
    }

    static String copies(ReplicaRecord r) {
        List<String> out = new ArrayList<>();
        r.copies().forEach((n, s) -> out.add(n + "=" + s.word()));
        return String.join(" ", out);
    }

    @ParameterizedTest(name = "[{index}] {0} on b, data {1}, record ''{2}'', trusted {3}, force {4} -> {5}")
    @CsvSource(delimiter = '|', textBlock = """
            # case                                  | data    | record               | trusted | force | decision    | record after             | message holds
            first start anywhere                    | NONE    | ''                   | true    | false | INIT        | b=primary                | creating the database
            first start, others not all online      | NONE    | ''                   | false   | false | REFUSE      | -                        | another node may hold
            no copy here but one elsewhere          | NONE    | a=primary            | true    | false | REFUSE      | -                        | last good copy is on a
            primary lost, sync standby promoted     | STANDBY | a=primary b=sync     | true    | false | PROMOTE     | a=outdated b=primary     | every committed write
            restart in place of the primary         | PRIMARY | a=sync b=primary     | true    | false | RUN_PRIMARY | a=sync b=primary         | every committed write
            outdated standby refused                | STANDBY | a=primary b=outdated | true    | false | REFUSE      | -                        | last good copy is on a
            catching-up standby refused             | STANDBY | a=primary b=catchup  | true    | false | REFUSE      | -                        | force_promote
            unknown copy refused                    | STANDBY | a=primary            | true    | false | REFUSE      | -                        | unknown to the cluster
            sync record but primary folder refused  | PRIMARY | a=primary b=sync     | true    | false | REFUSE      | -                        | rejoin as a standby
            outdated forced by the operator         | STANDBY | a=primary b=outdated | true    | true  | PROMOTE     | a=outdated b=primary     | FORCED
            forced with no copy here is refused     | NONE    | a=primary            | true    | true  | REFUSE      | -                        | no database copy on b
            double failure: outdated back first     | STANDBY | a=primary b=sync     | false   | false | REFUSE      | -                        | restarted and no member
            double failure: old primary back first  | PRIMARY | a=primary b=sync     | false   | false | REFUSE      | -                        | may have been promoted
            last primary back, others outdated      | PRIMARY | a=outdated b=primary | false   | false | RUN_PRIMARY | a=outdated b=primary     | no other copy can have
            promotion: third standby must resync    | STANDBY | a=primary b=sync c=sync | true | false | PROMOTE     | a=outdated b=primary c=catchup | every committed write
            """)
    void start(String name, LocalData data, String record, boolean trusted, boolean force, StartKind kind, String after, String msg) {
        ReplicaRules.Start s = ReplicaRules.start("b", data, rec(record), trusted, force);
        assertEquals(kind, s.kind(), s.why());
        assertTrue(s.why().contains(msg), "message: " + s.why());
        if (after.equals("-")) assertNull(s.record());
        else assertEquals(after, copies(s.record()));
        assertEquals(force && kind != StartKind.REFUSE, s.forced());
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', textBlock = """
            # case                                | record               | rows (node:state:sync)  | gone | away | record after         | waits
            standby turns sync                    | a=primary b=catchup  | b:streaming:sync        | ''   | ''   | a=primary b=sync     | true
            standby streaming, not sync yet       | a=primary            | b:streaming:async       | ''   | ''   | a=primary b=catchup  | true
            standby still catching up             | a=primary            | b:catchup:async         | ''   | ''   | a=primary b=catchup  | false
            sync standby gone, node not fenced    | a=primary b=sync     | ''                      | ''   | ''   | a=primary b=sync     | true
            sync standby's node fenced            | a=primary b=sync     | ''                      | b    | ''   | a=primary b=outdated | false
            fenced standby's dead sender listed   | a=primary b=sync     | b:streaming:sync        | b    | ''   | a=primary b=outdated | false
            fenced catching-up standby listed     | a=primary b=catchup  | b:streaming:async       | b    | ''   | a=primary b=outdated | false
            fenced standby back, another streams  | a=primary b=sync c=sync | b:streaming:sync c:streaming:potential | b | '' | a=primary b=outdated c=catchup | true
            standby away too long, node up        | a=primary b=sync     | ''                      | ''   | b    | a=primary b=outdated | false
            outdated stays outdated while away    | a=primary b=outdated | ''                      | b    | ''   | a=primary b=outdated | false
            outdated copy back and in sync        | a=primary b=outdated | b:streaming:sync        | ''   | ''   | a=primary b=sync     | true
            no standby at all                     | a=primary            | ''                      | ''   | ''   | a=primary            | false
            """)
    void primaryCheck(String name, String record, String rows, String gone, String away, String after, boolean waits) {
        List<ReplicaRules.Standby> rs = new ArrayList<>();
        for (String w : rows.trim().split("\\s+")) {
            if (w.isEmpty()) continue;
            String[] f = w.split(":");
            rs.add(new ReplicaRules.Standby(f[0], f[1], f[2]));
        }
        ReplicaRules.PrimaryCheck c = ReplicaRules.primaryCheck("a", rec(record), rs, set(gone), set(away));
        assertEquals(after, copies(c.record()));
        assertEquals(waits, c.waitForStandbys());
        assertEquals(c.record().sameContent(rec(record)), c.changes().isEmpty(), c.changes());
    }

    private static Set<String> set(String s) {
        return s.isBlank() ? Set.of() : Set.of(s.trim().split("\\s+"));
    }

    @ParameterizedTest
    @CsvSource({"NONE,false,BASEBACKUP", "PRIMARY,false,REWIND", "PRIMARY,true,BASEBACKUP", "STANDBY,false,FOLLOW", "STANDBY,true,BASEBACKUP"})
    void rejoin(LocalData data, boolean rewindFailed, RejoinKind kind) {
        assertEquals(kind, ReplicaRules.rejoin(data, rewindFailed));
    }

    @Test
    void recordTextRoundTripsAndBadLinesNameTheirPlace() {
        ReplicaRecord r = rec("a=primary b=outdated").withNote("refused b: stale");
        assertEquals(r, ReplicaRecord.parse(r.format(), "x"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ReplicaRecord.parse("version 3\ncopy a lagging\n", "/var/lib/cluster/pgsql_state"));
        assertTrue(e.getMessage().startsWith("/var/lib/cluster/pgsql_state:2: 'copy a lagging'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ReplicaRecord.parse("copy a sync\n", "x"));
        assertFalse(r.sameContent(r.with("b", CopyState.SYNC)));
        ReplicaRecord forced = r.withForce("b");
        assertEquals(forced, ReplicaRecord.parse(forced.format(), "x"));
        assertTrue(forced.format().contains("force b\n"), forced.format());
        assertFalse(forced.sameContent(r));
        assertEquals("b", forced.next(r).with("a", CopyState.OUTDATED).force(), "a change keeps the force until a start uses it");
    }
}

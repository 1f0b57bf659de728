package org.nebulaha.oned.recover;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nebulaha.oned.model.DriverOp;
import org.nebulaha.oned.model.LcmState;
import org.nebulaha.oned.recover.AutoRecovery.Evidence;
import org.nebulaha.oned.recover.AutoRecovery.Facts;

/**
 * What the drivers' record proves, per stuck state. Columns: state, pending op, facts on the
 * current host (d domain, k disks, c checkpoint, a disk 1 attached, s snapshot 1 taken), on the previous host, in the
 * front-end datastore, then the decision.
 */
class AutoRecoveryTest {

    @ParameterizedTest(name = "{0} [{2}|{3}|{4}] -> {5}")
    @CsvSource({
            "PROLOG,          TM_PROLOG,       k,  -,  -, SUCCESS",
            "PROLOG,          TM_PROLOG,       '', -,  -, RETRY",
            "PROLOG_RESUME,   TM_PROLOG_RESUME,'', -,  k, RETRY",
            "PROLOG_RESUME,   TM_PROLOG_RESUME,'', -, '', LEAVE",
            "PROLOG_MIGRATE,  TM_PROLOG_MIGRATE,k, '', -, SUCCESS",
            "PROLOG_MIGRATE,  TM_PROLOG_MIGRATE,'', k, -, RETRY",
            "PROLOG_MIGRATE,  TM_PROLOG_MIGRATE,k,  k, -, LEAVE",
            "BOOT,            VMM_DEPLOY,      dk, -,  -, SUCCESS",
            "BOOT,            VMM_DEPLOY,      k,  -,  -, RETRY",
            "BOOT,            VMM_DEPLOY,      '', -,  -, LEAVE",
            "BOOT_STOPPED,    VMM_RESTORE,     kc, -,  -, RETRY",
            "BOOT_STOPPED,    VMM_RESTORE,     k,  -,  -, LEAVE",
            "MIGRATE,         VMM_MIGRATE,     dk, '', -, SUCCESS",
            "MIGRATE,         VMM_MIGRATE,     '', dk, -, RETRY",
            "MIGRATE,         VMM_MIGRATE,     d,  d,  -, LEAVE",
            "SAVE_STOP,       VMM_SAVE,        kc, -,  -, SUCCESS",
            "SAVE_STOP,       VMM_SAVE,        dk, -,  -, RETRY",
            "SAVE_STOP,       VMM_SAVE,        k,  -,  -, LEAVE",
            "SAVE_MIGRATE,    VMM_SAVE,        '', kc, -, SUCCESS",
            "SHUTDOWN,        VMM_SHUTDOWN,    k,  -,  -, SUCCESS",
            "SHUTDOWN,        VMM_SHUTDOWN,    dk, -,  -, RETRY",
            "EPILOG,          TM_EPILOG,       '', -,  -, SUCCESS",
            "EPILOG,          TM_EPILOG,       k,  -,  -, RETRY",
            "EPILOG_STOP,     TM_EPILOG_STOP,  '', -,  k, SUCCESS",
            "EPILOG_STOP,     TM_EPILOG_STOP,  '', -, '', LEAVE",
            "HOTPLUG,         VMM_ATTACHDISK,  dka,-,  -, SUCCESS",
            "HOTPLUG,         VMM_ATTACHDISK,  dk, -,  -, FAILURE",
            "HOTPLUG,         VMM_DETACHDISK,  dka,-,  -, FAILURE",
            "HOTPLUG,         VMM_DETACHDISK,  dk, -,  -, SUCCESS",
            "UNKNOWN,         ,                dk, -,  -, SUCCESS",
            "UNKNOWN,         ,                k,  -,  -, LEAVE",
            "HOTPLUG_SNAPSHOT,VMM_SNAPSHOTCREATE,dks,-, -, SUCCESS",
            "HOTPLUG_SNAPSHOT,VMM_SNAPSHOTCREATE,dk, -, -, FAILURE",
            "HOTPLUG_NIC,     ,                dk, -,  -, LEAVE"})
    void decidesOnlyWhatTheRecordProves(LcmState lcm, DriverOp pending, String cur, String prev, String front, AutoRecovery.Kind expected) {
        Evidence ev = new Evidence("h2", facts(cur), "-".equals(prev) ? null : "h1", facts(prev), facts(front), null);
        AutoRecovery.Decision d = AutoRecovery.decide(lcm, pending, 1, ev);
        assertThat(d.kind()).as(d.reason()).isEqualTo(expected);
        assertThat(d.reason()).isNotBlank();
    }

    @org.junit.jupiter.api.Test
    void leavesEverythingWhenTheRecordCannotBeRead() {
        AutoRecovery.Decision d = AutoRecovery.decide(LcmState.PROLOG, DriverOp.TM_PROLOG, -1, Evidence.unavailable("no running tm driver"));
        assertThat(d.kind()).isEqualTo(AutoRecovery.Kind.LEAVE);
        assertThat(d.reason()).isEqualTo("no running tm driver");
    }

    private static Facts facts(String s) {
        if (s == null || s.equals("-")) return null;
        return new Facts(s.contains("d"), s.contains("d") ? "h:one-1:dummy" : "", s.contains("k"), s.contains("c"),
                s.contains("a") ? Set.of(1) : Set.of(), s.contains("s") ? Set.of(1) : Set.of());
    }
}

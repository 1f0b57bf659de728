package org.nebulaha.oned.recover;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nebulaha.oned.model.LcmState;
import org.nebulaha.oned.model.VmState;

/** one.vm.recover per state (spec 2.2/2.3): the resulting state, or "noop", or the refusal. */
class RecoverPlanTest {

    @ParameterizedTest(name = "{0}/{1} recover {2} -> {3}")
    @CsvSource({
            "ACTIVE,  PROLOG,            1, BOOT",
            "ACTIVE,  PROLOG,            0, PROLOG_FAILURE",
            "ACTIVE,  BOOT,              1, RUNNING",
            "ACTIVE,  BOOT,              0, BOOT_FAILURE",
            "ACTIVE,  SHUTDOWN,          1, EPILOG",
            "ACTIVE,  SHUTDOWN,          0, RUNNING",
            "ACTIVE,  EPILOG,            1, DONE",
            "ACTIVE,  SAVE_STOP,         1, EPILOG_STOP",
            "ACTIVE,  SAVE_SUSPEND,      1, SUSPENDED",
            "ACTIVE,  SAVE_SUSPEND,      0, RUNNING",
            "ACTIVE,  MIGRATE,           1, RUNNING",
            "ACTIVE,  HOTPLUG,           0, RUNNING",
            "ACTIVE,  UNKNOWN,           0, RUNNING",
            "ACTIVE,  UNKNOWN,           1, RUNNING",
            "ACTIVE,  HOTPLUG_SNAPSHOT,  1, RUNNING",
            "ACTIVE,  FAILURE,           1, FAILED",
            "ACTIVE,  RUNNING,           1, noop",
            "ACTIVE,  BOOT_FAILURE,      1, RUNNING",
            "ACTIVE,  BOOT_FAILURE,      0, noop",
            "ACTIVE,  BOOT_FAILURE,      2, BOOT",
            "ACTIVE,  EPILOG_FAILURE,    2, EPILOG",
            "ACTIVE,  RUNNING,           2, refused: Wrong state to perform action: nothing to retry in RUNNING",
            "ACTIVE,  PROLOG,            3, DONE",
            "POWEROFF, LCM_INIT,         3, DONE",
            "DONE,    LCM_INIT,          3, refused: Wrong state to perform action",
            "ACTIVE,  BOOT,              4, PENDING",
            "STOPPED, LCM_INIT,          4, PENDING",
            "ACTIVE,  EPILOG,            5, DONE",
            "PENDING, LCM_INIT,          1, refused: Wrong state to perform action",
            "ACTIVE,  PROLOG,            9, 'refused: Unknown recover operation 9; use 0 failure, 1 success, 2 retry, 3 delete, 4 delete-recreate, 5 delete-db'"})
    void recoverOutcome(VmState state, LcmState lcm, int op, String expected) {
        assertThat(describe(RecoverPlan.decide(state, lcm, op, false, null))).isEqualTo(expected);
    }

    @org.junit.jupiter.api.Test
    void automaticRecoveryMayKeepAProvenSnapshotWhere42AlwaysDropsIt() {
        RecoverPlan.Outcome by42 = RecoverPlan.decide(VmState.ACTIVE, LcmState.HOTPLUG_SNAPSHOT, 1, false, null);
        RecoverPlan.Outcome proven = RecoverPlan.decide(VmState.ACTIVE, LcmState.HOTPLUG_SNAPSHOT, 1, false, null, true);
        assertThat(by42.step().effect()).isEqualTo(org.nebulaha.oned.lifecycle.Transitions.Effect.SNAPSHOT_FAILURE);
        assertThat(proven.step().effect()).isEqualTo(org.nebulaha.oned.lifecycle.Transitions.Effect.SNAPSHOT_SUCCESS);
    }

    private static String describe(RecoverPlan.Outcome o) {
        return o.refusal() != null ? "refused: " + o.refusal() : o.noop() ? "noop"
                : o.step().state() == VmState.ACTIVE ? o.step().lcm().name() : o.step().state().name();
    }

}

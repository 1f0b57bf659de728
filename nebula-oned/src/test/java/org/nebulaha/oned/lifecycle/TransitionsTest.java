package org.nebulaha.oned.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nebulaha.oned.model.LcmState;
import org.nebulaha.oned.model.VmState;

/** The 4.2 LCM table (spec 1.6) and the 4.14+ failure states, one row per fact. */
class TransitionsTest {

    @ParameterizedTest(name = "{0} success -> {1}/{2} then {3}")
    @CsvSource({
            "PROLOG,            ACTIVE,     BOOT,            VMM_DEPLOY",
            "PROLOG_MIGRATE,    ACTIVE,     BOOT,            VMM_RESTORE",
            "PROLOG_RESUME,     ACTIVE,     BOOT_STOPPED,    VMM_RESTORE",
            "PROLOG_UNDEPLOY,   ACTIVE,     BOOT_UNDEPLOY,   VMM_DEPLOY",
            "BOOT,              ACTIVE,     RUNNING,         ",
            "BOOT_SUSPENDED,    ACTIVE,     RUNNING,         ",
            "MIGRATE,           ACTIVE,     RUNNING,         ",
            "SAVE_MIGRATE,      ACTIVE,     PROLOG_MIGRATE,  TM_PROLOG_MIGRATE",
            "SAVE_SUSPEND,      SUSPENDED,  LCM_INIT,        ",
            "SAVE_STOP,         ACTIVE,     EPILOG_STOP,     TM_EPILOG_STOP",
            "SHUTDOWN,          ACTIVE,     EPILOG,          TM_EPILOG",
            "CANCEL,            ACTIVE,     EPILOG,          TM_EPILOG",
            "SHUTDOWN_POWEROFF, POWEROFF,   LCM_INIT,        ",
            "SHUTDOWN_UNDEPLOY, ACTIVE,     EPILOG_UNDEPLOY, TM_EPILOG_STOP",
            "EPILOG,            DONE,       LCM_INIT,        ",
            "EPILOG_STOP,       STOPPED,    LCM_INIT,        ",
            "EPILOG_UNDEPLOY,   UNDEPLOYED, LCM_INIT,        ",
            "CLEANUP_RESUBMIT,  PENDING,    LCM_INIT,        ",
            "HOTPLUG,           ACTIVE,     RUNNING,         "})
    void successOfThePendingOperation(LcmState from, VmState state, LcmState lcm, String op) {
        Transitions.Step s = Transitions.success(from).orElseThrow();
        assertThat(s.state()).isEqualTo(state);
        assertThat(s.lcm()).isEqualTo(lcm);
        assertThat(s.op() == null ? null : s.op().name()).isEqualTo(op);
    }

    @ParameterizedTest(name = "{0} failure (4.2 FAILED={1}) -> {2}/{3}")
    @CsvSource({
            "PROLOG,          true,  FAILED,     LCM_INIT",
            "PROLOG,          false, ACTIVE,     PROLOG_FAILURE",
            "BOOT,            true,  FAILED,     LCM_INIT",
            "BOOT,            false, ACTIVE,     BOOT_FAILURE",
            "EPILOG,          false, ACTIVE,     EPILOG_FAILURE",
            "PROLOG_RESUME,   true,  STOPPED,    LCM_INIT",
            "PROLOG_RESUME,   false, ACTIVE,     PROLOG_RESUME_FAILURE",
            "BOOT_UNKNOWN,    false, ACTIVE,     UNKNOWN",
            "BOOT_POWEROFF,   false, POWEROFF,   LCM_INIT",
            "BOOT_SUSPENDED,  false, SUSPENDED,  LCM_INIT",
            "BOOT_STOPPED,    true,  ACTIVE,     EPILOG_STOP",
            "BOOT_STOPPED,    false, ACTIVE,     BOOT_STOPPED_FAILURE",
            "MIGRATE,         false, ACTIVE,     RUNNING",
            "SAVE_STOP,       false, ACTIVE,     RUNNING",
            "SHUTDOWN,        false, ACTIVE,     RUNNING",
            "HOTPLUG,         false, ACTIVE,     RUNNING",
            "CLEANUP_DELETE,  false, DONE,       LCM_INIT"})
    void failureOfThePendingOperation(LcmState from, boolean legacy, VmState state, LcmState lcm) {
        Transitions.Step s = Transitions.failure(from, legacy).orElseThrow();
        assertThat(s.state()).isEqualTo(state);
        assertThat(s.lcm()).isEqualTo(lcm);
    }

    @ParameterizedTest(name = "retry {0} -> {1} with {2}")
    @CsvSource({
            "PROLOG_FAILURE,        PROLOG,        TM_PROLOG",
            "BOOT_FAILURE,          BOOT,          VMM_DEPLOY",
            "BOOT_STOPPED_FAILURE,  BOOT_STOPPED,  VMM_RESTORE",
            "EPILOG_STOP_FAILURE,   EPILOG_STOP,   TM_EPILOG_STOP",
            "SAVE_SUSPEND,          SAVE_SUSPEND,  VMM_SAVE",
            "MIGRATE,               MIGRATE,       VMM_MIGRATE",
            "SHUTDOWN,              SHUTDOWN,      VMM_SHUTDOWN"})
    void retryResendsTheOperationOfTheBaseState(LcmState from, LcmState lcm, String op) {
        Transitions.Step s = Transitions.retry(from, null).orElseThrow();
        assertThat(s.lcm()).isEqualTo(lcm);
        assertThat(s.op().name()).isEqualTo(op);
    }

    @ParameterizedTest
    @CsvSource({"RUNNING, false", "LCM_INIT, false", "BOOT_FAILURE, false", "PROLOG, true", "UNKNOWN, true",
            "HOTPLUG_SNAPSHOT, true", "CLEANUP_RESUBMIT, true", "FAILURE, true", "SAVE_MIGRATE, true"})
    void transientStatesAreThoseWaitingForADriver(LcmState lcm, boolean expected) {
        assertThat(Transitions.isTransient(lcm)).isEqualTo(expected);
    }
}

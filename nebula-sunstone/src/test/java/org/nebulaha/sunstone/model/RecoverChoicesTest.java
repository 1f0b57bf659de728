package org.nebulaha.sunstone.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The recover choices offered per state; ops are one.vm.recover's (0 failure, 1 success, 2 retry, 3 delete, 4 recreate). */
class RecoverChoicesTest {
    @ParameterizedTest(name = "{0}/{1} offers {2}")
    @CsvSource(delimiter = '|', value = {
        "3 | 3  | ''",                // RUNNING: nothing to recover
        "1 | 0  | ''",                // PENDING: not ACTIVE
        "3 | 1  | 1 0 2 4 3",         // PROLOG
        "3 | 2  | 1 0 2 4 3",         // BOOT
        "3 | 36 | 1 0 2 4 3",         // BOOT_FAILURE
        "3 | 11 | 1 0 2 4 3",         // EPILOG
        "3 | 12 | 1 0 2 4 3",         // SHUTDOWN
        "3 | 6  | 1 0 2 4 3",         // SAVE_SUSPEND
        "3 | 4  | 1 0 2 4 3",         // MIGRATE
        "3 | 16 | 1 4 3",             // UNKNOWN: the flag is ignored, one way to RUNNING
        "3 | 14 | 1 4 3",             // FAILURE (4.2)
        "3 | 15 | 1 4 3",             // CLEANUP_RESUBMIT
        "3 | 17 | 1 0 4 3",           // HOTPLUG
        "3 | 24 | 1 0 4 3"})          // HOTPLUG_SNAPSHOT
    void offersTheStateAppropriateChoices(int state, int lcm, String ops) {
        VmRow v = new VmRow(5, "v", "oneadmin", state, lcm, "h1", "1", 64, "", "", 0, List.of());
        assertThat(String.join(" ", RecoverChoices.forVm(v).stream().map(c -> Integer.toString(c.op())).toList())).isEqualTo(ops);
    }
}

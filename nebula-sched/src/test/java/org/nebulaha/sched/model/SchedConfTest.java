package org.nebulaha.sched.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SchedConfTest {
    @Test
    void shippedDefaultFileGivesOpenNebulasDefaults() throws Exception {
        assertThat(SchedConf.parse(SchedConf.DEFAULT_TEXT, "sched.conf")).isEqualTo(SchedConf.DEFAULTS);
        assertThat(SchedConf.parse("", "sched.conf")).isEqualTo(SchedConf.DEFAULTS);
        java.nio.file.Path shipped = java.nio.file.Path.of("../nebula-dist/src/etc/one/sched.conf");
        assertThat(org.nebulaha.sched.io.SchedConfFile.load(shipped)).as(shipped.toString()).isEqualTo(SchedConf.DEFAULTS);
    }

    @Test
    void readsEveryKeyInOpenNebulasSyntax() throws Exception {
        SchedConf c = SchedConf.parse("""
                ONED_PORT = 2700   SCHED_INTERVAL = 5
                MAX_VM = 0
                MAX_DISPATCH = 7
                MAX_HOST = 2
                LIVE_RESCHEDS = 1
                HYPERVISOR_MEM = 0.25
                DEFAULT_SCHED = [ POLICY = 3, RANK = "FREE_CPU - RUNNING_VMS * 10" ]
                """, "x");
        assertThat(c).isEqualTo(new SchedConf(2700, "localhost", 5, 0, 7, 2, true, 0.25, SchedConf.Policy.CUSTOM, "FREE_CPU - RUNNING_VMS * 10", 3));
        assertThat(c.onedUrl()).isEqualTo("http://localhost:2700/RPC2");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "SCHED_INTERVAL = 0                 | /etc/one/sched.conf: SCHED_INTERVAL = 0: expected a whole number from 1 to 86400",
        "MAX_HOST = lots                    | /etc/one/sched.conf: MAX_HOST = lots: expected a whole number from 1 up",
        "HYPERVISOR_MEM = 1.5               | /etc/one/sched.conf: HYPERVISOR_MEM = 1.5: must be at least 0 and below 1",
        "DEFAULT_SCHED = [ POLICY = 9 ]     | /etc/one/sched.conf: DEFAULT_SCHED POLICY = 9: use 0 (packing), 1 (striping), 2 (load-aware), 3 (custom) or 4 (fixed)",
        "DEFAULT_SCHED = [ POLICY = 3 ]     | /etc/one/sched.conf: DEFAULT_SCHED POLICY = 3 needs RANK",
        "'DEFAULT_SCHED = [ POLICY = 3, RANK = \"FREE_CPU +\" ]' | /etc/one/sched.conf: DEFAULT_SCHED RANK: \"FREE_CPU +\": expression ends too early"})
    void refusesBadValuesNamingFileAndKey(String text, String message) {
        assertThatThrownBy(() -> SchedConf.parse(text, "/etc/one/sched.conf")).hasMessageStartingWith(message);
    }
}

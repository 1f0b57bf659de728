package org.nebulaha.lab.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DatabaseCopiesTest {
    static final String HEAD = " Service Name   Owner (Last)   State\n ------- ----   ----- ------   -----\n service:opennebula one-server1 started\n\n"
            + " Database Copy                  Role       In Sync Lag\n -------- ----                  ----       -- ---- ---\n";

    @Test
    void inSyncOnlyWhenEveryCopySaysYes() {
        assertThat(DatabaseCopies.inSync(HEAD + " one-server1                    primary    yes     -\n"
                + " one-server2                    standby    yes     0 B\n (record version 6)\n")).isTrue();
        assertThat(DatabaseCopies.inSync(HEAD + " one-server1                    primary    yes     -\n"
                + " one-server2                    outdated   no      -\n (record version 5)\n Note: refusing ...\n")).isFalse();
        assertThat(DatabaseCopies.inSync(HEAD + " (record version 0)\n")).as("a section without rows").isFalse();
    }

    @Test
    void theSharedSqliteLayoutHasNothingToWaitFor() {
        assertThat(DatabaseCopies.inSync(" Service Name   Owner (Last)   State\n service:opennebula one-server1 started\n")).isTrue();
    }
}

package org.nebulaha.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nebulaha.lab.bench.Outages;

class OutagesTest {
    @Test
    void measuresFromTheLastSuccessBeforeTheFaultToTheFirstSuccessAfterIt() {
        var d = Outages.around(List.of("1000 ok one-server1", "1020 ok one-server1", "1040 fail ConnectException",
                "1060 fail SocketTimeoutException", "1900 ok one-server2"), 1030).orElseThrow();
        assertThat(d.millis()).isEqualTo(880);
        assertThat(d.before()).isEqualTo("one-server1");
        assertThat(d.after()).isEqualTo("one-server2");
    }

    @Test
    void successesBeforeTheFaultTakesEffectDoNotEndTheOutage() {
        var d = Outages.around(List.of("1000 ok a", "1020 ok a", "1040 ok a", "1060 fail x", "1500 ok b"), 1010).orElseThrow();
        assertThat(d.lastOkBefore()).isEqualTo(1040);
        assertThat(d.millis()).isEqualTo(460);
    }

    @Test
    void noRecoveryIsEmpty() {
        assertThat(Outages.around(List.of("1000 ok a", "1020 fail x", "1040 fail x"), 1010)).isEmpty();
    }
}

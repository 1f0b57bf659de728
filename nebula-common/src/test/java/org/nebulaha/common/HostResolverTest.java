package org.nebulaha.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class HostResolverTest {
    @Test
    void readsAddressesAndPortsAndFallsBackToTheName() {
        HostResolver r = HostResolver.parse(List.of("# lab", "one-server1 127.0.0.1 ricci=11112 cluster=7800", "n2 10.0.0.2"), "hosts");
        assertThat(r.address("one-server1")).isEqualTo("127.0.0.1");
        assertThat(r.port("one-server1", "ricci", 11111)).isEqualTo(11112);
        assertThat(r.port("n2", "ricci", 11111)).isEqualTo(11111);
        assertThat(r.address("elsewhere")).isEqualTo("elsewhere");
    }

    @Test
    void refusesABadLineWithItsNumber() {
        assertThatThrownBy(() -> HostResolver.parse(List.of("ok 1.2.3.4", "broken"), "hosts")).hasMessageContaining("hosts:2:");
        assertThatThrownBy(() -> HostResolver.parse(List.of("a 1.2.3.4 ricci=x"), "hosts")).hasMessageContaining("'ricci=x' is not key=port");
    }
}

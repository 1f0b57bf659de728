package org.nebulaha.oned.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nebulaha.oned.model.Template;
import org.nebulaha.oned.model.Vnet;

/** Network ranges from templates and lease decisions (4.2 RangedLeases / FixedLeases rules). */
class LeasesTest {
    static Vnet net(String text) throws Exception {
        return Networks.define(7, Template.parse(text));
    }

    @Test
    void rangesFromCidrMaskSizeAndExplicitBounds() throws Exception {
        Vnet cidr = net("NAME = a TYPE = ranged BRIDGE = br0 NETWORK_ADDRESS = 192.168.0.0/24");
        assertThat(Vnet.ip(cidr.ipStart) + "-" + Vnet.ip(cidr.ipEnd)).isEqualTo("192.168.0.1-192.168.0.254");
        assertThat(cidr.template.get("NETWORK_MASK")).contains("255.255.255.0");
        Vnet size = net("NAME = b TYPE = RANGED BRIDGE = br0 NETWORK_ADDRESS = 10.0.0.0 NETWORK_SIZE = 10");
        assertThat(Vnet.ip(size.ipEnd)).isEqualTo("10.0.0.14");
        assertThat(size.template.get("NETWORK_SIZE")).isEmpty();
        Vnet mask = net("NAME = c TYPE = RANGED BRIDGE = br0 NETWORK_ADDRESS = 10.1.0.0 NETWORK_MASK = 255.255.0.0 IP_START = 10.1.0.100");
        assertThat(Vnet.ip(mask.ipStart) + "-" + Vnet.ip(mask.ipEnd)).isEqualTo("10.1.0.100-10.1.255.254");
        Vnet bounds = net("NAME = d TYPE = RANGED BRIDGE = br0 IP_START = 10.2.0.5 IP_END = 10.2.0.9");
        assertThat(bounds.ipEnd - bounds.ipStart).isEqualTo(4);
        Vnet phydev = net("NAME = e TYPE = RANGED PHYDEV = eth0 NETWORK_ADDRESS = 10.3.0.0/30");
        assertThat(phydev.bridge).isEqualTo("onebr7");
        assertThat(phydev.vlan).isTrue();
        assertThatThrownBy(() -> net("NAME = f TYPE = RANGED BRIDGE = b IP_START = 10.0.0.9 IP_END = 10.0.0.1"))
                .hasMessage("IP_START 10.0.0.9 cannot be greater than the IP_END 10.0.0.1.");
        assertThatThrownBy(() -> net("NAME = g TYPE = RANGED BRIDGE = b NETWORK_ADDRESS = 10.0.0.0/24 IP_START = 10.0.1.1"))
                .hasMessage("IP_START 10.0.1.1 is not part of the network 10.0.0.0/24.");
        assertThatThrownBy(() -> net("NAME = h TYPE = RANGED BRIDGE = b")).hasMessage("No NETWORK_ADDRESS in template for Virtual Network.");
        assertThatThrownBy(() -> net("TYPE = FIXED BRIDGE = b")).hasMessage("No NAME in template for Virtual Network.");
        assertThatThrownBy(() -> net("NAME = i BRIDGE = b")).hasMessage("No TYPE in template for Virtual Network.");
    }

    @Test
    void leasesAreTakenLowestFirstHeldReleasedAndGivenBack() throws Exception {
        Vnet n = net("NAME = a TYPE = RANGED BRIDGE = br0 IP_START = 10.0.0.1 IP_END = 10.0.0.3");
        assertThat(Vnet.ip(Leases.take(n, null, 5))).isEqualTo("10.0.0.1");
        Leases.hold(n, Map.of("IP", "10.0.0.2"));
        assertThat(Vnet.ip(Leases.take(n, "", 6))).isEqualTo("10.0.0.3");
        assertThatThrownBy(() -> Leases.take(n, null, 7)).hasMessage("Virtual network 7 (a) has no free leases.");
        assertThatThrownBy(() -> Leases.take(n, "10.0.0.9", 7)).hasMessage("IP 10.0.0.9 is not part of virtual network 7.");
        assertThatThrownBy(() -> Leases.take(n, "10.0.0.1", 7)).hasMessage("IP 10.0.0.1 of virtual network 7 is already in use.");
        assertThat(Leases.free(n, Vnet.ipNumber("10.0.0.1"), 6)).isFalse(); // not VM 6's lease
        assertThat(Leases.free(n, Vnet.ipNumber("10.0.0.1"), 5)).isTrue();
        assertThat(n.leases).doesNotContainKey(Vnet.ipNumber("10.0.0.1")); // RANGED keeps only used leases
        assertThatThrownBy(() -> Leases.release(n, Map.of("IP", "10.0.0.3"))).hasMessage("Lease is not on hold.");
        Leases.release(n, Map.of("IP", "10.0.0.2"));
        assertThat(n.usedLeases()).isEqualTo(1);
        assertThat(Vnet.mac(Vnet.ipNumber("10.0.0.3"))).isEqualTo("02:00:0a:00:00:03");
        assertThat(Vnet.ip6Link("02:00:0a:00:00:03")).isEqualTo("fe80::aff:fe00:3");
        assertThat(Vnet.ip6Link("12:34:56:78:9a:bc")).isEqualTo("fe80::1034:56ff:fe78:9abc");
    }

    @Test
    void fixedLeasesKeepTheirMacAndAreAddedAndRemovedWhenFree() throws Exception {
        Vnet n = net("NAME = f TYPE = FIXED BRIDGE = br0 LEASES = [ IP = 10.0.0.9, MAC = 02:ab:cd:ef:00:01 ]");
        assertThat(n.leases.get(Vnet.ipNumber("10.0.0.9")).mac()).isEqualTo("02:ab:cd:ef:00:01");
        assertThatThrownBy(() -> Leases.add(n, Map.of("IP", "10.0.0.9"))).hasMessage("Error inserting lease, IP 10.0.0.9 already exists");
        assertThatThrownBy(() -> Leases.add(n, Map.of("IP", "10.0.0.x"))).hasMessage("Error inserting lease, malformed IP = 10.0.0.x");
        Leases.take(n, null, 3);
        assertThatThrownBy(() -> Leases.remove(n, Map.of("IP", "10.0.0.9"))).hasMessage("Error deleting lease, IP 10.0.0.9 is currently in use");
        Leases.free(n, Vnet.ipNumber("10.0.0.9"), 3);
        assertThat(n.leases.get(Vnet.ipNumber("10.0.0.9")).used()).isFalse(); // FIXED keeps the lease, free
        Leases.remove(n, Map.of("IP", "10.0.0.9"));
        assertThat(n.leases).isEmpty();
    }
}

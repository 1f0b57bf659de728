package org.nebulaha.rgmanager.agent;

import java.io.IOException;
import java.net.InetAddress;
import java.util.List;

/** The ip agent's edge: interfaces, addresses, links, collision probes and gratuitous ARP. */
public interface AddressManager {
    /** One address configured on an interface. */
    record IfAddress(InetAddress address, int prefix) {}

    /** One network interface with its state and addresses. */
    record NetInterface(String name, boolean up, boolean linkUp, List<IfAddress> addresses) {
        public NetInterface {
            addresses = List.copyOf(addresses);
        }
    }

    List<NetInterface> interfaces() throws IOException;

    void add(String iface, InetAddress address, int prefix) throws IOException;

    void delete(String iface, InetAddress address, int prefix) throws IOException;

    /** True when some other host already answers for {@code address} on {@code iface}'s network. */
    boolean answers(String iface, InetAddress address) throws IOException;

    /** Tells the network that {@code address} now lives here (gratuitous ARP / unsolicited NA). */
    void announce(String iface, InetAddress address) throws IOException;
}

package org.nebulaha.rgmanager.agent;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** An in-memory network: interfaces with addresses, hosts that answer, and a log of calls. */
final class FakeAddressManager implements AddressManager {
    final Map<String, NetInterface> ifs = new LinkedHashMap<>();
    final Set<InetAddress> othersAnswer = new HashSet<>();
    final List<String> calls = new ArrayList<>();

    FakeAddressManager iface(String name, boolean up, boolean link, String... cidrs) throws Exception {
        List<IfAddress> a = new ArrayList<>();
        for (String c : cidrs) a.add(new IfAddress(InetAddress.getByName(c.split("/")[0]), Integer.parseInt(c.split("/")[1])));
        ifs.put(name, new NetInterface(name, up, link, a));
        return this;
    }

    @Override
    public List<NetInterface> interfaces() {
        return List.copyOf(ifs.values());
    }

    @Override
    public void add(String iface, InetAddress address, int prefix) {
        calls.add("add " + address.getHostAddress() + "/" + prefix + " " + iface);
        NetInterface i = ifs.get(iface);
        List<IfAddress> a = new ArrayList<>(i.addresses());
        a.add(new IfAddress(address, prefix));
        ifs.put(iface, new NetInterface(iface, i.up(), i.linkUp(), a));
    }

    @Override
    public void delete(String iface, InetAddress address, int prefix) {
        calls.add("del " + address.getHostAddress() + "/" + prefix + " " + iface);
        NetInterface i = ifs.get(iface);
        List<IfAddress> a = new ArrayList<>(i.addresses());
        a.removeIf(x -> x.address().equals(address));
        ifs.put(iface, new NetInterface(iface, i.up(), i.linkUp(), a));
    }

    @Override
    public boolean answers(String iface, InetAddress address) {
        calls.add("probe " + address.getHostAddress() + " " + iface);
        return othersAnswer.contains(address);
    }

    @Override
    public void announce(String iface, InetAddress address) {
        calls.add("garp " + address.getHostAddress() + " " + iface);
    }
}

package org.nebulaha.fence.fenced;

import java.nio.file.Path;
import org.nebulaha.conf.ClusterConfParser;
import org.nebulaha.conf.model.ClusterConf;

/** cluster.conf texts for the fenced tests, parsed by the real parser. */
final class Confs {
    private Confs() {}

    /**
     * {@code count} nodes node1..nodeN (nodeid = N), each with one method "1" using device "xvm"
     * (port=vmN), except the nodes named in {@code withoutMethods}.
     */
    static ClusterConf cluster(int count, boolean twoNode, String fenceDaemonAttrs, String... withoutMethods) {
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\"?>\n<cluster name=\"one\" config_version=\"3\">\n");
        sb.append("  <cman").append(twoNode ? " two_node=\"1\" expected_votes=\"1\"" : "").append("/>\n");
        sb.append("  <fence_daemon ").append(fenceDaemonAttrs).append("/>\n  <clusternodes>\n");
        for (int i = 1; i <= count; i++) {
            String name = "node" + i;
            sb.append("    <clusternode name=\"").append(name).append("\" nodeid=\"").append(i).append("\">\n");
            if (!java.util.List.of(withoutMethods).contains(name))
                sb.append("      <fence><method name=\"1\"><device name=\"xvm\" port=\"vm").append(i).append("\"/></method></fence>\n");
            sb.append("    </clusternode>\n");
        }
        sb.append("  </clusternodes>\n  <fencedevices>\n");
        sb.append("    <fencedevice agent=\"fence_xvm\" name=\"xvm\" key_file=\"/etc/cluster/fence_xvm.key\"/>\n");
        sb.append("  </fencedevices>\n</cluster>\n");
        return parse(sb.toString());
    }

    static ClusterConf parse(String xml) {
        try {
            return ClusterConfParser.parse(xml, "test cluster.conf");
        } catch (Exception e) {
            throw new AssertionError("test cluster.conf does not parse: " + e.getMessage() + "\n" + xml, e);
        }
    }

    static ClusterConf parse(String xml, Path agents) {
        return parse(xml.replace("@AGENTS@", agents.toString()));
    }

    /**
     * {@code c} as version {@code version} with {@code extras} on its fence_daemon, built without the
     * parser (which refuses bad values): for fenced's own last line of defence.
     */
    static ClusterConf withFenceDaemonExtras(ClusterConf c, int version, java.util.Map<String, String> extras) {
        var fd = c.fenceDaemon();
        return new ClusterConf(c.name(), version, c.cman(), c.totem(), new org.nebulaha.conf.model.FenceDaemon(fd.postJoinDelaySeconds(),
                fd.postFailDelaySeconds(), fd.cleanStart(), fd.overrideTimeSeconds(), fd.skipUndefined(), extras),
                c.nodes(), c.fenceDevices(), c.rm(), c.tree());
    }
}

package org.nebulaha.conf.model;

import java.util.List;
import java.util.Optional;
import org.nebulaha.conf.xml.XmlElement;
import org.nebulaha.conf.xml.XmlWriter;

/**
 * A validated cluster.conf: the typed view every daemon reads. Built by
 * {@link org.nebulaha.conf.ClusterConfParser}; the generic tree it came from is kept so the file
 * can be written back with the elements and attributes this model does not know.
 *
 * @param name           {@code cluster/@name}
 * @param configVersion  {@code cluster/@config_version}; every edit bumps it by one
 */
public record ClusterConf(String name, int configVersion, Cman cman, Totem totem, FenceDaemon fenceDaemon,
                          List<ClusterNode> nodes, List<FenceDevice> fenceDevices, ResourceManager rm,
                          XmlElement tree) {
    public ClusterConf {
        nodes = List.copyOf(nodes);
        fenceDevices = List.copyOf(fenceDevices);
        tree = tree.deepCopy(); // callers cannot change our copy later
    }

    /** A copy of the document tree, for editing. */
    @Override
    public XmlElement tree() {
        return tree.deepCopy();
    }

    /** The file as written to disk: deterministic layout, XML declaration, final newline. */
    public String toXml() {
        return XmlWriter.document(tree);
    }

    public Optional<ClusterNode> node(String nodeName) {
        return nodes.stream().filter(n -> n.name().equals(nodeName)).findFirst();
    }

    public Optional<ClusterNode> nodeById(int nodeid) {
        return nodes.stream().filter(n -> n.nodeid() == nodeid).findFirst();
    }

    public Optional<FenceDevice> fenceDevice(String deviceName) {
        return fenceDevices.stream().filter(d -> d.name().equals(deviceName)).findFirst();
    }

    /** votequorum's expected votes: {@code cman/@expected_votes}, else the sum of every node's votes. */
    public int expectedVotes() {
        return cman.expectedVotes().orElse(nodes.stream().mapToInt(ClusterNode::votes).sum());
    }
}

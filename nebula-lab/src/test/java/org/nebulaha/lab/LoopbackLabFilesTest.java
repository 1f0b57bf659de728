package org.nebulaha.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the loopback lab writes for its hosts, and where it keeps itself. */
class LoopbackLabFilesTest {
    final Path dir = Path.of("/tmp/l");
    final LabHost one = new LabHost("one-server1", "127.10.11.101", dir.resolve("hosts/one-server1"), LabHost.Kind.NODE);
    final LabHost two = new LabHost("one-server2", "127.10.11.102", dir.resolve("hosts/one-server2"), LabHost.Kind.NODE);
    final LabHost physical = new LabHost("physical", "127.10.11.250", dir.resolve("hosts/physical"), LabHost.Kind.PHYSICAL);

    @Test
    void eachHostHasItsRootNameAndHome() {
        assertThat(LoopbackLab.env(one)).containsEntry("NEBULA_ROOT", "/tmp/l/hosts/one-server1/root")
                .containsEntry("HOME", "/tmp/l/hosts/one-server1/root/root").containsEntry("NEBULA_NODE_NAME", "one-server1");
        assertThat(LoopbackLab.env(physical)).containsEntry("NEBULA_ROOT", "/tmp/l/hosts/physical/root").doesNotContainKey("NEBULA_NODE_NAME");
        assertThat(LoopbackLab.file(one, "/etc/cluster/cluster.conf")).isEqualTo(Path.of("/tmp/l/hosts/one-server1/root/etc/cluster/cluster.conf"));
    }

    @Test
    void theHostsFileNamesEveryHostAndLocalhostIsTheNodeItself() {
        String f = LoopbackLab.hostsFile(two, List.of(one, two, physical));
        assertThat(f.lines().filter(l -> !l.startsWith("#")))
                .containsExactly("localhost 127.10.11.102", "one-server1 127.10.11.101", "one-server2 127.10.11.102", "physical 127.10.11.250");
    }

    @Test
    void theNodeDefaultsBindRicciToTheNodeAndSunstoneToTheFloatingAddress() {
        String d = LoopbackLab.defaults(one, Path.of("/opt/nebula-ha"), dir, "127.10.11.12", 9869);
        assertThat(d).contains("RICCI_OPTS=\"-a 127.10.11.101 -n one-server1\"", "SUNSTONE_OPTS=\"--host 127.10.11.12 --port 9869\"",
                "SUNSTONE_URL=http://127.10.11.12:9869/login", "export NEBULA_LOOPBACK_IPS=/tmp/l/shared/floating-addresses",
                "export NEBULA_XVM_SOURCES=127.0.0.1", "export NEBULA_NODE_NAME=one-server1", "ONE_LOCATION=/tmp/l/shared/one",
                "NEBULA_HOME=/opt/nebula-ha");
    }

    @Test
    void onedListensOnLoopbackOnly() {
        assertThat(LoopbackLab.onedConf("PORT = 2633\nLISTEN_ADDRESS = \"0.0.0.0\"\nDB = [ BACKEND = \"sqlite\" ]\n"))
                .isEqualTo("PORT = 2633\nLISTEN_ADDRESS = \"127.0.0.1\"\nDB = [ BACKEND = \"sqlite\" ]\n");
        assertThat(LoopbackLab.onedConf("PORT = 2633\n")).contains("PORT = 2633\n").endsWith("LISTEN_ADDRESS = \"127.0.0.1\"\n");
    }

    @Test
    void fenceVirtdJoinsTheGuidesGroupOnLo() {
        String c = LoopbackLab.fenceVirtConf(Path.of("/k"), Path.of("/p"));
        assertThat(c).contains("interface = \"lo\";", "address = \"225.0.0.12\";", "port = \"1229\";", "key_file = \"/k\";",
                "power_command = \"/p\";", "backend = \"lab\";");
    }

    @Test
    void theDefaultFolderIsTheUsersOwnWithoutRoot() {
        assertThat(LabCommand.defaultDir(Map.of("NEBULA_LAB_DIR", "/x"), false)).isEqualTo(Path.of("/x"));
        assertThat(LabCommand.defaultDir(Map.of(), true)).isEqualTo(Path.of("/var/tmp/nebula-lab"));
        assertThat(LabCommand.defaultDir(Map.of("HOME", "/tmp"), false)).isEqualTo(Path.of("/tmp/.cache/nebula-lab"));
        assertThat(LabCommand.defaultDir(Map.of("HOME", "/nonexistent", "XDG_RUNTIME_DIR", "/run/user/1000"), false))
                .isEqualTo(Path.of("/run/user/1000/nebula-lab"));
    }
}

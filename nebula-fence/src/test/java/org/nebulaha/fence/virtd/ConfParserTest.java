package org.nebulaha.fence.virtd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nebulaha.fence.xvm.HashType;

class ConfParserTest {
    /** The configuration printed in the guide (fence-virtd -c on the physical host). */
    static final String GUIDE = """
            backends {
            libvirt {
            uri = "qemu:///system";
            }
            \s
            }
            \s
            listeners {
            multicast {
            interface = "eth0";
            port = "1229";
            family = "ipv4";
            address = "225.0.0.12";
            key_file = "/etc/cluster/fence_xvm.key";
            }
            \s
            }
            \s
            fence_virtd {
            module_path = "/usr/lib64/fence-virt";
            backend = "libvirt";
            listener = "multicast";
            }
            """;

    @Test
    void readsTheGuidesConfiguration() throws Exception {
        VirtdConfig c = VirtdConfig.from(ConfParser.parse(GUIDE, "fence_virt.conf"), "fence_virt.conf");
        assertThat(c.listener()).isEqualTo("multicast");
        assertThat(c.backend()).isEqualTo("libvirt");
        assertThat(c.settings().interfaceName()).isEqualTo("eth0");
        assertThat(c.settings().port()).isEqualTo(1229);
        assertThat(c.settings().address()).isEqualTo("225.0.0.12");
        assertThat(c.settings().keyFile().toString()).isEqualTo("/etc/cluster/fence_xvm.key");
        assertThat(c.settings().hash()).isEqualTo(HashType.SHA256);
        assertThat(c.backendBlock().value("uri")).contains("qemu:///system");
        assertThat(c.groups()).isEmpty();
    }

    @Test
    void readsCommentsBareValuesRepeatedBlocksAndGroups() throws Exception {
        String text = """
                # comment line
                fence_virtd { listener = tcp; backend = "lab"; }   # trailing comment
                listeners { tcp { port = 2229; hash = "sha512"; auth = "none"; } }
                backends { lab { power_command = "/bin/true"; } }
                groups {
                    group { name = "a"; ip = "10.0.0.1"; ip = "10.0.0.2"; uuid = "vm1"; }
                    group { uuid = "vm2"; ip = "10.0.0.3"; }
                };
                """;
        VirtdConfig c = VirtdConfig.from(ConfParser.parse(text, "f"), "f");
        assertThat(c.listener()).isEqualTo("tcp");
        assertThat(c.settings().address()).isEqualTo("127.0.0.1");
        assertThat(c.settings().port()).isEqualTo(2229);
        assertThat(c.settings().auth()).isEqualTo(HashType.NONE);
        assertThat(c.groups()).hasSize(2);
        assertThat(c.groups().get(0).ips()).containsExactly("10.0.0.1", "10.0.0.2");
    }

    @Test
    void writerOutputParsesBackToTheSameTree() throws Exception {
        ConfBlock parsed = ConfParser.parse(GUIDE, "g");
        String written = ConfWriter.write(parsed);
        assertThat(written).contains("\tlibvirt {\n\t\turi = \"qemu:///system\";\n");
        assertThat(ConfWriter.write(ConfParser.parse(written, "w"))).isEqualTo(written);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "missing semicolon      | a {\\n  b = \"c\"\\n}\\n            | f:3: expected ';' after the value of 'b', found '}'",
            "unclosed block         | a {\\n b = \"c\";\\n              | f:1: block 'a' is not closed (missing '}')",
            "stray close            | a { }\\n}\\n                        | f:2: '}' without a matching '{'",
            "unterminated string    | a {\\n b = \"c;\\n}\\n               | f:2: unterminated string",
            "missing equals         | a {\\n b \"c\";\\n}\\n               | f:2: expected '{' or '=' after 'b', found '\"c\"'",
            "odd character          | a { b = \"c\"; ! }\\n                 | f:1: unexpected character '!'",
    })
    void refusesMalformedFilesNamingTheLine(String what, String text, String message) {
        assertThatThrownBy(() -> ConfParser.parse(text.strip().replace("\\n", "\n"), "f")).hasMessageStartingWith(message.strip());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "no main block   | listeners { }                                                          | no 'fence_virtd { ... }' block",
            "no listener     | fence_virtd {\\n backend = \"libvirt\"; }                                | f:1: fence_virtd block has no 'listener'",
            "unknown backend | fence_virtd { listener = \"multicast\";\\n backend = \"xen\"; }           | f:2: unknown backend 'xen'",
            "bad hash        | fence_virtd { listener = \"multicast\"; backend = \"libvirt\"; }\\nlisteners { multicast {\\n hash = \"md5\"; } } | f:3: hash: unknown hash 'md5'",
            "bad port        | fence_virtd { listener = \"multicast\"; backend = \"libvirt\"; }\\nlisteners { multicast { port = \"x\"; } } | f:2: port must be a number",
    })
    void refusesUnusableSettingsNamingTheLine(String what, String text, String message) {
        assertThatThrownBy(() -> VirtdConfig.from(ConfParser.parse(text.strip().replace("\\n", "\n"), "f"), "f"))
                .hasMessageContaining(message.strip());
    }

    @Test
    void blockPathsAndRepeatedKeys() throws Exception {
        ConfBlock b = ConfParser.parse("x { y { k = \"1\"; k = \"2\"; } }", "f");
        assertThat(b.path("x", "y").get().values("k")).isEqualTo(List.of("1", "2"));
        assertThat(b.path("x", "y").get().value("k")).contains("2");
        assertThat(b.path("x", "z")).isEmpty();
    }

    @Test
    void theShippedExampleConfigurationIsValid() throws Exception {
        java.nio.file.Path sample = java.nio.file.Path.of("../nebula-dist/src/etc/fence_virt.conf");
        VirtdConfig c = VirtdConfig.from(ConfParser.parse(java.nio.file.Files.readString(sample), sample.toString()), sample.toString());
        assertThat(c.listener()).isEqualTo("multicast");
        assertThat(c.settings().interfaceName()).isEqualTo("eth0");
        assertThat(c.backendBlock().value("uri")).contains("qemu:///system");
    }
}

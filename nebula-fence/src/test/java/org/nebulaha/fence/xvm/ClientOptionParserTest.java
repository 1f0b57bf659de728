package org.nebulaha.fence.xvm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nebulaha.fence.agent.AgentArgs;

class ClientOptionParserTest {
    @TempDir
    Path dir;
    Path key;
    final ClientOptionParser xvm = new ClientOptionParser(false);

    @BeforeEach
    void key() throws IOException {
        key = Files.writeString(dir.resolve("k"), "secret");
    }

    ClientOptions argv(String... a) {
        return xvm.parseArgv(List.of(a)).options();
    }

    @Test
    void defaultsMatchTheOriginal() {
        ClientOptions o = argv("-k", key.toString(), "-H", "vm1");
        assertThat(o.operation()).isEqualTo(Operation.REBOOT);
        assertThat(o.multicastAddress()).isEqualTo("225.0.0.12");
        assertThat(o.port()).isEqualTo(1229);
        assertThat(o.hash()).isEqualTo(HashType.SHA256);
        assertThat(o.auth()).isEqualTo(HashType.SHA256);
        assertThat(o.timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(o.retrans()).isEqualTo(Duration.ofSeconds(2));
        assertThat(o.rounds()).isEqualTo(15);
    }

    @Test
    void acceptsClusteredAndAttachedGetoptForms() {
        ClientOptions o = argv("-ddu", "-ooff", "-k" + key, "-n", "vm1", "-c", "sha512", "-C", "sha1", "-t", "4", "-r", "10", "-p", "2000");
        assertThat(o.debug()).isEqualTo(2);
        assertThat(o.useUuid()).isTrue();
        assertThat(o.operation()).isEqualTo(Operation.OFF);
        assertThat(o.hash()).isEqualTo(HashType.SHA512);
        assertThat(o.auth()).isEqualTo(HashType.SHA1);
        assertThat(o.rounds()).isEqualTo(4);
        assertThat(o.port()).isEqualTo(2000);
    }

    @Test
    void ipv6FamilyFollowsTheAddress() {
        ClientOptions o = argv("-k", key.toString(), "-o", "list", "-a", "ff05::3:1");
        assertThat(o.ipv6()).isTrue();
        assertThat(argv("-k", key.toString(), "-o", "list", "-i", "ipv6").multicastAddress()).isEqualTo("ff05::3:1");
    }

    @Test
    void readsTheStdinNamesThatFencedSends() throws IOException {
        String input = "# from cluster.conf\nagent=fence_xvm\nport=one1\nnodename=one-server1\nkey_file=" + key
                + "\nmulticast_address=225.0.0.12\nipport=1229\naction=status\nbogus = 1\n";
        ClientOptionParser.Parsed p = xvm.parseStdin(AgentArgs.parse(new StringReader(input), w -> { }));
        assertThat(p.options().domain()).isEqualTo("one1");
        assertThat(p.options().operation()).isEqualTo(Operation.STATUS);
        assertThat(p.warnings()).containsExactly("Parse error: Ignoring unknown option 'bogus'");
    }

    @Test
    void oldOptionNameStillSelectsTheAction() {
        assertThat(xvm.parseStdin(Map.of("option", "off", "plug", "vm", "key_file", key.toString())).options().operation())
                .isEqualTo(Operation.OFF);
    }

    @Test
    void refusesWhatTheOriginalRefuses() {
        record Case(List<String> argv, String message) {}
        List<Case> cases = new ArrayList<>(List.of(
                new Case(List.of("-k", key.toString(), "-o", "status"), "No domain specified!"),
                new Case(List.of("-k", key.toString(), "-o", "status", "-n", "a", "-H", "b"), "Domain/UUID may not be specified more than once"),
                new Case(List.of("-k", key.toString(), "-o", "bogus", "-H", "a"), "Unsupported operation: bogus"),
                new Case(List.of("-k", dir.resolve("nokey").toString(), "-o", "list"), "Invalid key file"),
                new Case(List.of("-k", key.toString(), "-o", "list", "-c", "md5"), "unknown hash 'md5'"),
                new Case(List.of("-k", key.toString(), "-o", "list", "-t", "x"), "Invalid timeout"),
                new Case(List.of("-k", key.toString(), "-H", "x".repeat(64)), "too long"),
                new Case(List.of("-Z"), "Unknown option")));
        for (Case c : cases)
            assertThatThrownBy(() -> xvm.parseArgv(c.argv())).as("argv %s", c.argv()).hasMessageContaining(c.message());
    }

    @Test
    void metadataAndHelpNeedNoKeyOrDomain() {
        assertThat(argv("-o", "metadata", "-k", "/nonexistent").operation()).isEqualTo(Operation.METADATA);
        assertThat(xvm.parseArgv(List.of("-h")).help()).isTrue();
        assertThat(xvm.parseArgv(List.of("-?")).help()).isTrue();
        assertThat(xvm.parseArgv(List.of("--help")).help()).isTrue();
        assertThat(xvm.parseArgv(List.of("-V")).version()).isTrue();
    }

    @Test
    void metadataListsEveryParameterAndAction() {
        String xml = ClientMetadata.xml("fence_xvm", false);
        for (ClientParameter p : ClientParameter.of(false)) assertThat(xml).contains("<parameter name=\"" + p.name() + "\"");
        assertThat(xml).doesNotContain("\"ipaddr\"").contains("<action name=\"list-status\" />")
                .contains("<parameter name=\"plug\" unique=\"0\" required=\"1\" obsoletes=\"port\">");
        assertThat(ClientMetadata.xml("fence_virt", true)).contains("<parameter name=\"ipaddr\"");
    }
}

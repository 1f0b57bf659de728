package org.nebulaha.fence.virtd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigWizardTest {
    @TempDir
    Path dir;

    record Run(int exit, String out) {}

    Run wizard(Path file, String answers) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc = new ConfigWizard(new BufferedReader(new StringReader(answers)), new PrintStream(out, true, StandardCharsets.UTF_8)).run(file);
        return new Run(rc, out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void writesAConfigurationLikeTheGuidesWhenAskedWithAnInterface() throws Exception {
        Path f = dir.resolve("fence_virt.conf");
        // listener, address, port, interface, key file, backend, uri, confirm
        Run r = wizard(f, "\n\n\neth0\n\n\n\ny\n");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("Listener module [multicast]: ").contains("Interface [none]: ").contains("=== Begin Configuration ===");
        VirtdConfig c = VirtdConfig.from(ConfParser.parse(Files.readString(f), f.toString()), f.toString());
        assertThat(c.listener()).isEqualTo("multicast");
        assertThat(c.backend()).isEqualTo("libvirt");
        assertThat(c.settings().interfaceName()).isEqualTo("eth0");
        assertThat(c.settings().address()).isEqualTo("225.0.0.12");
        assertThat(c.settings().port()).isEqualTo(1229);
        assertThat(c.settings().keyFile().toString()).isEqualTo("/etc/cluster/fence_xvm.key");
        assertThat(c.backendBlock().value("uri")).contains("qemu:///system");
        assertThat(Files.getPosixFilePermissions(f)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void offersTheCurrentValuesAsDefaultsAndReasksAfterABadAnswer() throws Exception {
        Path f = dir.resolve("fence_virt.conf");
        assertThat(wizard(f, "\n\n\nlo\n/tmp/k\nlab\n/bin/true\ny\n").exit()).isZero();
        Run again = wizard(f, "\n\nnot-a-port\n2000\n\n\n\n\ny\n");
        assertThat(again.exit()).isZero();
        assertThat(again.out()).contains("Interface [lo]: ").contains("Key File [/tmp/k]: ").contains("Backend module [lab]: ")
                .contains("Power command [/bin/true]: ").contains("'not-a-port' is not valid for Multicast IP Port");
        VirtdConfig c = VirtdConfig.from(ConfParser.parse(Files.readString(f), f.toString()), f.toString());
        assertThat(c.settings().port()).isEqualTo(2000);
        assertThat(c.backendBlock().value("power_command")).contains("/bin/true");
    }

    @Test
    void declinedOrAbortedRunsChangeNothing() throws Exception {
        Path f = dir.resolve("fence_virt.conf");
        Files.writeString(f, "original");
        assertThat(wizard(f, "y\n\n\n\n\n\n\n\nn\n").exit()).isZero();
        assertThat(wizard(f, "y\n\n").exit()).isEqualTo(1);
        assertThat(Files.readString(f)).isEqualTo("original");
    }
}

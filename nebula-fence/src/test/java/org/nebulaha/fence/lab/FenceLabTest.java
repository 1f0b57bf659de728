package org.nebulaha.fence.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nebulaha.fence.TestLab;
import org.nebulaha.fence.cli.FenceLabAccess;

class FenceLabTest {
    @TempDir
    Path dir;
    TestLab lab;

    record Run(int exit, String out, String err) {}

    @BeforeEach
    void lab() throws Exception {
        lab = TestLab.create(dir, Map.of("node1", true, "node2", true, "node3", false));
    }

    Run argv(String... args) {
        return run(args, "");
    }

    Run stdin(String text) {
        return run(new String[0], text);
    }

    Run run(String[] args, String stdin) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = FenceLabAccess.run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), new PrintStream(out, true),
                new PrintStream(err, true));
        return new Run(rc, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void statusReportsOnAndOffWithTheAgentExitCodes() {
        assertThat(argv("-x", lab.command().toString(), "-o", "status", "-n", "node1")).isEqualTo(new Run(0, "Status: ON\n", ""));
        assertThat(argv("-x", lab.command().toString(), "-o", "status", "-n", "node3")).isEqualTo(new Run(2, "Status: OFF\n", ""));
    }

    @Test
    void offPowersTheHostOffOnceAndSaysAlreadyOffAfterwards() throws Exception {
        String in = "action=off\nport=node2\nnodename=node2\nagent=fence_lab\npower_command=" + lab.command() + "\n";
        assertThat(stdin(in)).isEqualTo(new Run(0, "Success: Powered OFF\n", ""));
        assertThat(lab.state("node2")).isEqualTo("off");
        assertThat(stdin(in)).isEqualTo(new Run(0, "Success: Already OFF\n", ""));
        assertThat(lab.calls()).containsExactly("status node2", "off node2", "status node2");
    }

    @Test
    void rebootIsOffThenOnByDefault() throws Exception {
        Run r = stdin("plug=node1\npower_command=" + lab.command() + "\n");
        assertThat(r).isEqualTo(new Run(0, "Success: Rebooted\n", ""));
        assertThat(lab.calls()).containsExactly("status node1", "off node1", "on node1");
        assertThat(lab.state("node1")).isEqualTo("on");
    }

    @Test
    void listStatusShowsEveryHost() {
        Run r = argv("-x", lab.command().toString(), "-o", "list-status");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("node1,").contains(",ON\n").contains("node3,");
        assertThat(r.out().lines()).hasSize(3);
    }

    @Test
    void failuresExitOneAndSayWhy() {
        Run unknown = argv("-x", lab.command().toString(), "-o", "on", "-n", "node9");
        assertThat(unknown.exit()).isEqualTo(1);
        assertThat(unknown.err()).contains("Failed: on of node9: no lab host named node9");
        Run noPlug = argv("-x", lab.command().toString(), "-o", "off");
        assertThat(noPlug.exit()).isEqualTo(1);
        assertThat(noPlug.err()).contains("plug");
        Run noCommand = argv("-x", dir.resolve("missing").toString(), "-o", "off", "-n", "node1");
        assertThat(noCommand.exit()).isEqualTo(1);
        assertThat(noCommand.err()).contains("is not executable");
    }

    @Test
    void unknownStdinNamesAreWarnedAndIgnored() {
        Run r = stdin("action=status\nplug=node1\nbogus=1\npower_command=" + lab.command() + "\n");
        assertThat(r.exit()).isZero();
        assertThat(r.err()).contains("Parse error: Ignoring unknown option 'bogus'");
    }

    @Test
    void metadataDescribesTheParameters() {
        Run r = argv("-o", "metadata");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).startsWith("<?xml").contains("<resource-agent name=\"fence_lab\"").contains("<parameter name=\"power_command\"")
                .contains("<action name=\"list-status\" />");
    }
}

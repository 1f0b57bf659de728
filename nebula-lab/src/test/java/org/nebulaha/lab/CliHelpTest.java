package org.nebulaha.lab;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.nebulaha.lab.bench.BenchCommand;
import org.nebulaha.testkit.CliHelp;
import picocli.CommandLine;

/** --help on lab and bench and on each of their subcommands ({@code bench stability --help}). */
class CliHelpTest {
    @Test
    void labAndBenchAnswerHelpEverywhere() {
        assertThat(CliHelp.helpOfEveryCommand(() -> new CommandLine(new LabCommand())))
                .containsKeys("lab up", "lab crash", "lab exec", "lab power")
                .hasEntrySatisfying("lab up", h -> assertThat(h).contains("--sleeptime", "--dir"));
        assertThat(CliHelp.helpOfEveryCommand(() -> new CommandLine(new BenchCommand())))
                .containsKeys("bench failover", "bench chaos", "bench stability")
                .hasEntrySatisfying("bench stability", h -> assertThat(h).contains("--minutes"));
    }
}

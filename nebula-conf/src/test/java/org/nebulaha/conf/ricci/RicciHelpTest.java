package org.nebulaha.conf.ricci;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.nebulaha.testkit.CliHelp;
import picocli.CommandLine;

class RicciHelpTest {
    @Test
    void ricciAndRicciPasswdAnswerHelp() {
        assertThat(CliHelp.helpOfEveryCommand(() -> new CommandLine(new RicciCommand()))).containsKeys("ricci", "ricci passwd");
    }
}

package org.nebulaha.oned.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nebulaha.testkit.CliHelp;
import picocli.CommandLine;

/** --help on every one* command and subcommand, as a user types it; each VM action says what it does. */
class CliHelpTest {
    @Test
    void onevmHelpWorksOnEverySubcommandAndEachActionHasItsOwnText() {
        Map<String, String> help = CliHelp.helpOfEveryCommand(OneVmCommand::commandLine);
        assertThat(help).containsKeys("onevm", "onevm recover", "onevm create", "onevm shutdown", "onevm resched");
        assertThat(help.get("onevm recover")).contains("--auto", "--dry-run", "--success");
        assertThat(help.get("onevm")).contains("shutdown", "Shuts down a RUNNING VM", "Boots a VM in UNKNOWN");
        assertThat(help.get("onevm delete")).contains("--recreate");
    }

    @Test
    void onehostOneuserAndOnedHelpWorkEverywhere() {
        assertThat(CliHelp.helpOfEveryCommand(() -> new CommandLine(new OneHostCommand()))).containsKey("onehost list");
        assertThat(CliHelp.helpOfEveryCommand(() -> new CommandLine(new OneUserCommand()))).containsKey("oneuser create");
        assertThat(CliHelp.helpOfEveryCommand(() -> new CommandLine(new OnedCommand()))).containsKey("oned");
    }
}

package org.nebulaha.rgmanager.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.nebulaha.rgmanager.exec.ServiceRequests;
import org.nebulaha.rgmanager.model.RgError;

class ClusvcadmTest {
    /** Answers every request with a fixed reply and records what was asked. */
    static final class Scripted implements ServiceRequests {
        final List<String> asked = new ArrayList<>();
        Reply reply = new Reply(RgError.SUCCESS, Optional.of("one-server1"));

        Reply ask(String s) { asked.add(s); return reply; }
        public Reply enable(String s, Optional<String> n) { return ask("enable " + s + n.map(x -> " " + x).orElse("")); }
        public Reply disable(String s) { return ask("disable " + s); }
        public Reply relocate(String s, Optional<String> n) { return ask("relocate " + s + n.map(x -> " " + x).orElse("")); }
        public Reply restart(String s) { return ask("restart " + s); }
        public Reply stop(String s) { return ask("stop " + s); }
        public Reply freeze(String s) { return ask("freeze " + s); }
        public Reply unfreeze(String s) { return ask("unfreeze " + s); }
        public Reply migrate(String s, String n) { return ask("migrate " + s + " " + n); }
    }

    final Scripted api = new Scripted();
    final Clusvcadm.Members members = new Clusvcadm.Members(List.of("one-server1", "one-server2"), List.of("one-server1"));
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    int run(String... args) {
        return Clusvcadm.run(args, api, members, new PrintStream(out, true), new PrintStream(err, true));
    }

    @Test
    void enablePrintsRgmanagersTwoLines() {
        assertThat(run("-e", "opennebula")).isZero();
        assertThat(out.toString()).isEqualTo("Local machine trying to enable service:opennebula...Success\nservice:opennebula is now running on one-server1\n");
        assertThat(api.asked).containsExactly("enable opennebula");
    }

    @Test
    void aServiceLandingElsewhereThanAskedGetsAWarning() {
        assertThat(run("-r", "service:opennebula", "-m", "one-server2")).isZero();
        assertThat(out.toString()).isEqualTo("Trying to relocate service:opennebula to one-server2...Success\n"
                + "Warning: service:opennebula is now running on one-server1\n");
    }

    @Test
    void errorsPrintRgmanagersTextAndExitWithItsCode() {
        api.reply = ServiceRequests.Reply.of(RgError.QUORUM);
        assertThat(run("-d", "opennebula")).isEqualTo(247);
        assertThat(out.toString()).isEqualTo("Local machine disabling service:opennebula...Operation requires quorum\n");
    }

    @Test
    void alreadyRunningCountsAsSuccess() {
        api.reply = new ServiceRequests.Reply(RgError.RUN, Optional.of("one-server1"));
        assertThat(run("-e", "opennebula", "-m", "one-server1")).isZero();
        assertThat(out.toString()).isEqualTo("Member one-server1 trying to enable service:opennebula...Service is already running\n");
    }

    @Test
    void unknownMemberFallsBackToTheClosestPrefixMatchOrStops() {
        assertThat(run("-e", "opennebula", "-m", "one-server9")).isEqualTo(1);
        assertThat(out.toString()).isEqualTo("'one-server9' not in membership list\nMore than one possible match for 'one-server9' found\n");
        assertThat(api.asked).isEmpty();
    }

    @Test
    void migrateNeedsATargetAndAnOnlineOne() {
        assertThat(run("-M", "opennebula")).isEqualTo(1);
        assertThat(out.toString()).isEqualTo("Migration requires a target cluster member\n");
        out.reset();
        assertThat(run("-M", "opennebula", "-m", "one-server2")).isEqualTo(1);
        assertThat(out.toString()).isEqualTo("'one-server2' is offline\n");
    }

    @Test
    void quietPrintsNothingAndUsageIsExitOne() {
        assertThat(run("-q", "-Z", "opennebula")).isZero();
        assertThat(out.toString()).isEmpty();
        assertThat(api.asked).containsExactly("freeze opennebula");
        assertThat(run()).isEqualTo(1);
        assertThat(out.toString()).startsWith("usage: clusvcadm [command]");
        assertThat(run("-F", "-m", "x", "-e", "s")).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("Cannot use '-F' with '-n' or '-m'\n");
    }
}

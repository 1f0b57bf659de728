package org.nebulaha.lab.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nebulaha.lab.LabException;
import org.nebulaha.oned.cli.OnedCommand;
import org.nebulaha.oned.daemon.OneLocation;
import org.nebulaha.oned.daemon.OnedConf;
import org.nebulaha.testkit.JavaProcess;
import org.nebulaha.testkit.Poll;

/** The write-loss checker's client against a real oned: it records what oned acknowledged, and a check finds what is gone. */
class WriteClientTest {
    @TempDir Path tmp;
    Process oned;
    Process load;

    @AfterEach
    void stop() throws Exception {
        if (load != null) load.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        if (oned != null) oned.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }

    @Test
    void everyAcknowledgedVmIsFoundAndAnIdOnedNeverKeptIsReportedLost() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        OneLocation loc = new OneLocation(tmp.resolve("one/etc"), tmp.resolve("one/var"));
        Files.createDirectories(loc.etc());
        Files.writeString(loc.onedConf(), OnedConf.DEFAULT.replace("PORT = 2633", "PORT = " + port)
                .replace("LISTEN_ADDRESS = \"0.0.0.0\"", "LISTEN_ADDRESS = \"127.0.0.1\""));
        loc.createDefaults();
        oned = JavaProcess.builder(OnedCommand.class, List.of("-f"), Map.of("ONE_LOCATION", tmp.resolve("one").toString()))
                .redirectErrorStream(true).redirectOutput(tmp.resolve("oned.log").toFile()).start();
        String url = "http://127.0.0.1:" + port + "/RPC2";
        Path acked = tmp.resolve("acked");
        Path stop = tmp.resolve("stop");
        load = JavaProcess.builder(WriteClient.class, List.of("load", url, loc.oneAuth().toString(), acked.toString(), stop.toString()), Map.of())
                .redirectErrorStream(true).redirectOutput(tmp.resolve("load.log").toFile()).start();
        // the client keeps trying until oned answers, then allocates without pause
        Poll.until(Duration.ofSeconds(60), () -> read(acked).size() >= 200, () -> "acked " + read(acked).size() + "; " + log("oned.log"));
        Files.writeString(stop, "");
        assertThat(load.waitFor(20, TimeUnit.SECONDS)).isTrue();
        List<Integer> ids = read(acked);
        assertThat(ids).doesNotHaveDuplicates().isSorted();

        Path result = tmp.resolve("result");
        assertThat(check(url, loc, acked, result).exitCode()).isZero();
        assertThat(WriteLoss.parse(Files.readString(result))).isEqualTo(new WriteLoss.Check(ids.size(), List.of()));

        // an id oned never acknowledged nor kept stands for a lost write; so does an id oned has, but
        // under another name: a lost commit whose id oned gave to the next allocation
        int never = ids.get(ids.size() - 1) + 1000;
        Files.writeString(acked, never + " write-x-1\n" + ids.get(0) + " write-x-2\n", StandardOpenOption.APPEND);
        JavaProcess.Result r = check(url, loc, acked, result);
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(WriteLoss.parse(Files.readString(result))).isEqualTo(new WriteLoss.Check(ids.size() + 2, List.of(ids.get(0), never)));

        // at a rate: never more allocations than the rate allows in the time it ran
        Path paced = tmp.resolve("paced");
        Files.delete(stop);
        long started = System.nanoTime();
        load = JavaProcess.builder(WriteClient.class, List.of("load", url, loc.oneAuth().toString(), paced.toString(), stop.toString(), "20"), Map.of())
                .redirectErrorStream(true).redirectOutput(tmp.resolve("paced.log").toFile()).start();
        Poll.until(Duration.ofSeconds(60), () -> read(paced).size() >= 10, () -> "paced " + read(paced).size());
        int count = read(paced).size();
        double seconds = (System.nanoTime() - started) / 1e9;
        assertThat(count).as("%d allocations in %.2f s at 20 a second", count, seconds).isLessThanOrEqualTo((int) (20 * seconds) + 1);
        Files.writeString(stop, "");
        assertThat(load.waitFor(20, TimeUnit.SECONDS)).isTrue();

        // oned gone: no verdict (exit 3, no result), not a loss
        oned.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        Files.delete(result);
        assertThat(check(url, loc, acked, result).exitCode()).isEqualTo(3);
        assertThat(result).doesNotExist();
    }

    @Test
    void aLineStillBeingWrittenIsNotAnAcknowledgement() {
        assertThat(WriteClient.acknowledged("")).isEmpty();
        assertThat(WriteClient.acknowledged("4 write-a-0\n5 write-a-1\n6 write-a")).extracting(WriteClient.Ack::id).containsExactly(4, 5);
    }

    @Test
    void theIdsOfAPoolAndWhatIsMissing() {
        java.util.Map<Integer, String> pool = WriteClient.vms("<VM_POOL><VM><ID>3</ID><UID>0</UID><UNAME>oneadmin</UNAME><NAME>write-a-0</NAME>"
                + "<HISTORY_RECORDS/></VM><VM><ID>7</ID><UNAME>u</UNAME><NAME>write-b-0</NAME></VM></VM_POOL>");
        assertThat(pool).containsExactly(java.util.Map.entry(3, "write-a-0"), java.util.Map.entry(7, "write-b-0"));
        List<WriteClient.Ack> acks = List.of(new WriteClient.Ack(3, "write-a-0"), new WriteClient.Ack(5, "write-a-1"),
                new WriteClient.Ack(7, "write-a-2"), new WriteClient.Ack(9, "write-a-3"));
        assertThat(WriteClient.missing(acks, pool)).as("5 and 9 gone, 7 reissued to another VM").containsExactly(5, 7, 9);
    }

    @Test
    void anUnreadableResultIsAnErrorNotAVerdict() {
        assertThatThrownBy(() -> WriteLoss.parse("garbage")).isInstanceOf(LabException.class).hasMessageContaining("garbage");
    }

    private static JavaProcess.Result check(String url, OneLocation loc, Path acked, Path result) throws Exception {
        return JavaProcess.run(WriteClient.class, List.of("check", url, loc.oneAuth().toString(), acked.toString(), result.toString()), Map.of(), null);
    }

    private static List<Integer> read(Path acked) {
        try {
            return Files.exists(acked) ? WriteClient.acknowledged(Files.readString(acked)).stream().map(WriteClient.Ack::id).toList() : List.of();
        } catch (java.io.IOException e) {
            return List.of();
        }
    }

    private String log(String name) {
        try {
            return Files.readString(tmp.resolve(name));
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }
}

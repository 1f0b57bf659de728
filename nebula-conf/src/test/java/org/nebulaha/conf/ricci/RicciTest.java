package org.nebulaha.conf.ricci;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nebulaha.common.HostResolver;
import org.nebulaha.common.HostResolver.HostEntry;
import org.nebulaha.conf.ClusterConfParser;
import org.nebulaha.conf.ccs.Ccs;
import org.nebulaha.conf.ccs.CcsGuide;
import org.nebulaha.conf.ccs.RicciTarget;
import org.nebulaha.conf.model.ClusterConf;
import org.nebulaha.conf.ricci.RicciMessages.Var;
import org.nebulaha.conf.xml.XmlReader;

/** Two ricci agents on loopback, driven by ccs -h as the guide does. */
class RicciTest {
    static final String PASSWORD = "s3cret";

    @TempDir
    Path dir;
    final List<RicciServer> servers = new ArrayList<>();
    final Map<String, Path> roots = new java.util.HashMap<>();
    HostResolver hosts;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    /** Key stores made once (keytool takes a second each) and copied into every test's nodes and clients. */
    static Path serverStore;
    static Path clientStore;
    static Path otherClientStore;

    @org.junit.jupiter.api.BeforeAll
    static void makeCertificates(@TempDir Path shared) throws IOException {
        serverStore = shared.resolve("server.p12");
        clientStore = shared.resolve("client.p12");
        Certificates.ensure(serverStore, "node");
        Certificates.ensure(clientStore, "ccs");
        otherClientStore = shared.resolve("other.p12");
        Certificates.ensure(otherClientStore, "other");
    }

    String promptAnswer;
    final List<String> prompts = new ArrayList<>();

    @BeforeEach
    void startTwoNodes() throws IOException {
        Map<String, HostEntry> entries = new java.util.HashMap<>();
        for (String node : List.of("one-server1", "one-server2")) {
            Path root = dir.resolve(node);
            roots.put(node, root);
            RicciServer.Settings settings = settings(node, root);
            Files.createDirectories(settings.keyStore().getParent());
            Files.copy(serverStore, settings.keyStore());
            RicciServer s = new RicciServer(settings);
            new PasswordFile(root.resolve("var/lib/ricci/passwd")).set(PASSWORD.toCharArray());
            s.start();
            servers.add(s);
            entries.put(node, new HostEntry(node, "127.0.0.1", Map.of("ricci", String.valueOf(s.port()))));
        }
        // The guide's Step 4 runs ccs without -h on one-server1: localhost is that node.
        entries.put("localhost", new HostEntry("localhost", "127.0.0.1", Map.of("ricci", String.valueOf(servers.get(0).port()))));
        hosts = new HostResolver(entries);
    }

    RicciServer.Settings settings(String node, Path root) throws IOException {
        Path bin = Files.createDirectories(root.resolve("bin"));
        for (String hook : List.of("start", "stop", "activate"))
            script(bin.resolve(hook), "#!/bin/sh\necho $0 >> " + root.resolve("hooks.log") + "\n");
        return new RicciServer.Settings("127.0.0.1", 0, root.resolve("var/lib/ricci"), root.resolve("etc/cluster/cluster.conf"), node,
                List.of(bin.resolve("start").toString()), List.of(bin.resolve("stop").toString()),
                List.of(bin.resolve("activate").toString()), root.resolve("var/run/cluster/nebula.sock"));
    }

    static void script(Path p, String text) throws IOException {
        Files.writeString(p, text);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @AfterEach
    void stop() throws IOException {
        for (RicciServer s : servers) s.close();
    }

    /** One ccs run as user "admin" (one ~/.ccs), with no terminal to ask a password on. */
    int ccs(String... args) {
        return ccsAs("admin", args);
    }

    int ccsAs(String user, String... args) {
        out.reset();
        err.reset();
        return new Ccs(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                new RicciTarget.Session(client(user), prompt -> {
                    prompts.add(prompt);
                    return promptAnswer;
                })).run(List.of(args));
    }

    RicciClient client(String user) {
        Path ccsDir = dir.resolve(user + "/.ccs");
        try {
            if (!Files.exists(ccsDir.resolve("client.p12"))) {
                Files.createDirectories(ccsDir);
                Files.copy(user.equals("admin") ? clientStore : otherClientStore, ccsDir.resolve("client.p12"));
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return new RicciClient(ccsDir, hosts);
    }

    String out() { return out.toString(StandardCharsets.UTF_8); }
    String err() { return err.toString(StandardCharsets.UTF_8); }

    String confOn(String node) throws IOException {
        Path f = roots.get(node).resolve("etc/cluster/cluster.conf");
        return Files.exists(f) ? Files.readString(f) : "";
    }

    String hooks(String node) throws IOException {
        Path f = roots.get(node).resolve("hooks.log");
        return Files.exists(f) ? Files.readString(f) : "";
    }

    @Test
    void theGuidesWalkthroughLeavesTheSameFileOnBothNodes() throws Exception {
        List<List<String>> commands = CcsGuide.onlineCommands();
        promptAnswer = PASSWORD; // the user types the ricci password when ccs asks
        for (List<String> c : commands)
            assertThat(ccs(c.toArray(String[]::new))).as("ccs %s\n%s", c, err()).isZero();
        assertThat(hooks("one-server1")).as("--startall ran the start hook").contains("start");
        assertThat(hooks("one-server2")).contains("start");
        assertThat(confOn("one-server2")).isNotEmpty().isEqualTo(confOn("one-server1"));
        assertThat(CcsGuide.canonical(XmlReader.read(confOn("one-server1"), "node1"), true))
                .isEqualTo(CcsGuide.canonical(CcsGuide.reference(), true));
        ClusterConf conf = ClusterConfParser.parse(confOn("one-server2"), "node2");
        assertThat(conf.fenceDevices()).singleElement().satisfies(d -> assertThat(d.agent()).isEqualTo("fence_xvm"));
        assertThat(ccs("-h", "one-server1", "--checkconf")).isZero();
        assertThat(out()).isEqualTo("All nodes in sync.\n");
        assertThat(prompts).as("asked once per node, then the certificate is remembered")
                .containsExactly("one-server1 password: ", "one-server2 password: ");
    }

    @Test
    void aWrongPasswordIsRefusedAndChangesNothing() throws Exception {
        assertThat(ccs("-h", "one-server1", "-p", PASSWORD, "--createcluster", "c")).isZero();
        String before = confOn("one-server1");
        assertThat(ccsAs("intruder", "-h", "one-server1", "-p", "guess", "--addnode", "evil")).isEqualTo(1);
        assertThat(err()).contains("Unable to authenticate with ricci node, please check password.");
        assertThat(confOn("one-server1")).isEqualTo(before);
    }

    @Test
    void anUnknownClientWithoutPasswordIsToldToUseP() throws Exception {
        assertThat(ccsAs("stranger", "-h", "one-server1", "--lsnodes")).isEqualTo(1);
        assertThat(err()).contains("Error: Not yet authenticated with one-server1 (try -p option)");
    }

    @Test
    void aKnownClientWithABadPasswordIsToldSo() {
        assertThat(ccs("-h", "one-server1", "-p", PASSWORD, "--lsnodes")).isZero();
        assertThat(ccs("-h", "one-server1", "-p", "wrong", "--lsnodes")).isEqualTo(1);
        assertThat(err()).contains("already authorized, but a bad password was provided");
    }

    @Test
    void aNodeWithoutPasswordRefusesEveryone() throws Exception {
        Files.delete(roots.get("one-server2").resolve("var/lib/ricci/passwd"));
        assertThat(ccs("-h", "one-server2", "-p", "anything", "--lsnodes")).isEqualTo(1);
        assertThat(err()).contains("Unable to authenticate");
    }

    @Test
    void aNodeRefusesAnOlderVersionAndKeepsThePreviousFile() throws Exception {
        ccs("-h", "one-server1", "-p", PASSWORD, "--createcluster", "c");
        ccs("-h", "one-server1", "--addnode", "a");
        ccs("-h", "one-server1", "--addnode", "b");
        String held = confOn("one-server1");
        assertThat(roots.get("one-server1").resolve("etc/cluster/cluster.conf.bak")).exists();
        assertThat(ClusterConfParser.parse(Files.readString(roots.get("one-server1").resolve("etc/cluster/cluster.conf.bak")), "bak")
                .configVersion()).isEqualTo(2);

        var older = XmlReader.read(held, "held");
        older.set("config_version", "2");
        RicciClient client = client("admin");
        RicciClient.Reply r = client.call("one-server1", "set_cluster.conf", List.of(Var.xml("cluster.conf", older)));
        assertThat(r.success()).isFalse();
        assertThat(r.error()).contains("config_version 2 is not newer than the version 3 held");
        var sameVersionOtherContent = XmlReader.read(held, "held");
        sameVersionOtherContent.set("name", "renamed");
        assertThat(client.call("one-server1", "set_cluster.conf", List.of(Var.xml("cluster.conf", sameVersionOtherContent))).success())
                .isFalse();
        assertThat(confOn("one-server1")).isEqualTo(held);
    }

    @Test
    void anInvalidFileIsRefusedByTheNode() throws Exception {
        ccs("-h", "one-server1", "-p", PASSWORD, "--createcluster", "c");
        var bad = XmlReader.read("<cluster name=\"c\" config_version=\"9\"><clusternodes><clusternode name=\"a\"/></clusternodes></cluster>", "bad");
        RicciClient.Reply r = client("admin").call("one-server1", "set_cluster.conf",
                List.of(Var.xml("cluster.conf", bad)));
        assertThat(r.success()).isFalse();
        assertThat(r.error()).contains("missing required attribute nodeid");
    }

    @Test
    void anOutOfRangeSettingIsRefusedByTheNodeWithItsLocationAndChangesNothing() throws Exception {
        ccs("-h", "one-server1", "-p", PASSWORD, "--createcluster", "c");
        String held = confOn("one-server1");
        var bad = XmlReader.read("""
                <cluster name="c" config_version="9">
                  <fence_daemon race_delay="-4"/>
                </cluster>""", "bad");
        RicciClient.Reply r = client("admin").call("one-server1", "set_cluster.conf", List.of(Var.xml("cluster.conf", bad)));
        assertThat(r.success()).isFalse();
        assertThat(r.error()).containsPattern("cluster.conf from [^:]*:\\d+:\\d+: <fence_daemon>: race_delay must be at least 0, not -4");
        assertThat(confOn("one-server1")).isEqualTo(held);
    }

    @Test
    void activationRunsTheReloadOnlyWhenTheDaemonRuns() throws Exception {
        ccs("-h", "one-server1", "-p", PASSWORD, "--createcluster", "c");
        ccs("-h", "one-server1", "--addnode", "one-server1");
        ccs("-h", "one-server1", "--addnode", "one-server2");
        assertThat(ccs("-h", "one-server1", "-p", PASSWORD, "--sync", "--activate")).as(err()).isZero();
        assertThat(hooks("one-server2")).doesNotContain("activate");
        Files.createDirectories(roots.get("one-server2").resolve("var/run/cluster"));
        Files.writeString(roots.get("one-server2").resolve("var/run/cluster/nebula.sock"), "");
        ccs("-h", "one-server1", "--settotem", "token=2000");
        assertThat(ccs("-h", "one-server1", "--sync", "--activate")).as(err()).isZero();
        assertThat(hooks("one-server2")).as("activation goes to the last node").contains("activate");
    }

    @Test
    void checkconfNamesTheNodeThatDiffers() throws Exception {
        ccs("-h", "one-server1", "-p", PASSWORD, "--createcluster", "c");
        ccs("-h", "one-server1", "--addnode", "one-server1");
        ccs("-h", "one-server1", "--addnode", "one-server2");
        ccs("-h", "one-server1", "--sync");
        ccs("-h", "one-server2", "-p", PASSWORD, "--settotem", "token=3000");
        assertThat(ccs("-h", "one-server1", "--checkconf")).isEqualTo(1);
        assertThat(out()).isEqualTo("Node: one-server2 does not match\n");
    }

    @Test
    void setconfPushesALocalFile() throws Exception {
        Path file = dir.resolve("local.conf");
        assertThat(ccs("-f", file.toString(), "--createcluster", "offline")).isZero();
        assertThat(ccs("-f", file.toString(), "-h", "one-server2", "-p", PASSWORD, "--setconf")).as(err()).isZero();
        assertThat(confOn("one-server2")).contains("name=\"offline\"");
    }

    @Test
    void garbageDoesNotTakeTheDaemonDown() throws Exception {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", servers.get(0).port()));
            s.getOutputStream().write("GET / HTTP/1.0\r\n\r\n\u0000\u0001garbage".getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            s.shutdownOutput();
            s.getInputStream().readAllBytes(); // the server closes the connection
        }
        assertThat(ccs("-h", "one-server1", "-p", PASSWORD, "--lsnodes")).as(err()).isZero();
    }

    @Test
    void startallReportsEachNode() throws Exception {
        ccs("-h", "one-server1", "-p", PASSWORD, "--createcluster", "c");
        ccs("-h", "one-server1", "--addnode", "one-server1");
        ccs("-h", "one-server1", "--addnode", "one-server2");
        ccs("-h", "one-server2", "-p", PASSWORD, "--lsnodes");
        script(roots.get("one-server2").resolve("bin/start"), "#!/bin/sh\necho 'cman: cannot bind port' >&2\nexit 3\n");
        assertThat(ccs("-h", "one-server1", "--startall")).isEqualTo(1);
        assertThat(out()).contains("Started one-server1").contains("Unable to start one-server2")
                .contains("start failed (exit 3): cman: cannot bind port");
    }

    @Test
    void startallFirstGivesEveryNodeTheConfiguration() throws Exception {
        ccs("-h", "one-server1", "-p", PASSWORD, "--createcluster", "c");
        ccs("-h", "one-server1", "--addnode", "one-server1");
        ccs("-h", "one-server1", "--addnode", "one-server2");
        ccs("-h", "one-server2", "-p", PASSWORD, "--lsnodes");
        assertThat(confOn("one-server2")).isEmpty();
        assertThat(ccs("-h", "one-server1", "--startall")).as(out() + err()).isZero();
        assertThat(confOn("one-server2")).isEqualTo(confOn("one-server1"));
        assertThat(hooks("one-server2")).contains("start");
    }

    @Test
    void startallStillStartsTheReachableNodesWhenOneIsDown() throws Exception {
        ccs("-h", "one-server1", "-p", PASSWORD, "--createcluster", "c");
        ccs("-h", "one-server1", "--addnode", "one-server1");
        ccs("-h", "one-server1", "--addnode", "one-server2");
        ccs("-h", "one-server2", "-p", PASSWORD, "--lsnodes");
        servers.get(1).close(); // one-server2 is down
        assertThat(ccs("-h", "one-server1", "--startall")).as(out() + err()).isEqualTo(1);
        assertThat(out()).as(out() + err()).contains("Started one-server1");
        assertThat(hooks("one-server1")).contains("start");
        assertThat(out() + err()).contains("one-server2");
    }
}

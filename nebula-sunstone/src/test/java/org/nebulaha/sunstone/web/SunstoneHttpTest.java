package org.nebulaha.sunstone.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.nebulaha.testkit.Poll;

/** Sunstone over HTTP (the dashboard test runs first: it counts the VMs made in {@link #cloud()}) against a real oned: login, counts, recover, the cluster panel, sessions across a "fail-over". */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SunstoneHttpTest {
    @TempDir static Path tmp;
    static TestCloud cloud;
    static int h1, running, stuck;
    SunstoneServer server;
    final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeAll
    static void cloud() throws Exception {
        cloud = new TestCloud(tmp.resolve("one"));
        h1 = cloud.host("h1");
        cloud.host("h2");
        running = cloud.runningVm("web", h1);
        stuck = cloud.stuckVm("db", h1);
        cloud.pendingVm("waiting");
    }

    @AfterAll
    static void down() {
        if (cloud != null) cloud.close();
    }

    @AfterEach
    void stop() {
        if (server != null) server.close();
    }

    SunstoneServer start(Path sessions) throws Exception {
        return new SunstoneServer(cloud.sunstoneConf(sessions)).start();
    }

    String base(SunstoneServer s) {
        return "http://127.0.0.1:" + s.port();
    }

    HttpResponse<String> post(SunstoneServer s, String path, String cookie, String form) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base(s) + path)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (cookie != null) b.header("Cookie", cookie);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(SunstoneServer s, String path, String cookie) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base(s) + path));
        if (cookie != null) b.header("Cookie", cookie);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    String login(SunstoneServer s) throws Exception {
        HttpResponse<String> r = post(s, "/login", null, "user=oneadmin&password=" + URLEncoder.encode(cloud.password, StandardCharsets.UTF_8));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
        String set = r.headers().firstValue("Set-Cookie").orElseThrow();
        return set.substring(0, set.indexOf(';'));
    }

    static String csrf(String page) {
        Matcher m = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(page);
        assertThat(m.find()).as(page).isTrue();
        return m.group(1);
    }

    @Test
    void aUserInstantiatesOnlyTemplatesTheyMayUseAndSeesOnedsRefusal() throws Exception {
        cloud.client.call("one.user.allocate", "erin", "erin-pw", "core");
        int shared = (Integer) cloud.client.call("one.template.allocate", "NAME = shared MEMORY = 16 CPU = 0.1");
        int hidden = (Integer) cloud.client.call("one.template.allocate", "NAME = hidden MEMORY = 16 CPU = 0.1");
        cloud.client.call("one.template.chmod", shared, -1, -1, -1, -1, -1, -1, 1, -1, -1);
        server = start(tmp.resolve("s-templates"));
        HttpResponse<String> in = post(server, "/login", null, "user=erin&password=erin-pw");
        String set = in.headers().firstValue("Set-Cookie").orElseThrow();
        String cookie = set.substring(0, set.indexOf(';'));
        String page = get(server, "/templates", cookie).body();
        assertThat(page).contains(">shared<", "id=\"instantiate-" + shared + "\"").doesNotContain(">hidden<");
        String token = csrf(page);
        assertThat(post(server, "/templates/" + shared + "/instantiate", cookie, "name=x").statusCode()).isEqualTo(403);
        HttpResponse<String> refused = post(server, "/templates/" + hidden + "/instantiate", cookie, "csrf=" + token + "&name=no");
        assertThat(refused.headers().firstValue("Location").orElseThrow()).startsWith("/templates?err=")
                .contains(URLEncoder.encode("[TemplateInstantiate] User [", StandardCharsets.UTF_8), URLEncoder.encode("USE TEMPLATE [" + hidden + "]", StandardCharsets.UTF_8));
        HttpResponse<String> made = post(server, "/templates/" + shared + "/instantiate", cookie, "csrf=" + token + "&name=erins-vm");
        String location = made.headers().firstValue("Location").orElseThrow();
        assertThat(location).matches("/vms/\\d+\\?msg=.*");
        int vm = Integer.parseInt(location.replaceAll("/vms/(\\d+)\\?.*", "$1"));
        assertThat(cloud.info("one.vm.info", vm)).contains("<UNAME>erin</UNAME>", "<NAME>erins-vm</NAME>");
        assertThat(get(server, "/images", cookie).body()).contains("No images.");
        assertThat(get(server, "/vnets", cookie).body()).contains("No virtual networks.");
        cloud.client.call("one.vm.action", "delete", vm); // DONE: the other tests' counts stay as they were
    }

    @Test
    void wrongPasswordIsRefusedByOnedAndCreatesNoSession() throws Exception {
        Path sessions = tmp.resolve("s-wrong");
        server = start(sessions);
        HttpResponse<String> r = post(server, "/login", null, "user=oneadmin&password=nope");
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.body()).contains("Wrong user name or password.");
        assertThat(sessions.resolve("sessions")).doesNotExist();
        assertThat(get(server, "/", null).headers().firstValue("Location")).hasValue("/login");
    }

    @Test
    @Order(1)
    void dashboardShowsOpenNebulasCounts() throws Exception {
        server = start(tmp.resolve("s-dash"));
        String page = get(server, "/", login(server)).body();
        assertThat(page).contains("id=\"hosts-total\">2<", "id=\"hosts-on\">2<", "id=\"hosts-error\">0<",
                "id=\"vms-total\">3<", "id=\"vms-active\">2<", "id=\"vms-pending\">1<", "id=\"vms-failed\">0<", "id=\"vms-stuck\">1<");
        // 0.5 + 0.25 CPU of 2 x 8 CPUs allocated
        assertThat(page).contains("id=\"cpu-alloc\">0.75 / 16 CPUs<");
    }

    @Test
    void aSessionSurvivesTheServerMovingToAnotherNodeWithTheSameFiles() throws Exception {
        Path sessions = tmp.resolve("s-move");
        server = start(sessions);
        String cookie = login(server);
        server.close();
        server = start(sessions); // the other node: same shared files, new process, new port
        assertThat(get(server, "/", cookie).statusCode()).isEqualTo(200);

        server.close();
        Files.delete(sessions.resolve("sessions")); // a node that does not share the session store
        server = start(sessions);
        HttpResponse<String> r = get(server, "/", cookie);
        assertThat(r.headers().firstValue("Location")).hasValue("/login?why=unknown");
        assertThat(get(server, "/login?why=unknown", cookie).body()).contains("does not know your session");
        login(server); // ... and one login is enough
    }

    @Test
    void vmDetailShowsTheSchedulersMessageFromTheUserTemplate() throws Exception {
        int waiting = cloud.pendingVm("too-big");
        server = start(tmp.resolve("s-sched"));
        String cookie = login(server);
        assertThat(get(server, "/vms/" + waiting, cookie).body()).doesNotContain("sched-message");
        // What mm_sched writes (one.vm.update, merge) is what the VM page shows.
        cloud.client.call("one.vm.update", waiting, "SCHED_MESSAGE = \"Wed Nov 25 10:00:00 2026 : No host with enough capacity to deploy the VM: needs CPU 64\"", 1);
        assertThat(get(server, "/vms/" + waiting, cookie).body())
                .contains("id=\"sched-message\">Wed Nov 25 10:00:00 2026 : No host with enough capacity to deploy the VM: needs CPU 64<");
        cloud.client.call("one.vm.update", waiting, "", 0); // cleared, as mm_sched does on dispatch
        assertThat(get(server, "/vms/" + waiting, cookie).body()).doesNotContain("sched-message");
    }

    @Test
    void anOnedUserLogsInAndSeesOnlyTheirVmsAWrongPasswordIsRefused() throws Exception {
        int uid = (Integer) cloud.client.call("one.user.allocate", "carol", "c4rol-pw", "core");
        org.nebulaha.oned.cli.OneClient carol = new org.nebulaha.oned.cli.OneClient(URI.create(cloud.url()), "carol:c4rol-pw");
        int hers = (Integer) carol.call("one.vm.allocate", "NAME = carols-vm MEMORY = 32 CPU = 0.1", false);
        Path sessions = tmp.resolve("s-user");
        server = start(sessions);

        HttpResponse<String> wrong = post(server, "/login", null, "user=carol&password=nope");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).contains("Wrong user name or password.");
        assertThat(sessions.resolve("sessions")).doesNotExist();
        HttpResponse<String> unknown = post(server, "/login", null, "user=mallory&password=c4rol-pw");
        assertThat(unknown.statusCode()).isEqualTo(401);
        assertThat(unknown.body()).contains("Wrong user name or password.");

        HttpResponse<String> ok = post(server, "/login", null, "user=carol&password=c4rol-pw");
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(303);
        String set = ok.headers().firstValue("Set-Cookie").orElseThrow();
        String cookie = set.substring(0, set.indexOf(';'));
        assertThat(get(server, "/", cookie).body()).contains("carol", "id=\"vms-total\">1<");
        assertThat(get(server, "/vms", cookie).body()).contains("carols-vm").doesNotContain(">web<");
        assertThat(get(server, "/vms/" + hers, cookie).body()).contains("VM " + hers + ": carols-vm", "carol");
        // oneadmin's VM is not hers: oned's refusal is shown, the session stays.
        assertThat(get(server, "/vms/" + running, cookie).body())
                .contains("[VirtualMachineInfo] User [" + uid + "] : Not authorized to perform USE VM [" + running + "].");
        String token = csrf(get(server, "/hosts/" + h1, cookie).body());
        assertThat(post(server, "/hosts/" + h1 + "/enable", cookie, "csrf=" + token + "&enable=false").headers().firstValue("Location").orElseThrow())
                .contains("err=" + URLEncoder.encode("[HostEnable] User [" + uid + "] : Not authorized to perform ADMIN HOST [" + h1 + "].", StandardCharsets.UTF_8));
        assertThat(cloud.info("one.host.info", h1)).doesNotContain("<STATE>4</STATE>");
        assertThat(get(server, "/", cookie).statusCode()).isEqualTo(200);

        // A password changed in oned ends the Sunstone session on the next call, with a plain note.
        cloud.client.call("one.user.passwd", uid, "changed");
        assertThat(get(server, "/vms", cookie).headers().firstValue("Location")).hasValue("/login?why=refused");
        assertThat(get(server, "/login?why=refused", null).body()).contains("oned no longer accepts your password");
        cloud.client.call("one.vm.action", "delete", hers);
    }

    @Test
    void anUnreachableOnedIsSaidPlainlyAndNothingIsCreated() throws Exception {
        SunstoneConf c = cloud.sunstoneConf(tmp.resolve("s-down"));
        server = new SunstoneServer(new SunstoneConf(c.host(), 0, URI.create("http://127.0.0.1:1/RPC2"), c.sessions(), c.key(), c.toolsPath(),
                c.sessionLifetime())).start();
        HttpResponse<String> r = post(server, "/login", null, "user=oneadmin&password=x");
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.body()).contains("oned at http://127.0.0.1:1/RPC2 does not answer");
        assertThat(c.sessions()).doesNotExist();
    }

    @Test
    void hostDetailListsItsVmsAndDisablesAndEnablesTheHost() throws Exception {
        server = start(tmp.resolve("s-host"));
        String cookie = login(server);
        String page = get(server, "/hosts/" + h1, cookie).body();
        assertThat(page).contains("Host " + h1 + ": h1", "/vms/" + running + "\">web<");
        int h2 = h1 + 1;
        String token = csrf(get(server, "/hosts/" + h2, cookie).body());
        assertThat(post(server, "/hosts/" + h2 + "/enable", cookie, "csrf=" + token + "&enable=false").headers().firstValue("Location").orElseThrow())
                .contains("msg=disabled");
        assertThat(get(server, "/hosts/" + h2, cookie).body()).contains("id=\"host-state\"><span class=\"badge off\">off<");
        post(server, "/hosts/" + h2 + "/enable", cookie, "csrf=" + token + "&enable=true");
        Poll.until(Duration.ofSeconds(10), () -> cloud.info("one.host.info", h2).contains("<STATE>2</STATE>"), () -> cloud.info("one.host.info", h2));
    }

    @Test
    void aCookieSignedWithAnotherKeyIsRefused() throws Exception {
        Path sessions = tmp.resolve("s-key");
        server = start(sessions);
        String cookie = login(server);
        server.close();
        Files.delete(sessions.resolve("sunstone.key"));
        server = start(sessions);
        assertThat(get(server, "/", cookie).headers().firstValue("Location")).hasValue("/login?why=bad_signature");
    }

    @Test
    void recoverNeedsTheCheckConfirmedThenTellsOned() throws Exception {
        int stuck = cloud.stuckVm("db-rec", h1);
        server = start(tmp.resolve("s-rec"));
        String cookie = login(server);
        String page = get(server, "/vms/" + stuck, cookie).body();
        assertThat(page).contains("id=\"recover-warning\"", "It runs: mark RUNNING", "It did not start", "Retry");
        String token = csrf(page);

        HttpResponse<String> refused = post(server, "/vms/" + stuck + "/recover", cookie, "op=1");
        assertThat(refused.statusCode()).isEqualTo(403);
        HttpResponse<String> unchecked = post(server, "/vms/" + stuck + "/recover", cookie, "csrf=" + token + "&op=1");
        assertThat(unchecked.headers().firstValue("Location").orElseThrow()).contains("err=Confirm");
        assertThat(cloud.info("one.vm.info", stuck)).contains("<LCM_STATE>2</LCM_STATE>");

        HttpResponse<String> done = post(server, "/vms/" + stuck + "/recover", cookie, "csrf=" + token + "&op=1&checked=yes");
        assertThat(done.headers().firstValue("Location").orElseThrow()).contains("msg=Recover+sent");
        Poll.until(Duration.ofSeconds(10), () -> cloud.info("one.vm.info", stuck).contains("<LCM_STATE>3</LCM_STATE>"), () -> cloud.info("one.vm.info", stuck));
        assertThat(get(server, "/vms/" + stuck, cookie).body()).doesNotContain("recover-warning").contains("ACTIVE/RUNNING");
    }

    @Test
    void clusterPanelSaysNotAvailableWithoutToolsAndParsesThemWhenPresent() throws Exception {
        server = start(tmp.resolve("s-cluster"));
        String cookie = login(server);
        for (String t : new String[] {"clustat", "cman_tool", "fence_node"}) Files.deleteIfExists(cloud.tools.resolve(t));
        String bare = get(server, "/panel/cluster", cookie).body();
        assertThat(bare).contains("id=\"members-na\">not available", "id=\"fence-na\">not available", "clustat: not available");

        cloud.fakeTool("clustat", TestCloud.clustat("one-server1", "started", true, false));
        cloud.fakeTool("cman_tool", "Cluster Name: opennebula\nNodes: 1\nExpected votes: 1\nQuorum: 1\n");
        cloud.fakeTool("fence_node", "2026-11-25T10:41:05Z one-server2 fenced by xvm (fence_xvm off): success in 812 ms (fenced)\n");
        String panel = get(server, "/panel/cluster", cookie).body();
        assertThat(panel).contains("Quorate", "one-server1", "Offline", "service:opennebula", ">started<", "one-server2 fenced by xvm",
                "Expected votes", "id=\"stuck-vms\"");
        cloud.fakeTool("clustat", TestCloud.clustat("one-server2", "recovering", false, true));
        assertThat(get(server, "/panel/cluster", cookie).body()).contains("NOT quorate", ">recovering<");
        cloud.fakeTool("clustat", "this is not xml");
        assertThat(get(server, "/panel/cluster", cookie).body()).contains("clustat -x: output is not XML");
    }

    @Test
    void garbageRequestsGetErrorsAndTheServerKeepsServing() throws Exception {
        server = start(tmp.resolve("s-garbage"));
        String cookie = login(server);
        assertThat(get(server, "/vms/abc", cookie).statusCode()).isEqualTo(400);
        assertThat(get(server, "/vms/999", cookie).body()).contains("[VirtualMachineInfo]");
        assertThat(post(server, "/login", null, "%zz=%%&user").statusCode()).isEqualTo(400);
        assertThat(get(server, "/", "sunstone=forged.value").headers().firstValue("Location")).hasValue("/login?why=bad_signature");
        assertThat(get(server, "/", cookie).statusCode()).isEqualTo(200);
    }
}

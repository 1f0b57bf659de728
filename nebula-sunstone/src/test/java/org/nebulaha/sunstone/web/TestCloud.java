package org.nebulaha.sunstone.web;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.nebulaha.oned.cli.OneClient;
import org.nebulaha.oned.daemon.OneLocation;
import org.nebulaha.oned.daemon.Oned;
import org.nebulaha.oned.daemon.OnedConf;
import org.nebulaha.testkit.Poll;

/**
 * A real oned in a temporary ONE_LOCATION (loopback, free port, 1 s monitoring, dummy drivers)
 * with helpers to make hosts, running VMs and a VM stuck in BOOT (the dummy VMM never answers its
 * deploy), plus fake cluster tools in a folder used as Sunstone's tools path.
 */
public final class TestCloud implements AutoCloseable {
    public final Path dir;
    public final OneLocation location;
    public final int port;
    public final Oned oned;
    public final OneClient client;
    public final String password;
    public final Path tools;

    public TestCloud(Path dir) throws Exception {
        this.dir = dir;
        this.location = new OneLocation(dir.resolve("etc"), dir.resolve("var"));
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Files.createDirectories(location.etc());
        Files.writeString(location.onedConf(), OnedConf.DEFAULT.replace("PORT = 2633", "PORT = " + port)
                .replace("LISTEN_ADDRESS = \"0.0.0.0\"", "LISTEN_ADDRESS = \"127.0.0.1\"").replace("MONITORING_INTERVAL = 300", "MONITORING_INTERVAL = 1"));
        location.createDefaults();
        password = location.adminPassword();
        oned = Oned.start(location);
        client = new OneClient(URI.create(url()), "oneadmin:" + password);
        tools = Files.createDirectories(dir.resolve("tools"));
    }

    public String url() {
        return "http://127.0.0.1:" + port + "/RPC2";
    }

    public SunstoneConf sunstoneConf(Path sessionsDir) {
        return new SunstoneConf("127.0.0.1", 0, URI.create(url()), sessionsDir.resolve("sessions"), sessionsDir.resolve("sunstone.key"),
                tools.toString(), Duration.ofHours(1));
    }

    public int host(String name) throws Exception {
        int h = (Integer) client.call("one.host.allocate", name, "dummy", "dummy", "dummy", -1);
        Poll.until(Duration.ofSeconds(20), () -> info("one.host.info", h).contains("<STATE>2</STATE>"), () -> info("one.host.info", h));
        return h;
    }

    public int runningVm(String name, int host) throws Exception {
        int vm = (Integer) client.call("one.vm.allocate", "NAME = " + name + " MEMORY = 256 CPU = 0.5", false);
        client.call("one.vm.deploy", vm, host, false);
        Poll.until(Duration.ofSeconds(20), () -> info("one.vm.info", vm).contains("<LCM_STATE>3</LCM_STATE>"), () -> info("one.vm.info", vm));
        return vm;
    }

    /**
     * A VM whose deploy the dummy VMM carries out but never answers ({@code lost}): it stays
     * ACTIVE/BOOT with its domain running, as after a front-end crash, so recover --success is right.
     */
    public int stuckVm(String name, int host) throws Exception {
        int vm = (Integer) client.call("one.vm.allocate", "NAME = " + name + " MEMORY = 128 CPU = 0.25", false);
        Path actions = Files.createDirectories(location.var().resolve("dummy").resolve("actions"));
        Files.writeString(actions.resolve("deploy." + vm), "lost\n");
        client.call("one.vm.deploy", vm, host, false);
        Poll.until(Duration.ofSeconds(20), () -> info("one.vm.info", vm).contains("<LCM_STATE>2</LCM_STATE>"), () -> info("one.vm.info", vm));
        return vm;
    }

    public int pendingVm(String name) throws Exception {
        return (Integer) client.call("one.vm.allocate", "NAME = " + name + " MEMORY = 64 CPU = 0.1", false);
    }

    public String info(String method, int id) {
        try {
            return (String) client.call(method, id);
        } catch (OneClient.CallException e) {
            return e.getMessage();
        }
    }

    /** Writes an executable fake tool (a shell script printing {@code output}) into the tools folder. */
    public void fakeTool(String name, String output) throws IOException {
        Path out = tools.resolve(name + ".out");
        Files.writeString(out, output);
        Path f = tools.resolve(name);
        Files.writeString(f, "#!/bin/sh\ncat '" + out + "'\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    public static String clustat(String owner, String state, boolean quorate, boolean node2Online) {
        return "<?xml version=\"1.0\"?>\n<clustat version=\"4.1.1\">\n  <cluster name=\"opennebula\" id=\"1\" generation=\"12\"/>\n"
                + "  <quorum quorate=\"" + (quorate ? 1 : 0) + "\" groupmember=\"1\"/>\n  <nodes>\n"
                + "    <node name=\"one-server1\" state=\"1\" local=\"1\" estranged=\"0\" rgmanager=\"1\" rgmanager_master=\"0\" qdisk=\"0\" nodeid=\"0x00000001\"/>\n"
                + "    <node name=\"one-server2\" state=\"" + (node2Online ? 1 : 0) + "\" local=\"0\" estranged=\"0\" rgmanager=\"" + (node2Online ? 1 : 0)
                + "\" rgmanager_master=\"0\" qdisk=\"0\" nodeid=\"0x00000002\"/>\n  </nodes>\n  <groups>\n"
                + "    <group name=\"service:opennebula\" state=\"112\" state_str=\"" + state + "\"  owner=\"" + owner
                + "\" last_owner=\"one-server2\" restarts=\"0\" last_transition=\"1764067267\" last_transition_str=\"Wed Nov 25 10:41:07 2026\"/>\n"
                + "  </groups>\n</clustat>\n";
    }

    @Override
    public void close() {
        oned.close();
    }
}

package org.nebulaha.fence.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.nebulaha.fence.agent.AgentArgs;
import org.nebulaha.fence.xvm.ClientMetadata;
import org.nebulaha.fence.xvm.ClientOptionParser;
import org.nebulaha.fence.xvm.ClientOptions;
import org.nebulaha.fence.xvm.ClientResult;
import org.nebulaha.fence.xvm.ClientUsageException;
import org.nebulaha.fence.xvm.HostRecord;
import org.nebulaha.fence.xvm.KeyFile;
import org.nebulaha.fence.xvm.Operation;
import org.nebulaha.fence.xvm.Response;
import org.nebulaha.fence.xvm.XvmClient;

/**
 * {@code fence_xvm} (multicast) and {@code fence_virt} (TCP mode with {@code -T}): the fence agent
 * of the guide. Options and exit codes as fence-virt 4.12: the exit code is the server's response
 * byte (0 success / ON, 1 failure, 2 OFF, 3 permission denied); timeouts and authentication
 * failures exit 1; list exits 0; usage errors exit 1.
 *
 * <p>Test knob: {@code NEBULA_XVM_SOURCES} or {@code -Dnebula.xvm.sources} (comma-separated addresses) limits the local addresses
 * the multicast request is sent from; by default every local IPv4 address is used, as upstream.
 */
public final class FenceXvmCommand {
    public static final String VERSION = "fence_xvm 1.9.0 (nebula-ha)";

    private final String program;
    private final boolean tcpMode;
    private final PrintStream out;
    private final PrintStream err;

    public FenceXvmCommand(String program, boolean tcpMode, PrintStream out, PrintStream err) {
        this.program = program;
        this.tcpMode = tcpMode;
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(new FenceXvmCommand("fence_xvm", false, System.out, System.err).run(args, System.in));
    }

    public int run(String[] args, InputStream stdin) {
        ClientOptionParser parser = new ClientOptionParser(tcpMode);
        ClientOptionParser.Parsed parsed;
        try {
            if (args.length > 0) {
                parsed = parser.parseArgv(Arrays.asList(args));
            } else {
                Map<String, String> lines = AgentArgs.parse(new InputStreamReader(stdin, StandardCharsets.UTF_8), err::println);
                parsed = parser.parseStdin(lines);
            }
        } catch (ClientUsageException e) {
            err.println(e.getMessage());
            out.print(ClientMetadata.usage(program, tcpMode));
            return 1;
        } catch (IOException e) {
            err.println(program + ": cannot read standard input: " + e.getMessage());
            return 1;
        }
        parsed.warnings().forEach(err::println);
        if (parsed.help()) {
            out.print(ClientMetadata.usage(program, tcpMode));
            return 0;
        }
        if (parsed.version()) {
            out.println(VERSION);
            return 0;
        }
        ClientOptions o = parsed.options();
        if (o.debug() > 0) LogSetup.to(err, o.debug() > 1 ? Level.ALL : Level.FINE);
        switch (o.operation()) {
            case METADATA -> {
                out.print(ClientMetadata.xml(program, tcpMode));
                return 0;
            }
            case VALIDATEALL -> {
                return 0;
            }
            case ON, OFF, REBOOT, NULL -> pause(o);
            default -> { }
        }
        ClientResult r;
        try {
            XvmClient client = new XvmClient(o, key(o));
            r = tcpMode ? client.callTcp() : client.call(sources(o));
        } catch (IOException e) {
            err.println(program + ": " + e.getMessage());
            out.println("Operation failed");
            return 1;
        }
        return report(o.operation(), r);
    }

    private int report(Operation op, ClientResult r) {
        switch (r.failure()) {
            case TIMED_OUT -> {
                out.println("Timed out waiting for response");
                out.println("Operation failed");
                return 1;
            }
            case BAD_CHALLENGE_RESPONSE -> {
                out.println("Invalid response to challenge");
                out.println("Operation failed");
                return 1;
            }
            case CONNECTION_LOST -> {
                err.println(program + ": connection to fence_virtd lost: " + r.detail()
                        + " (wrong key or auth setting on one side?)");
                out.println("Operation failed");
                return 1;
            }
            case NONE -> { }
        }
        switch (r.response()) {
            case Response.HOSTLIST -> {
                for (HostRecord h : r.hosts()) out.println(h.listLine());
                return 0;
            }
            case Response.SUCCESS -> {
                if (op == Operation.STATUS) out.println("Status: ON");
                return 0;
            }
            case Response.OFF -> {
                if (op == Operation.STATUS) out.println("Status: OFF");
                else out.println("Operation failed");
                return 2;
            }
            case Response.FAIL -> {
                out.println("Operation failed");
                return 1;
            }
            case Response.PERM_DENIED -> {
                out.println("Permission denied");
                return 3;
            }
            default -> {
                out.println("Unknown response (" + r.response() + ")");
                return r.response();
            }
        }
    }

    /** The key bytes; an unreadable (but existing) key file falls back to no hash and no auth, as upstream. */
    private byte[] key(ClientOptions o) {
        try {
            return KeyFile.read(o.keyFile());
        } catch (IOException e) {
            err.println(program + ": cannot read key file " + o.keyFile() + " (" + e.getMessage() + "); sending without hash and auth");
            return new byte[0];
        }
    }

    private List<InetAddress> sources(ClientOptions o) throws IOException {
        String pinned = System.getProperty("nebula.xvm.sources", System.getenv("NEBULA_XVM_SOURCES"));
        if (pinned == null || pinned.isBlank()) return XvmClient.localAddresses(o.ipv6());
        List<InetAddress> l = new java.util.ArrayList<>();
        for (String a : pinned.split(",")) l.add(InetAddress.getByName(a.strip()));
        return l;
    }

    private static void pause(ClientOptions o) {
        if (o.delay().isZero()) return;
        try {
            Thread.sleep(o.delay().toMillis()); // the -w option: a deliberate wait before fencing, not synchronisation
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

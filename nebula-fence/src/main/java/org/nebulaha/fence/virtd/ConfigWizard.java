package org.nebulaha.fence.virtd;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.function.Predicate;
import org.nebulaha.common.AtomicFiles;

/**
 * {@code fence_virtd -c}: asks for the listener, its address, port, interface and key file, and
 * the backend, offering the current file's values (or the defaults) in brackets; an empty answer
 * takes the bracketed value. Prints the result and, after a "y", writes it (mode 0600).
 * Reads answers line by line, so a test or a script can drive it through stdin.
 */
public final class ConfigWizard {
    private final BufferedReader in;
    private final PrintStream out;

    public ConfigWizard(BufferedReader in, PrintStream out) {
        this.in = in;
        this.out = out;
    }

    /** @return the exit code: 0 written or declined, 1 aborted (end of input, unusable answers) */
    public int run(Path file) throws IOException {
        out.println("Using " + file);
        ConfBlock current = ConfBlock.root(java.util.List.of());
        if (Files.exists(file)) {
            try {
                current = ConfParser.parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
            } catch (ConfSyntaxException e) {
                out.println("Parsing of " + file + " failed: " + e.getMessage());
                if (!yes(ask("Start from scratch [y/N]? "))) return 1;
            }
        }
        ConfBlock cur = current;
        String listener = ask("Listener module", def(cur, "multicast", "fence_virtd", "listener"), VirtdConfig.LISTENERS::contains,
                "choose one of " + VirtdConfig.LISTENERS);
        if (listener == null) return 1;
        ConfBlock.Builder l = new ConfBlock.Builder(listener, 0);
        boolean mcast = listener.equals("multicast");
        String address = ask(mcast ? "Multicast IP Address" : "Listen IP Address", def(cur, mcast ? "225.0.0.12" : "127.0.0.1", "listeners", listener, "address"),
                a -> a.matches("[0-9a-fA-F:.]+"), "give an IP address");
        if (address == null) return 1;
        String family = address.contains(":") ? "ipv6" : "ipv4";
        out.println("Using " + family + " as family.");
        String port = ask(mcast ? "Multicast IP Port" : "TCP Port", def(cur, "1229", "listeners", listener, "port"),
                p -> p.matches("\\d{1,5}") && Integer.parseInt(p) > 0 && Integer.parseInt(p) < 65536, "give a port number 1..65535");
        if (port == null) return 1;
        String iface = "none";
        if (mcast) {
            out.println("Setting an interface makes fence_virtd listen only there (e.g. the bridge to the guests); 'none' = all.");
            iface = ask("Interface", def(cur, "none", "listeners", listener, "interface"), s -> s.matches("[A-Za-z0-9_.:-]+"), "give an interface name or none");
            if (iface == null) return 1;
        }
        String key = ask("Key File", def(cur, "/etc/cluster/fence_xvm.key", "listeners", listener, "key_file"), s -> s.startsWith("/"), "give an absolute path");
        if (key == null) return 1;
        l.set("key_file", key);
        if (!iface.equals("none")) l.set("interface", iface);
        l.set("port", port).set("address", address).set("family", family);
        for (String k : new String[] {"hash", "auth"}) current(cur, "listeners", listener, k).ifPresent(v -> l.set(k, v));

        String backend = ask("Backend module", def(cur, "libvirt", "fence_virtd", "backend"), VirtdConfig.BACKENDS::contains,
                "choose one of " + VirtdConfig.BACKENDS);
        if (backend == null) return 1;
        ConfBlock.Builder b = new ConfBlock.Builder(backend, 0);
        if (backend.equals("libvirt")) {
            String uri = ask("Libvirt URI", def(cur, "qemu:///system", "backends", "libvirt", "uri"), s -> s.contains(":"),
                    "give a libvirt URI such as qemu:///system or test:///default");
            if (uri == null) return 1;
            b.set("uri", uri);
        } else {
            out.println("The lab backend runs: COMMAND off|on|reboot|status HOST, and COMMAND list.");
            String cmd = ask("Power command", def(cur, "/usr/lib/nebula-ha/lab-power", "backends", "lab", "power_command"),
                    s -> s.startsWith("/"), "give an absolute path");
            if (cmd == null) return 1;
            b.set("power_command", cmd);
        }
        ConfBlock.Builder main = new ConfBlock.Builder("fence_virtd", 0).set("backend", backend).set("listener", listener);
        ConfBlock result = ConfBlock.root(java.util.List.of(
                new ConfBlock.Builder("backends", 0).add(b.build()).build(),
                new ConfBlock.Builder("listeners", 0).add(l.build()).build(),
                main.build()));
        String text = ConfWriter.write(result);
        out.println("Configuration complete.\n\n=== Begin Configuration ===");
        out.print(text);
        out.println("=== End Configuration ===");
        if (!yes(ask("Replace " + file + " with the above [y/N]? "))) return 0;
        AtomicFiles.write(file, text.getBytes(StandardCharsets.UTF_8), PosixFilePermissions.fromString("rw-------"));
        out.println("Wrote " + file);
        return 0;
    }

    private static boolean yes(String answer) {
        return answer != null && answer.strip().toLowerCase(java.util.Locale.ROOT).startsWith("y");
    }

    private String ask(String prompt) throws IOException {
        out.print(prompt);
        out.flush();
        String line = in.readLine();
        out.println();
        return line;
    }

    /** Asks until the answer passes {@code valid}; null at end of input. */
    private String ask(String what, String dflt, Predicate<String> valid, String hint) throws IOException {
        while (true) {
            String a = ask(what + " [" + dflt + "]: ");
            if (a == null) {
                out.println("No answer for '" + what + "' (end of input); nothing written.");
                return null;
            }
            a = a.strip();
            if (a.isEmpty()) a = dflt;
            if (valid.test(a)) return a;
            out.println("'" + a + "' is not valid for " + what + ": " + hint);
        }
    }

    /** The current file's value at {@code path} (blocks..., key), else {@code fallback}. */
    private static String def(ConfBlock cur, String fallback, String... path) {
        return current(cur, path).orElse(fallback);
    }

    private static Optional<String> current(ConfBlock cur, String... path) {
        String[] blocks = java.util.Arrays.copyOf(path, path.length - 1);
        return cur.path(blocks).flatMap(b -> b.value(path[path.length - 1]));
    }
}

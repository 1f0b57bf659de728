package org.nebulaha.fence.virtd;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.nebulaha.fence.lab.PowerCommand;

/** Creates the backend a configuration names, failing at startup with a message that says what to fix. */
public final class Backends {
    private Backends() {}

    public static Backend open(VirtdConfig c) throws ConfSyntaxException {
        ConfBlock b = c.backendBlock();
        String at = c.source() + ":" + b.line();
        switch (c.backend()) {
            case "lab" -> {
                String cmd = b.value("power_command").orElseThrow(() -> new ConfSyntaxException(
                        at + ": backends/lab needs power_command = \"/path/to/command\"; (called as: command off|on|reboot|status HOST, command list)"));
                int timeout;
                try {
                    timeout = Integer.parseInt(b.value("timeout").orElse("30").strip());
                } catch (NumberFormatException e) {
                    throw new ConfSyntaxException(at + ": backends/lab timeout must be a number of seconds, not '" + b.value("timeout").get() + "'");
                }
                PowerCommand pc = new PowerCommand(Path.of(cmd), Duration.ofSeconds(timeout));
                try {
                    pc.check();
                } catch (java.io.IOException e) {
                    throw new ConfSyntaxException(at + ": " + e.getMessage());
                }
                return new LabBackend(pc);
            }
            case "libvirt" -> {
                List<String> uris = new ArrayList<>();
                b.value("uri").ifPresent(uris::add);
                for (int i = 1; b.value("uri" + i).isPresent(); i++) uris.add(b.value("uri" + i).get());
                if (uris.isEmpty()) uris.add("qemu:///system");
                try {
                    return new LibvirtBackend(uris);
                } catch (org.libvirt.LibvirtException e) {
                    throw new ConfSyntaxException(at + ": cannot connect to libvirt " + uris + ": " + e.getMessage());
                } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
                    throw new ConfSyntaxException(at + ": the libvirt backend needs the system library libvirt0 ("
                            + e.getMessage() + "); install it or use the lab backend");
                }
            }
            default -> throw new ConfSyntaxException(at + ": unknown backend " + c.backend());
        }
    }
}

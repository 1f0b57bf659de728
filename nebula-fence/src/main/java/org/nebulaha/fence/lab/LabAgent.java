package org.nebulaha.fence.lab;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.nebulaha.fence.xvm.HostRecord;

/**
 * The actions of {@code fence_lab}, with fence-agents semantics on top of a {@link PowerCommand}:
 * <ul>
 *   <li>status: "Status: ON" exit 0, "Status: OFF" exit 2;</li>
 *   <li>on / off: "Success: Already ON/OFF" when the host is already there, else power it and
 *       print "Success: Powered ON/OFF";</li>
 *   <li>reboot: off (unless already off), then on; "Success: Rebooted";</li>
 *   <li>list: "NAME,UUID" per host; list-status adds ",ON" or ",OFF"; monitor: list works.</li>
 * </ul>
 * Failures exit 1 with "Failed: ..." naming the host, the step and the command's message.
 */
public final class LabAgent {
    /** Exit code and the lines for stdout (or the error for stderr when the code is 1). */
    public record Outcome(int exitCode, List<String> lines) {}

    private final PowerCommand power;

    public LabAgent(PowerCommand power) {
        this.power = power;
    }

    public Outcome perform(String action, String plug) {
        switch (action) {
            case "status" -> {
                int s = status(plug);
                if (s == 0) return ok("Status: ON");
                if (s == 2) return new Outcome(2, List.of("Status: OFF"));
                return failed(plug, "status", lastError);
            }
            case "on", "off" -> {
                int s = status(plug);
                if (s != 0 && s != 2) return failed(plug, "status", lastError);
                boolean isOn = s == 0;
                String word = action.toUpperCase(java.util.Locale.ROOT);
                if (isOn == action.equals("on")) return ok("Success: Already " + word);
                PowerCommand.Run r = power.run(action, plug);
                return r.exitCode() == 0 ? ok("Success: Powered " + word) : failed(plug, action, r.stderr());
            }
            case "reboot" -> {
                int s = status(plug);
                if (s != 0 && s != 2) return failed(plug, "status", lastError);
                if (s == 0) {
                    PowerCommand.Run off = power.run("off", plug);
                    if (off.exitCode() != 0) return failed(plug, "off", off.stderr());
                }
                PowerCommand.Run on = power.run("on", plug);
                // fence-agents: once the node is off it is fenced; a failed power-on is reported but still succeeds.
                return on.exitCode() == 0 ? ok("Success: Rebooted")
                        : ok("Success: Rebooted (warning: power on failed: " + on.stderr().strip() + ")");
            }
            case "list", "list-status", "monitor" -> {
                List<HostRecord> hosts;
                try {
                    hosts = power.list();
                } catch (IOException e) {
                    return new Outcome(1, List.of("Failed: cannot list lab hosts: " + e.getMessage()));
                }
                if (action.equals("monitor")) return new Outcome(0, List.of());
                List<String> lines = new ArrayList<>();
                for (HostRecord h : hosts)
                    lines.add(h.name() + "," + h.uuid() + (action.equals("list-status") ? "," + (h.isOn() ? "ON" : "OFF") : ""));
                return new Outcome(0, lines);
            }
            default -> {
                return new Outcome(1, List.of("Failed: unsupported action '" + action + "'"));
            }
        }
    }

    private String lastError = "";

    private int status(String plug) {
        PowerCommand.Run r = power.run("status", plug);
        lastError = r.stderr();
        return r.exitCode();
    }

    private static Outcome ok(String line) {
        return new Outcome(0, List.of(line));
    }

    private static Outcome failed(String plug, String step, String why) {
        return new Outcome(1, List.of("Failed: " + step + " of " + plug + ": " + (why == null || why.isBlank() ? "power command failed" : why.strip())));
    }
}

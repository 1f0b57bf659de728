package org.nebulaha.fence.fenced;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nebulaha.conf.model.ClusterConf;
import org.nebulaha.conf.model.FenceDevice;
import org.nebulaha.conf.model.FenceDeviceUse;
import org.nebulaha.conf.xml.XmlElement;
import org.nebulaha.fence.agent.AgentCall;

/**
 * Builds one agent call the way cman's fenced (libfence {@code agent.c}) does: the stdin lines are
 * every attribute of the node's {@code <device>} except {@code name}, then {@code nodename=VICTIM}
 * unless the device already set it, then every attribute of the matching {@code <fencedevice>}
 * except {@code name} (this includes {@code agent=}), in document order. No {@code action} line is
 * added for fencing, so the agent does its default (reboot) unless the configuration says
 * otherwise. Unfencing adds {@code action=on} at the end unless an attribute already sets action.
 *
 * <p>An attribute set on both elements is sent once, at its first position, with the fencedevice's
 * value: the agent convention is "last line wins", and libfence sends the fencedevice's line last.
 */
public final class DeviceCalls {
    private DeviceCalls() {}

    /** Thrown when a device use names no fencedevice or the agent name is unusable. */
    public static final class BadDeviceException extends IllegalArgumentException {
        public BadDeviceException(String message) {
            super(message);
        }
    }

    public static AgentCall fence(ClusterConf conf, String victim, FenceDeviceUse use, Duration timeout) {
        return build(conf, victim, use, timeout, false);
    }

    public static AgentCall unfence(ClusterConf conf, String victim, FenceDeviceUse use, Duration timeout) {
        return build(conf, victim, use, timeout, true);
    }

    private static AgentCall build(ClusterConf conf, String victim, FenceDeviceUse use, Duration timeout, boolean unfence) {
        FenceDevice dev = conf.fenceDevice(use.device()).orElseThrow(() -> new BadDeviceException(
                "node " + victim + " uses fence device '" + use.device() + "' but cluster.conf has no <fencedevice name=\""
                        + use.device() + "\">; add it with ccs --addfencedev"));
        Map<String, String> args = new LinkedHashMap<>(use.options());
        args.remove("name");
        args.putIfAbsent("nodename", victim);
        args.putAll(fenceDeviceAttributes(conf, dev));
        if (unfence) args.putIfAbsent("action", "on");
        try {
            return new AgentCall(dev.agent(), args, timeout);
        } catch (IllegalArgumentException e) {
            throw new BadDeviceException("fence device " + dev.name() + ": " + e.getMessage());
        }
    }

    /** The fencedevice's attributes except name, in document order (agent included where it was written). */
    static Map<String, String> fenceDeviceAttributes(ClusterConf conf, FenceDevice dev) {
        XmlElement root = conf.tree();
        for (XmlElement fds : root.children("fencedevices"))
            for (XmlElement e : fds.children("fencedevice"))
                if (dev.name().equals(e.attr("name"))) {
                    Map<String, String> m = new LinkedHashMap<>(e.attributes());
                    m.remove("name");
                    return m;
                }
        // A model built without a tree entry: agent first, then the options.
        Map<String, String> m = new LinkedHashMap<>();
        m.put("agent", dev.agent());
        m.putAll(dev.options());
        return m;
    }
}

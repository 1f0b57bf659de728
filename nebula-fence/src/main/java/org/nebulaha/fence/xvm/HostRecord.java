package org.nebulaha.fence.xvm;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One entry of a host list ({@code host_state}, 130 bytes): name[64], uuid[64], state, pad.
 * {@code state} is libvirt's virDomainState number; 1 (running) prints as "on", anything else "off".
 * The list ends with an all-zero record ({@link #TERMINATOR}).
 */
public record HostRecord(String name, String uuid, int state) {
    public static final int SIZE = 130;
    public static final int RUNNING = 1;
    public static final int SHUTOFF = 5;
    public static final HostRecord TERMINATOR = new HostRecord("", "", 0);

    public HostRecord {
        if (name.getBytes(StandardCharsets.UTF_8).length > 63) throw new IllegalArgumentException("host name longer than 63 bytes: " + name);
        if (uuid.getBytes(StandardCharsets.UTF_8).length > 63) throw new IllegalArgumentException("uuid longer than 63 bytes: " + uuid);
        if (state < 0 || state > 255) throw new IllegalArgumentException("state out of range: " + state);
    }

    public boolean isTerminator() {
        return name.isEmpty() && uuid.isEmpty();
    }

    public boolean isOn() {
        return state == RUNNING;
    }

    public byte[] encode() {
        byte[] b = new byte[SIZE];
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        byte[] u = uuid.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(n, 0, b, 0, n.length);
        System.arraycopy(u, 0, b, 64, u.length);
        b[128] = (byte) state;
        return b;
    }

    public static HostRecord decode(byte[] b) {
        if (b.length != SIZE) throw new MalformedRequestException("host record is " + b.length + " bytes, expected " + SIZE);
        return new HostRecord(cString(b, 0), cString(b, 64), b[128] & 0xff);
    }

    private static String cString(byte[] b, int off) {
        int end = off;
        while (end < off + 63 && b[end] != 0) end++;
        return new String(Arrays.copyOfRange(b, off, end), StandardCharsets.UTF_8);
    }

    /** The line fence_xvm prints for this record: {@code %-32s %s %s}. */
    public String listLine() {
        return String.format("%-32s %s %s", name, uuid, isOn() ? "on" : "off");
    }
}

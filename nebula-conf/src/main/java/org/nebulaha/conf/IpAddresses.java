package org.nebulaha.conf;

import java.util.regex.Pattern;

/** Syntax checks for addresses written in cluster.conf; no name resolution, no I/O. */
public final class IpAddresses {
    private static final Pattern V4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern V6 = Pattern.compile("[0-9a-fA-F:]*:[0-9a-fA-F:.]*");

    private IpAddresses() {}

    public static boolean isAddressWithOptionalPrefix(String s) {
        if (s == null) return false;
        String addr = s;
        int slash = s.indexOf('/');
        boolean v6;
        if (slash >= 0) {
            addr = s.substring(0, slash);
            String prefix = s.substring(slash + 1);
            if (!prefix.matches("\\d{1,3}")) return false;
            int p = Integer.parseInt(prefix);
            v6 = addr.contains(":");
            if (p > (v6 ? 128 : 32)) return false;
        }
        return V4.matcher(addr).matches() || (addr.contains(":") && V6.matcher(addr).matches() && addr.length() <= 45);
    }
}

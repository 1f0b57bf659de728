package org.nebulaha.rgmanager.cli;

/**
 * POSIX getopt as the C tools parse their options: {@code "e:m:F"} means -e and -m take an
 * argument (attached, {@code -esvc}, or the next word) and -F does not; flags can be grouped
 * ({@code -qe svc}); parsing stops at the first non-option word or {@code --}.
 */
final class Getopt {
    record Opt(char name, String arg) {}

    private final String[] args;
    private final String spec;
    private int index;
    private int pos;
    private String error;

    Getopt(String[] args, String spec) {
        this.args = args;
        this.spec = spec;
    }

    /** The problem that stopped parsing ("invalid option -- 'z'"), or null. */
    String error() {
        return error;
    }

    /** The next option, or null at the end; an unknown option or a missing argument gives '?' and sets {@link #error()}. */
    Opt next() {
        if (pos == 0) {
            if (index >= args.length) return null;
            String a = args[index];
            if (a.equals("--")) { index++; return null; }
            if (!a.startsWith("-") || a.length() == 1) return null;
            pos = 1;
        }
        String a = args[index];
        char c = a.charAt(pos++);
        int at = spec.indexOf(c);
        if (at < 0 || c == ':') {
            endWordIfDone(a);
            error = "invalid option -- '" + c + "'";
            return new Opt('?', null);
        }
        boolean takesArg = at + 1 < spec.length() && spec.charAt(at + 1) == ':';
        if (!takesArg) {
            endWordIfDone(a);
            return new Opt(c, null);
        }
        String arg;
        if (pos < a.length()) {
            arg = a.substring(pos);
        } else if (index + 1 < args.length) {
            arg = args[++index];
        } else {
            pos = 0;
            index++;
            error = "option requires an argument -- '" + c + "'";
            return new Opt('?', null);
        }
        pos = 0;
        index++;
        return new Opt(c, arg);
    }

    private void endWordIfDone(String a) {
        if (pos >= a.length()) {
            pos = 0;
            index++;
        }
    }
}

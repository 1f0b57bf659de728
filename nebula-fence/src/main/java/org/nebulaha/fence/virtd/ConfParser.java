package org.nebulaha.fence.virtd;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Reads the fence_virt.conf block format:
 * <pre>
 * # comment
 * name {
 *     key = "value";      # quoted values; bare words (digits, paths) are accepted too
 *     inner { key = "v"; }
 * }
 * </pre>
 * A malformed file is refused as a whole with {@code source:line: what was expected, what was found}.
 */
public final class ConfParser {
    private final String text;
    private final String source;
    private int pos;
    private int line = 1;

    private ConfParser(String text, String source) {
        this.text = text;
        this.source = source;
    }

    public static ConfBlock parse(String text, String source) throws ConfSyntaxException {
        return new ConfParser(text, source).file();
    }

    private ConfBlock file() throws ConfSyntaxException {
        Deque<ConfBlock.Builder> open = new ArrayDeque<>();
        Deque<Integer> openLines = new ArrayDeque<>();
        ConfBlock.Builder root = new ConfBlock.Builder("", 0);
        open.push(root);
        while (true) {
            String tok = next();
            if (tok == null) break;
            int at = line;
            if (tok.equals("}")) {
                if (open.size() == 1) throw error(at, "'}' without a matching '{'");
                ConfBlock b = open.pop().build();
                openLines.pop();
                open.peek().add(b);
                skipOptional(";");
                continue;
            }
            if (!isWord(tok)) throw error(at, "expected a name, found '" + tok + "'");
            String op = next();
            if ("{".equals(op)) {
                open.push(new ConfBlock.Builder(tok, at));
                openLines.push(at);
            } else if ("=".equals(op)) {
                String value = next();
                if (value == null || (!isQuoted(value) && !isWord(value)))
                    throw error(line, "expected a value after '" + tok + " =', found " + describe(value));
                String semi = next();
                if (!";".equals(semi)) throw error(line, "expected ';' after the value of '" + tok + "', found " + describe(semi));
                open.peek().add(new ConfBlock.Assignment(tok, unquote(value), at));
            } else {
                throw error(line, "expected '{' or '=' after '" + tok + "', found " + describe(op));
            }
        }
        if (open.size() > 1)
            throw error(openLines.peek(), "block '" + open.peek().build().name() + "' is not closed (missing '}')");
        return root.build();
    }

    private void skipOptional(String t) {
        int savePos = pos;
        int saveLine = line;
        try {
            String n = next();
            if (t.equals(n)) return;
        } catch (ConfSyntaxException e) {
            // fall through and rewind; the error will be reported when that token is read again
        }
        pos = savePos;
        line = saveLine;
    }

    /** The next token: punctuation, a quoted string (with its quotes) or a bare word; null at the end. */
    private String next() throws ConfSyntaxException {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '\n') {
                line++;
                pos++;
            } else if (Character.isWhitespace(c)) {
                pos++;
            } else if (c == '#') {
                while (pos < text.length() && text.charAt(pos) != '\n') pos++;
            } else {
                break;
            }
        }
        if (pos >= text.length()) return null;
        char c = text.charAt(pos);
        if ("{}=;".indexOf(c) >= 0) {
            pos++;
            return String.valueOf(c);
        }
        if (c == '"') {
            int end = text.indexOf('"', pos + 1);
            int nl = text.indexOf('\n', pos + 1);
            if (end < 0 || (nl >= 0 && nl < end)) throw error(line, "unterminated string (missing closing '\"')");
            String s = text.substring(pos, end + 1);
            pos = end + 1;
            return s;
        }
        int start = pos;
        while (pos < text.length() && isWordChar(text.charAt(pos))) pos++;
        if (pos == start) throw error(line, "unexpected character '" + c + "'");
        return text.substring(start, pos);
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || "_-./:@+".indexOf(c) >= 0;
    }

    private static boolean isWord(String t) {
        return !t.isEmpty() && t.chars().allMatch(c -> isWordChar((char) c));
    }

    private static boolean isQuoted(String t) {
        return t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"");
    }

    private static String unquote(String t) {
        return isQuoted(t) ? t.substring(1, t.length() - 1) : t;
    }

    private static String describe(String tok) {
        return tok == null ? "the end of the file" : "'" + tok + "'";
    }

    private ConfSyntaxException error(int at, String what) {
        return new ConfSyntaxException(source + ":" + at + ": " + what);
    }
}

package org.nebulaha.oned.model;

import org.nebulaha.oned.model.Template.SyntaxException;

/** Splits OpenNebula template text into names, values, quoted strings and = [ ] , punctuation. */
final class TemplateLexer {
    record Token(String text, boolean quoted, boolean isPunct) {
        boolean is(String p) {
            return isPunct && text.equals(p);
        }
    }

    private final String s;
    private int pos;
    private int line = 1;

    TemplateLexer(String s) {
        this.s = s;
    }

    int line() {
        return line;
    }

    Token next() throws SyntaxException {
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (c == '\n') {
                line++;
                pos++;
            } else if (Character.isWhitespace(c)) {
                pos++;
            } else if (c == '#') {
                while (pos < s.length() && s.charAt(pos) != '\n') pos++;
            } else {
                break;
            }
        }
        if (pos >= s.length()) return null;
        char c = s.charAt(pos);
        if (c == '=' || c == '[' || c == ']' || c == ',') {
            pos++;
            return new Token(String.valueOf(c), false, true);
        }
        if (c == '"') {
            int startLine = line;
            StringBuilder sb = new StringBuilder();
            pos++;
            while (true) {
                if (pos >= s.length()) throw new SyntaxException("line " + startLine + ": string is not closed with '\"'");
                char d = s.charAt(pos++);
                if (d == '"') break;
                if (d == '\\' && pos < s.length()) d = s.charAt(pos++);
                if (d == '\n') line++;
                sb.append(d);
            }
            return new Token(sb.toString(), true, false);
        }
        int start = pos;
        while (pos < s.length()) {
            char d = s.charAt(pos);
            if (Character.isWhitespace(d) || d == '=' || d == '[' || d == ']' || d == ',' || d == '"' || d == '#') break;
            pos++;
        }
        return new Token(s.substring(start, pos), false, false);
    }
}

package org.nebulaha.sched.model;

import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * An OpenNebula SCHED_REQUIREMENTS / SCHED_RANK expression over host attributes.
 * Grammar (4.2 {@code expr_bool.y} and {@code expr_arith.y} merged):
 * <pre>
 *   or   := and ('|' and)*          and := not ('&amp;' not)*       not := '!' not | cmp
 *   cmp  := sum (('=' | '!=' | '&gt;' | '&lt;' | '&gt;=' | '&lt;=') sum)?
 *   sum  := prod (('+' | '-') prod)*   prod := unary (('*' | '/') unary)*
 *   unary:= '-' unary | NUMBER | "STRING" | NAME | '(' or ')'
 * </pre>
 * Rules: a comparison with a quoted string compares text, and {@code *} in the string matches any
 * text ({@code HOSTNAME = "node*"}); a comparison that names an attribute the host does not have is
 * false; in a rank an unknown attribute counts as 0; true is 1 and false 0.
 * Example: {@code CPUSPEED > 1000 & HYPERVISOR = "dummy"}.
 * An expression nested deeper than {@value #MAX_DEPTH} levels or with more than
 * {@value #MAX_OPERATORS} operators is refused with a ParseException (it would otherwise
 * overflow the stack of the scheduler that reads it).
 */
public final class Expr {
    /** Most nested '(', '!' and unary '-' an expression may have. */
    public static final int MAX_DEPTH = 64;
    /** Most binary operators an expression may have. */
    public static final int MAX_OPERATORS = 1000;

    /** Thrown for an expression that cannot be parsed; the message shows where. */
    public static final class ParseException extends Exception {
        public ParseException(String m) {
            super(m);
        }
    }

    private sealed interface Node permits Num, Str, Var, Not, Neg, Bin {}
    private record Num(double v) implements Node {}
    private record Str(String s) implements Node {}
    private record Var(String name) implements Node {}
    private record Not(Node n) implements Node {}
    private record Neg(Node n) implements Node {}
    private record Bin(String op, Node l, Node r) implements Node {}

    private final String text;
    private final Node root;

    private Expr(String text, Node root) {
        this.text = text;
        this.root = root;
    }

    public String text() {
        return text;
    }

    @Override
    public String toString() {
        return text;
    }

    public static Expr parse(String text) throws ParseException {
        Parser p = new Parser(text);
        Node n = p.or();
        p.skip();
        if (p.pos < text.length())
            throw new ParseException("\"" + text + "\": unexpected '" + text.charAt(p.pos) + "' at column " + (p.pos + 1));
        return new Expr(text, n);
    }

    /** True when the expression holds for a host whose attributes {@code attrs} returns (null: no such attribute). */
    public boolean test(Function<String, String> attrs) {
        return value(root, attrs) != 0;
    }

    /** The numeric value (rank) for a host. */
    public double rank(Function<String, String> attrs) {
        return value(root, attrs);
    }

    private static double value(Node n, Function<String, String> a) {
        if (n instanceof Num x) return x.v();
        if (n instanceof Str) return 0;
        if (n instanceof Var v) return number(a.apply(v.name()));
        if (n instanceof Not x) return value(x.n(), a) == 0 ? 1 : 0;
        if (n instanceof Neg x) return -value(x.n(), a);
        if (n instanceof Bin b) {
            switch (b.op()) {
                case "|": return value(b.l(), a) != 0 || value(b.r(), a) != 0 ? 1 : 0;
                case "&": return value(b.l(), a) != 0 && value(b.r(), a) != 0 ? 1 : 0;
                case "+": return value(b.l(), a) + value(b.r(), a);
                case "-": return value(b.l(), a) - value(b.r(), a);
                case "*": return value(b.l(), a) * value(b.r(), a);
                case "/": {
                    double d = value(b.r(), a);
                    return d == 0 ? 0 : value(b.l(), a) / d;
                }
                default: return compare(b, a) ? 1 : 0;
            }
        }
        throw new AssertionError(n);
    }

    private static boolean compare(Bin b, Function<String, String> a) {
        String l = text(b.l(), a), r = text(b.r(), a);
        if (l == null || r == null) return false; // an attribute the host does not have
        if (b.l() instanceof Str || b.r() instanceof Str || !isNumber(l) || !isNumber(r)) {
            boolean eq = b.r() instanceof Str s ? glob(s.s()).matcher(l).matches()
                    : b.l() instanceof Str s ? glob(s.s()).matcher(r).matches() : l.equals(r);
            int c = l.compareTo(r);
            switch (b.op()) {
                case "=": return eq;
                case "!=": return !eq;
                case ">": return c > 0;
                case "<": return c < 0;
                case ">=": return c >= 0;
                default: return c <= 0;
            }
        }
        double x = Double.parseDouble(l), y = Double.parseDouble(r);
        switch (b.op()) {
            case "=": return x == y;
            case "!=": return x != y;
            case ">": return x > y;
            case "<": return x < y;
            case ">=": return x >= y;
            default: return x <= y;
        }
    }

    private static String text(Node n, Function<String, String> a) {
        if (n instanceof Str s) return s.s();
        if (n instanceof Var v) return a.apply(v.name());
        double d = value(n, a);
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    private static Pattern glob(String s) {
        java.util.List<String> parts = new java.util.ArrayList<>();
        for (String part : s.split("\\*", -1)) parts.add(Pattern.quote(part));
        return Pattern.compile(String.join(".*", parts));
    }

    private static boolean isNumber(String s) {
        try {
            Double.parseDouble(s.strip());
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static double number(String s) {
        if (s == null) return 0;
        try {
            return Double.parseDouble(s.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static final class Parser {
        final String s;
        int pos, depth, operators;

        Parser(String s) {
            this.s = s;
        }

        void skip() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) pos++;
        }

        boolean eat(String t) {
            skip();
            if (s.startsWith(t, pos)) {
                pos += t.length();
                return true;
            }
            return false;
        }

        ParseException error(String what) {
            return new ParseException("\"" + s + "\": " + what + " at column " + (pos + 1));
        }

        Node bin(String op, Node l, Node r) throws ParseException {
            if (++operators > MAX_OPERATORS) throw error("more than " + MAX_OPERATORS + " operators");
            return new Bin(op, l, r);
        }

        /** Enters one more level of '(', '!' or unary '-'. */
        void deeper() throws ParseException {
            if (++depth > MAX_DEPTH) throw error("nested deeper than " + MAX_DEPTH + " levels");
        }

        Node or() throws ParseException {
            Node n = and();
            while (eat("|")) n = bin("|", n, and());
            return n;
        }

        Node and() throws ParseException {
            Node n = not();
            while (eat("&")) n = bin("&", n, not());
            return n;
        }

        Node not() throws ParseException {
            skip();
            if (pos < s.length() && s.charAt(pos) == '!' && !s.startsWith("!=", pos)) {
                pos++;
                deeper();
                Node n = new Not(not());
                depth--;
                return n;
            }
            return cmp();
        }

        Node cmp() throws ParseException {
            Node l = sum();
            for (String op : new String[] {"!=", ">=", "<=", "=", ">", "<"})
                if (eat(op)) return bin(op, l, sum());
            return l;
        }

        Node sum() throws ParseException {
            Node n = prod();
            while (true) {
                if (eat("+")) n = bin("+", n, prod());
                else if (eat("-")) n = bin("-", n, prod());
                else return n;
            }
        }

        Node prod() throws ParseException {
            Node n = unary();
            while (true) {
                if (eat("*")) n = bin("*", n, unary());
                else if (eat("/")) n = bin("/", n, unary());
                else return n;
            }
        }

        Node unary() throws ParseException {
            skip();
            if (pos >= s.length()) throw error("expression ends too early");
            char c = s.charAt(pos);
            if (c == '-') {
                pos++;
                deeper();
                Node n = new Neg(unary());
                depth--;
                return n;
            }
            if (c == '(') {
                pos++;
                deeper();
                Node n = or();
                if (!eat(")")) throw error("missing ')'");
                depth--;
                return n;
            }
            if (c == '"') {
                int end = s.indexOf('"', pos + 1);
                if (end < 0) throw error("unterminated string");
                String v = s.substring(pos + 1, end);
                pos = end + 1;
                return new Str(v);
            }
            int start = pos;
            if (Character.isDigit(c) || c == '.') {
                while (pos < s.length() && (Character.isDigit(s.charAt(pos)) || s.charAt(pos) == '.')) pos++;
                try {
                    return new Num(Double.parseDouble(s.substring(start, pos)));
                } catch (NumberFormatException e) {
                    throw error("bad number '" + s.substring(start, pos) + "'");
                }
            }
            if (Character.isLetter(c) || c == '_') {
                while (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '_' || s.charAt(pos) == '/')) pos++;
                return new Var(s.substring(start, pos).toUpperCase(Locale.ROOT));
            }
            throw error("unexpected '" + c + "'");
        }
    }
}

package org.nebulaha.conf;

/**
 * A cluster.conf that cannot be used, with where and why:
 * {@code cluster.conf:14:5: <clusternode name="node3">: nodeid 2 is already used by node2 (line 9)}.
 * Line and column are 0 when unknown (an element added by ccs has no place in a file yet).
 */
public class ConfException extends Exception {
    private static final long serialVersionUID = 1L;
    private final String source;
    private final int line;
    private final int column;
    private final String element;
    private final String problem;

    public ConfException(String source, int line, int column, String element, String problem) {
        super(format(source, line, column, element, problem));
        this.source = source;
        this.line = line;
        this.column = column;
        this.element = element;
        this.problem = problem;
    }

    static String format(String source, int line, int column, String element, String problem) {
        StringBuilder sb = new StringBuilder(source == null ? "cluster.conf" : source);
        if (line > 0) sb.append(':').append(line).append(':').append(column);
        sb.append(": ");
        if (element != null) sb.append(element).append(": ");
        return sb.append(problem).toString();
    }

    public String source() { return source; }
    public int line() { return line; }
    public int column() { return column; }
    public String element() { return element; }
    public String problem() { return problem; }
}

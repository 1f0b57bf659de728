package org.nebulaha.conf;

/** One thing wrong with a cluster.conf, with where it is. */
public record ConfProblem(String source, int line, int column, String element, String problem) {
    @Override
    public String toString() {
        return ConfException.format(source, line, column, element, problem);
    }
}

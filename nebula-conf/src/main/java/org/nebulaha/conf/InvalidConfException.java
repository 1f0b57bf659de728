package org.nebulaha.conf;

import java.util.List;
import java.util.stream.Collectors;

/** A well-formed cluster.conf that breaks one or more rules; the message lists every problem, one per line. */
public class InvalidConfException extends ConfException {
    private static final long serialVersionUID = 1L;
    private final transient List<ConfProblem> problems;

    public InvalidConfException(List<ConfProblem> problems) {
        super(problems.get(0).source(), problems.get(0).line(), problems.get(0).column(), problems.get(0).element(),
                problems.get(0).problem());
        this.problems = List.copyOf(problems);
    }

    public List<ConfProblem> problems() {
        return problems;
    }

    @Override
    public String getMessage() {
        return problems.stream().map(ConfProblem::toString).collect(Collectors.joining("\n"));
    }
}

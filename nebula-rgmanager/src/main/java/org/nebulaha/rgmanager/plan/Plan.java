package org.nebulaha.rgmanager.plan;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The planner's answer: actions in the order they should be carried out (services that others
 * depend on first, then configuration order). Actions of different services are independent.
 */
public record Plan(List<Action> actions) {
    public Plan {
        actions = List.copyOf(actions);
    }

    public boolean isEmpty() {
        return actions.isEmpty();
    }

    /** Actions that change something (everything but {@link Action.Hold} and {@link Action.WaitForFence}). */
    public List<Action> effective() {
        return actions.stream().filter(a -> !(a instanceof Action.Hold) && !(a instanceof Action.WaitForFence)).toList();
    }

    /** One line per action, {@code verb  target  rule: text}, as in the case files; "(no actions)" when empty. */
    public String format() {
        if (actions.isEmpty()) return "(no actions)\n";
        return actions.stream().map(Plan::line).collect(Collectors.joining("\n", "", "\n"));
    }

    public static String line(Action a) {
        return String.format("%-12s %-44s %s", a.verb(), a.target(), a.why());
    }
}

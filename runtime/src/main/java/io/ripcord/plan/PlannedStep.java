package io.ripcord.plan;

import java.util.List;

/**
 * A step in the plan: its name, the line it starts on, its actions in order, and a note when the step's own code
 * could not be evaluated ahead of the run (it depends on values that exist only then); such a step is decided
 * when it runs, and the plan says so rather than guess.
 */
public record PlannedStep(String name, int line, List<PlannedAction> actions, String note) {

    public PlannedStep {
        actions = List.copyOf(actions);
    }

    public PlannedStep renamed(String newName) {
        return new PlannedStep(newName, line, actions, note);
    }
}

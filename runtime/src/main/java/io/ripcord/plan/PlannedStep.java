package io.ripcord.plan;

import java.util.List;

/** A step in the plan: its name, the line it starts on, and its actions in order. */
public record PlannedStep(String name, int line, List<PlannedAction> actions) {

    public PlannedStep {
        actions = List.copyOf(actions);
    }
}

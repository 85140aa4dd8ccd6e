package io.ripcord.plan;

import groovy.lang.Closure;
import io.ripcord.dsl.ScriptLocator;
import io.ripcord.model.LadderDefinition;
import io.ripcord.model.RollbackDefinition;
import io.ripcord.params.Params;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The plan of a rollback ladder: one entry per level, in climbing order — its approval, its actions, then the gate
 * that decides between "rolled back by this level" and the next level, each gate action saying so. Levels before
 * {@code from} are listed as skipped, so the plan shows the whole ladder and where this run starts on it.
 */
final class LadderPlan {

    private static final Pattern FAILED_STEP = Pattern.compile("^failed\\s*\\(?\\s*['\"]([^'\"]+)['\"]\\s*\\)?$");

    private final Planner planner;
    private final String name;
    private final int line;
    private final String condition;
    private final List<PlannedStep> steps;

    LadderPlan(Planner planner, String name, int line, String condition, List<PlannedStep> steps) {
        this.planner = planner;
        this.name = name;
        this.line = line;
        this.condition = condition;
        this.steps = steps;
    }

    List<PlannedStep> levels(LadderDefinition ladder, Params params, ScriptLocator locator) {
        List<PlannedStep> out = new ArrayList<>();
        int count = ladder.levels().size();
        for (int number = 1; number <= count; number++) {
            LadderDefinition.Level level = ladder.levels().get(number - 1);
            String title = name + ", level " + number + " of " + count + ": " + level.name()
                    + (level.confirm() ? " (asks for approval)" : "");
            int at = level.location() == null ? line : level.location().line();
            if (number < ladder.from()) {
                out.add(new PlannedStep(title, at, List.of(), "skipped: this run starts at level " + ladder.from()));
                continue;
            }
            String red = number == count ? "red: the rollback FAILED, MANUAL INTERVENTION REQUIRED"
                    : "red: climb to level " + (number + 1) + " '" + ladder.levels().get(number).name() + "'";
            String gate = "green: rolled back by this level; " + red;
            List<PlannedAction> actions = new ArrayList<>();
            if (level.confirm()) {
                planner.approval(level.question(number), at, level.name()).ifPresent(actions::add);
            }
            List<Closure<?>> gates = new ArrayList<>();
            PlannedStep body = planner.planBody(title, RollbackDefinition.STEP, at, level.body(), params, locator, null, gates, level.name());
            actions.addAll(body.actions());
            String note = body.note();
            if (note == null) {
                if (!gates.isEmpty()) {
                    for (Closure<?> block : gates) {
                        PlannedStep planned = planner.planBody(title, RollbackDefinition.STEP, at, block, params, locator, null, null, level.name());
                        planned.actions().forEach(a -> actions.add(a.detail("gate", gate)));
                        note = planned.note();
                    }
                } else {
                    List<PlannedAction> repeated = failedStepGates();
                    repeated.forEach(a -> actions.add(a.detail("gate", "repeated from the failed step; " + gate)));
                    if (repeated.isEmpty()) {
                        note = "gate: the failed step's health checks, repeated (" + gate + ")";
                    }
                }
            }
            out.add(new PlannedStep(title, at, actions, note));
        }
        return out;
    }

    /** The health checks of the step the condition names ({@code failed 'health'}), which gate a level without its own. */
    private List<PlannedAction> failedStepGates() {
        Matcher m = FAILED_STEP.matcher(condition);
        if (!m.find()) {
            return List.of();
        }
        return steps.stream().filter(s -> s.name().equals(m.group(1))).findFirst()
                .map(s -> s.actions().stream().filter(a -> planner.isGate(a.verb())).toList()).orElse(List.of());
    }
}

package io.ripcord.plan;

import io.ripcord.dsl.ScriptLocator;
import io.ripcord.dsl.StepScope;
import io.ripcord.exec.ExecutionContext;
import io.ripcord.verb.ResultData;
import io.ripcord.verb.ValueVerb;
import io.ripcord.model.RunbookDefinition;
import io.ripcord.model.StepDefinition;
import io.ripcord.model.RollbackDefinition;
import io.ripcord.params.Params;
import io.ripcord.problem.Problem;
import io.ripcord.problem.ProblemCode;
import io.ripcord.problem.RunbookException;
import io.ripcord.verb.VerbOutput;
import io.ripcord.verb.VerbRegistry;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Builds a {@link Plan} by evaluating every step with the same interpreter as a run, except that each verb call
 * runs its read-only {@code plan} half and returns a {@link Deferred} in place of a result.
 */
public final class Planner {

    private final VerbRegistry verbs;
    private final ExecutionContext.Setting setting;

    public Planner(VerbRegistry verbs, Path workingDirectory, Map<String, String> environment) {
        this(verbs, ExecutionContext.Setting.of(workingDirectory, environment));
    }

    /** Every action planned so far in this plan, in order: what the run would have done before the next call. */
    private final List<PlannedAction> plannedSoFar = new ArrayList<>();

    public Planner(VerbRegistry verbs, ExecutionContext.Setting setting) {
        this.verbs = verbs;
        this.setting = setting;
    }

    public Plan plan(RunbookDefinition definition, Map<String, Object> paramValues) {
        plannedSoFar.clear();
        // an evaluation of its own, with the values code outside the steps reads: what the plan pass sets is never
        // seen by the run
        RunbookDefinition runbook = definition.evaluatedAgain(paramValues);
        Params params = new Params(paramValues);
        ScriptLocator locator = new ScriptLocator(runbook.source());
        List<PlannedStep> steps = new ArrayList<>();
        List<PlannedStep> undoSteps = new ArrayList<>();
        for (StepDefinition step : runbook.steps()) {
            List<groovy.lang.Closure<?>> undo = new ArrayList<>();
            steps.add(planBody(step.name(), step.name(), step.location().line(), step.body(), params, locator, undo));
            for (groovy.lang.Closure<?> block : undo) { // run newest step first, and within a step last declared first
                undoSteps.add(0, planBody("undo of step '" + step.name() + "'", step.name(), step.location().line(), block, params, locator, null));
            }
        }
        List<PlannedStep> rollbacks = new ArrayList<>();
        for (RollbackDefinition rollback : runbook.rollbacks()) {
            int line = rollback.location() == null ? 0 : rollback.location().line();
            String name = "rollback if " + conditionText(runbook, line);
            if (rollback.ladder() != null) {
                rollbacks.addAll(new LadderPlan(this, name, line, conditionText(runbook, line), steps)
                        .levels(rollback.ladder(), params, locator));
            } else if (rollback.undoesSteps()) {
                List<PlannedAction> actions = new ArrayList<>();
                undoSteps.forEach(u -> actions.addAll(u.actions()));
                String note = undoSteps.isEmpty() ? "no step declares undo { }: nothing to undo" : null;
                rollbacks.add(new PlannedStep(name + ": undo the completed steps, newest first", line, actions, note));
            } else {
                rollbacks.add(planBody(name, "rollback", line, rollback.body(), params, locator, null).renamed(name));
            }
        }
        StepDefinition onFailure = runbook.onFailure();
        if (onFailure != null) { // shown with the rollbacks: it too runs only when a step fails
            int line = onFailure.location() == null ? 0 : onFailure.location().line();
            String name = "onFailure, after any rollback";
            rollbacks.add(planBody(name, onFailure.name(), line, onFailure.body(), params, locator, null, null, null, Deferred.failure())
                    .renamed(name));
        }
        return new Plan(runbook, paramValues, steps, rollbacks);
    }

    /** Plans one body (a step, an undo block, a rollback) with the verbs' plan halves. */
    private PlannedStep planBody(String name, String stepName, int line, groovy.lang.Closure<?> body, Params params,
                                 ScriptLocator locator, List<groovy.lang.Closure<?>> undo) {
        return planBody(name, stepName, line, body, params, locator, undo, null, null);
    }

    /**
     * The same for a ladder level's body: its {@code gate { … }} blocks go to {@code gates}, and its calls belong to
     * the level ({@code level}, null outside one: an approval in it is {@code --approve 'LEVEL'}, as in the run).
     */
    PlannedStep planBody(String name, String stepName, int line, groovy.lang.Closure<?> body, Params params,
                         ScriptLocator locator, List<groovy.lang.Closure<?>> undo, List<groovy.lang.Closure<?>> gates, String level) {
        return planBody(name, stepName, line, body, params, locator, undo, gates, level, null);
    }

    /** The same for the onFailure block, whose {@code failure} ({@code failure}: the run's, unknown in the plan) it reads. */
    private PlannedStep planBody(String name, String stepName, int line, groovy.lang.Closure<?> body, Params params,
                                 ScriptLocator locator, List<groovy.lang.Closure<?>> undo, List<groovy.lang.Closure<?>> gates,
                                 String level, Deferred failure) {
        List<PlannedAction> actions = new ArrayList<>();
        String note = null;
        StepScope scope = new StepScope(stepName, params, verbs, locator, (verb, call) -> {
            var context = setting.forCall(level == null ? call.step() : level, VerbOutput.SILENT, true);
            if (verb instanceof ValueVerb value) {
                // a pure value is the same now as in the run, unless it is made from a value only the run has; one
                // that depends on the run may be known from what the run does before it (nothing that changes it:
                // the same as now), else it exists only then
                if (!value.dependsOnRun()) {
                    return Deferred.isIn(call.args()) ? new Deferred(stepName, call, verb.spec().result())
                            : ValueVerb.evaluate(value, call, context);
                }
                List<PlannedAction> before = new ArrayList<>(plannedSoFar);
                before.addAll(actions);
                Optional<Object> known = Deferred.isIn(call.args()) ? Optional.empty() : value.valueKnownInPlan(call, context, before);
                return known.orElseGet(() -> new Deferred(stepName, call, verb.spec().result()));
            }
            // the arguments as the run's journal records them (Runner: sorted, as plain data), when all are known now
            Object args = Deferred.isIn(call.args()) ? null : ResultData.of(new TreeMap<>(call.args()));
            actions.add(planned(verb, call, context).at(call.verb(), call.location() == null ? 0 : call.location().line(), args));
            return new Deferred(stepName, call, verb.spec().result());
        }).onUndo(undo == null ? null : undo::add).onGate(gates == null ? null : gates::add).onFailureOf(failure);
        try {
            scope.enter(body);
        } catch (RunbookException e) {
            throw e.orAt(locator.of(e));
        } catch (Exception | StackOverflowError e) { // Groovy code throws checked exceptions undeclared
            var where = locator.of(e);
            String what = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage().lines().findFirst().orElse(""));
            if (!dependsOnRunValues(e)) {
                // a plain bug in the step's code: caught now, before anything acts
                String label = name.equals(stepName) ? "step '" + name + "'" : name;
                throw new RunbookException(Problem.of(ProblemCode.LOAD_FAILED, "planning " + label + " failed: " + what, where)
                        .withNext("fix the step's code; nothing has run"), e);
            }
            note = "planned up to here; the rest is decided when it runs: " + question(e)
                    + (where == null ? "" : " at line " + where.line());
            deferUnset(body, stepName);
        }
        plannedSoFar.addAll(actions);
        return new PlannedStep(name, line, actions, note);
    }

    /**
     * A step planned only up to a question may still set, in the run, the runbook's variables it shares: those it
     * has not set are shown to later steps as {@code <from step 'x': name>}, not as the null that would make their
     * plan fail ({@code tagImage needs 'image'}) where the run would not.
     */
    private static void deferUnset(groovy.lang.Closure<?> body, String stepName) {
        for (java.lang.reflect.Field field : body.getClass().getDeclaredFields()) {
            if (field.getType() != groovy.lang.Reference.class) {
                continue; // Groovy keeps each variable a closure shares with its surroundings in a Reference field
            }
            try {
                field.setAccessible(true);
                groovy.lang.Reference<Object> shared = cast(field.get(body));
                if (shared != null && shared.get() == null) {
                    shared.set(new Deferred(stepName, field.getName()));
                }
            } catch (ReflectiveOperationException | RuntimeException e) {
                // not a variable of the runbook's: leave it
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static groovy.lang.Reference<Object> cast(Object o) {
        return (groovy.lang.Reference<Object>) o;
    }

    /** The condition as written, when it fits on its line: "failed 'health'". */
    private static String conditionText(RunbookDefinition runbook, int line) {
        String[] lines = runbook.source().text().split("\n", -1);
        if (line >= 1 && line <= lines.length) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("rollbackIf\\s*\\(?\\s*\\{(.*?)}").matcher(lines[line - 1]);
            if (m.find() && !m.group(1).isBlank()) {
                return m.group(1).trim();
            }
        }
        return "the condition at line " + line + " holds";
    }

    /**
     * Plans one step: each verb's read-only half describes its action. A bug in the step's own code is a problem; code
     * that needs a value only the run has ends the step's plan with a note. The REPL plans each command so.
     */
    public PlannedStep planStep(StepDefinition step, Params params, ScriptLocator locator) {
        return planBody(step.name(), step.name(), step.location().line(), step.body(), params, locator, new ArrayList<>());
    }

    /** Whether {@code verb} is a health gate (what a rollback repeats to verify itself). */
    boolean isGate(String verb) {
        return verb != null && verbs.find(verb).filter(v -> v instanceof io.ripcord.verb.HealthGate).isPresent();
    }

    /** The approval a ladder's level asks for, as the confirm verb's plan half describes it (empty without one). */
    Optional<PlannedAction> approval(String question, int line, String level) {
        return verbs.find("confirm").map(confirm -> {
            var call = new io.ripcord.verb.VerbCall("confirm", Map.of("question", question), RollbackDefinition.STEP, null);
            return confirm.plan(call, setting.forCall(level, VerbOutput.SILENT, true)).at("confirm", line, Map.of("question", question));
        });
    }

    /**
     * A verb's plan half, given an argument only the run has ({@code tagImage "app:${out}"}): the value is not a
     * literal to validate now, so a refusal of it says what the call will do with it then instead of failing the plan.
     */
    private static PlannedAction planned(io.ripcord.verb.Verb verb, io.ripcord.verb.VerbCall call, io.ripcord.verb.VerbContext context) {
        try {
            return verb.plan(call, context);
        } catch (RuntimeException e) {
            if (!Deferred.isIn(call.args())) {
                throw e;
            }
            StringBuilder summary = new StringBuilder(call.verb());
            call.args().forEach((k, v) -> summary.append(summary.length() == call.verb().length() ? " " : ", ").append(k).append(": ").append(v));
            return PlannedAction.of(ActionKind.RUN, summary.toString()).detail("decided when it runs",
                    "its arguments are known only then");
        }
    }

    /** What the plan could not decide, in the operator's words: "deciding on <from step 'probe': sh.exitCode>". */
    private static String question(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof UndecidedInPlan undecided) {
                return undecided.question() + " is only known then";
            }
        }
        String message = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("<(from step '[^>]*|params\\.[^>]*)>").matcher(message);
        return m.find() ? "it uses " + m.group() + ", known only then" : "it uses a value known only then";
    }

    /** True when the failure came from using a value that exists only at run time. */
    private static boolean dependsOnRunValues(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof UndecidedInPlan || String.valueOf(t.getMessage()).contains(Deferred.class.getName())
                    || Deferred.isIn(String.valueOf(t.getMessage()))) {
                return true;
            }
        }
        return false;
    }
}

package io.ripcord.plan;

import io.ripcord.dsl.ScriptLocator;
import io.ripcord.dsl.StepScope;
import io.ripcord.exec.ExecutionContext;
import io.ripcord.verb.ValueVerb;
import io.ripcord.model.RunbookDefinition;
import io.ripcord.model.StepDefinition;
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

    public Planner(VerbRegistry verbs, ExecutionContext.Setting setting) {
        this.verbs = verbs;
        this.setting = setting;
    }

    public Plan plan(RunbookDefinition runbook, Map<String, Object> paramValues) {
        Params params = new Params(paramValues);
        ScriptLocator locator = new ScriptLocator(runbook.source());
        List<PlannedStep> steps = new ArrayList<>();
        for (StepDefinition step : runbook.steps()) {
            steps.add(planStep(step, params, locator));
        }
        return new Plan(runbook, paramValues, steps);
    }

    /**
     * Plans one step: each verb's read-only half describes its action. A bug in the step's own code is a problem; code
     * that needs a value only the run has ends the step's plan with a note. The REPL plans each command so.
     */
    public PlannedStep planStep(StepDefinition step, Params params, ScriptLocator locator) {
        List<PlannedAction> actions = new ArrayList<>();
        String note = null;
        StepScope scope = new StepScope(step.name(), params, verbs, locator, (verb, call) -> {
            var context = setting.forCall(call.step(), VerbOutput.SILENT, true);
            if (verb instanceof ValueVerb value) {
                // a pure value is the same now as in the run; one that depends on the run exists only then
                return value.dependsOnRun() ? new Deferred(step.name(), call.verb()) : ValueVerb.evaluate(value, call, context);
            }
            actions.add(verb.plan(call, context).at(call.verb(), call.location() == null ? 0 : call.location().line()));
            return new Deferred(step.name(), call.verb());
        });
        try {
            scope.enter(step.body());
        } catch (RunbookException e) {
            throw e.orAt(locator.of(e));
        } catch (Exception | StackOverflowError e) { // Groovy code throws checked exceptions undeclared
            var where = locator.of(e);
            String what = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage().lines().findFirst().orElse(""));
            if (!dependsOnRunValues(e)) {
                // a plain bug in the step's code: caught now, before anything acts
                throw new RunbookException(Problem.of(ProblemCode.LOAD_FAILED, "planning step '" + step.name() + "' failed: " + what, where)
                        .withNext("fix the step's code; nothing has run"), e);
            }
            note = "planned up to here; the rest is decided when it runs (" + what + (where == null ? "" : " at line " + where.line()) + ")";
        }
        return new PlannedStep(step.name(), step.location() == null ? 0 : step.location().line(), actions, note);
    }

    /** True when the failure came from using a value that exists only at run time. */
    private static boolean dependsOnRunValues(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof UndecidedInPlan || String.valueOf(t.getMessage()).contains(Deferred.class.getName())
                    || String.valueOf(t.getMessage()).contains("<from step ")) {
                return true;
            }
        }
        return false;
    }
}

package io.ripcord.verb;

import io.ripcord.plan.PlannedAction;
import io.ripcord.problem.Problem;
import io.ripcord.problem.ProblemCode;
import io.ripcord.problem.RunbookException;

/**
 * A verb that only computes a value — a target ({@code sqlite '/app/db.sqlite'}), a catalog lookup
 * ({@code lastBackup(db)}) — and touches nothing. It may be used outside steps too, evaluates the same in a plan as
 * in a run, and is not shown in plans.
 */
public interface ValueVerb extends Verb {

    /** Computes the value; must only read. */
    Object value(VerbCall call, VerbContext context) throws Exception;

    /**
     * True when the value depends on what this run does (the newest backup after this run's own backup step): a
     * plan then shows it as deferred instead of guessing, and a run journals it so a resume sees the same value.
     */
    default boolean dependsOnRun() {
        return false;
    }

    /**
     * In a plan, the value of a verb that {@link #dependsOnRun() depends on the run}, when it can be known already
     * from what the run would have done before this call ({@code before}: every action planned so far, earlier
     * steps' included); empty to show it as decided at run time. Must only read.
     */
    default java.util.Optional<Object> valueKnownInPlan(VerbCall call, VerbContext context, java.util.List<PlannedAction> before) {
        return java.util.Optional.empty();
    }

    /**
     * Evaluates a value verb. A pure value is computed from its arguments alone, so its failure is bad input
     * ({@code container 'bad name!'}: INVALID_ARGUMENT, found by check and plan before anything runs); a lookup that
     * depends on the run fails as the step's verb does.
     */
    static Object evaluate(ValueVerb verb, VerbCall call, VerbContext context) {
        ProblemCode code = verb.dependsOnRun() ? ProblemCode.STEP_FAILED : ProblemCode.INVALID_ARGUMENT;
        try {
            return verb.value(call, context);
        } catch (VerbFailure e) {
            throw new RunbookException(Problem.of(e.code() == ProblemCode.STEP_FAILED ? code : e.code(), call.verb() + ": " + e.getMessage(), call.location())
                    .withNext(e.next()));
        } catch (RunbookException e) {
            throw e;
        } catch (Exception e) {
            throw new RunbookException(Problem.of(code, call.verb() + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()), call.location()), e);
        }
    }

    @Override
    default PlannedAction plan(VerbCall call, VerbContext context) {
        return null;
    }

    @Override
    default Object apply(VerbCall call, VerbContext context) throws Exception {
        return value(call, context);
    }
}

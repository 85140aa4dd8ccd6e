package io.ripcord.verb;

import io.ripcord.plan.PlannedAction;

/**
 * A runbook verb. Implementations are stateless: everything about one call arrives in {@link VerbCall} and
 * {@link VerbContext}, so one instance serves every run.
 */
public interface Verb {

    /** Name, arguments and documentation. */
    VerbSpec spec();

    /** Looks, never touches: describes exactly what {@link #apply} would do with these arguments. */
    PlannedAction plan(VerbCall call, VerbContext context);

    /**
     * Acts. The returned value is what the runbook sees as the call's result. Throw {@link VerbFailure} for an
     * expected failure (the message is shown as is); anything else is reported as a failure of this verb too.
     */
    Object apply(VerbCall call, VerbContext context) throws Exception;

    /**
     * The result as plain data for the journal (maps, lists, strings, numbers, booleans). The default converts
     * records to maps; override with {@link #restore} when a result needs its own shape back on resume.
     */
    default Object journal(Object result) {
        return ResultData.of(result);
    }

    /** Rebuilds, from what {@link #journal} wrote, the result a completed call returned, for code that runs after a resume. */
    default Object restore(Object data) {
        return data;
    }
}

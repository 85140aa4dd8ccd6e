package io.ripcord.plan;

/**
 * Thrown when a step's code asks a question only the run can answer (is this command's output "active"?): the
 * planner stops planning that step there and says so, instead of guessing a branch.
 */
public final class UndecidedInPlan extends RuntimeException {

    public UndecidedInPlan(String what) {
        super(what + " is only known when the runbook runs");
    }
}

package io.ripcord.plan;

/**
 * Thrown when a step's code asks a question only the run can answer (is this command's output "active"? how many
 * backups are there?): the planner stops planning that step there and says so, instead of guessing a branch. The
 * message is for the operator: what was asked of which deferred value.
 */
public final class UndecidedInPlan extends RuntimeException {

    private final String question;

    public UndecidedInPlan(String question) {
        super(question + " is only known when the runbook runs");
        this.question = question;
    }

    /** "deciding on <from step 'probe': sh.exitCode>". */
    public String question() {
        return question;
    }
}

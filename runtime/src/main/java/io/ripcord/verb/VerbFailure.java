package io.ripcord.verb;

import io.ripcord.problem.ProblemCode;

/**
 * An expected failure of a verb ("command exited with status 3"): its message is shown as is, with its problem code
 * (a cause of its own such as {@link ProblemCode#DISK_FULL}, or {@link ProblemCode#STEP_FAILED} when there is none
 * to name) and an optional next step for the operator, and fails the step.
 */
public class VerbFailure extends Exception {

    private final ProblemCode code;
    private final String next;
    private final transient Object details;

    /**
     * The one constructor the others lead to. {@code details}: plain data journaled with the failure (a health
     * check's attempts), so the journal shows why.
     */
    public VerbFailure(ProblemCode code, String message, String next, Object details) {
        super(message);
        if (!code.raisedByVerb) {
            throw new IllegalArgumentException(code + " is not a verb's failure");
        }
        this.code = code;
        this.next = next;
        this.details = details;
    }

    public VerbFailure(ProblemCode code, String message, String next) {
        this(code, message, next, null);
    }

    public VerbFailure(String message, String next, Object details) {
        this(ProblemCode.STEP_FAILED, message, next, details);
    }

    public VerbFailure(String message, String next) {
        this(ProblemCode.STEP_FAILED, message, next, null);
    }

    public VerbFailure(String message) {
        this(ProblemCode.STEP_FAILED, message, null, null);
    }

    /** The same cause said with more context ("refusing to restore: " + the message), keeping code and details. */
    public VerbFailure reworded(String message, String next) {
        return new VerbFailure(code, message, next, details);
    }

    public ProblemCode code() {
        return code;
    }

    public Object details() {
        return details;
    }

    public String next() {
        return next;
    }
}

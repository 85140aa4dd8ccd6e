package io.ripcord.verb;

/**
 * An expected failure of a verb ("command exited with status 3"): its message is shown as is, with an optional
 * next step for the operator, and fails the step.
 */
public class VerbFailure extends Exception {

    private final String next;
    private final transient Object details;

    public VerbFailure(String message, String next) {
        this(message, next, null);
    }

    /** {@code details}: plain data journaled with the failure (a health check's attempts), so the journal shows why. */
    public VerbFailure(String message, String next, Object details) {
        super(message);
        this.next = next;
        this.details = details;
    }

    public Object details() {
        return details;
    }

    public VerbFailure(String message) {
        this(message, null);
    }

    public String next() {
        return next;
    }
}

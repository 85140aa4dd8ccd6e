package io.ripcord.verb;

/**
 * An expected failure of a verb ("command exited with status 3"): its message is shown as is, with an optional
 * next step for the operator, and fails the step.
 */
public class VerbFailure extends Exception {

    private final String next;

    public VerbFailure(String message, String next) {
        super(message);
        this.next = next;
    }

    public VerbFailure(String message) {
        this(message, null);
    }

    public String next() {
        return next;
    }
}

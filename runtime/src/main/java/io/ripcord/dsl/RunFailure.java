package io.ripcord.dsl;

import java.util.List;

/**
 * What {@code failure} reads inside {@code onFailure { … }}: the step that failed, its problem code and message, and
 * how the run ended (FAILED, ROLLED_BACK, ROLLBACK_FAILED) with its exit code — what an alert says. The checker holds
 * {@code failure.NAME} to {@link #MEMBERS}, so a misspelt member is caught before anything runs, not in the alert.
 */
public record RunFailure(String step, String code, String message, String state, int exitCode) {

    /** The name a runbook reads it by. */
    public static final String NAME = "failure";

    /** The members a runbook may read, as the checker and the plan know them. */
    public static final List<String> MEMBERS = List.of("step", "code", "message", "state", "exitCode");

    /** In text ({@code "${failure}"}) it is its message. */
    @Override
    public String toString() {
        return message;
    }
}

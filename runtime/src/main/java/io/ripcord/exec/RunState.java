package io.ripcord.exec;

/**
 * How a run ended. Each value says what caused it and what the operator does next; the exit code is the
 * {@link RunOutcome}'s (a failed or interrupted run's comes from its problem's code).
 */
public enum RunState {
    /** Under way; after a crash it stays so: `ripcord resume RUN` continues it. */
    RUNNING,
    /** Every step completed. Nothing to do. */
    SUCCEEDED,
    /** A step failed and the runbook defines no rollback: the message names the step and verb; fix and run again. */
    FAILED,
    /** A step failed, a {@code rollbackIf} fired, and the rollback ran and was verified. */
    ROLLED_BACK,
    /** A step failed and so did its rollback: MANUAL INTERVENTION REQUIRED; the report says what was and was not restored. */
    ROLLBACK_FAILED,
    /** Interrupted by the operator (Ctrl-C) or a signal; `ripcord resume RUN` continues it. */
    INTERRUPTED;
}

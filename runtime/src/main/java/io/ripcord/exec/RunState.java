package io.ripcord.exec;

import io.ripcord.problem.ExitCode;

/** How a run ended. Each value says what caused it and what the operator does next. */
public enum RunState {
    /** Under way; after a crash it stays so: `ripcord resume RUN` continues it. */
    RUNNING(null),
    /** Every step completed. Nothing to do. */
    SUCCEEDED(ExitCode.OK),
    /** A step failed and the runbook defines no rollback: the message names the step and verb; fix and run again. */
    FAILED(ExitCode.STEP_FAILED),
    /** A step failed, a {@code rollbackIf} fired, and the rollback ran and was verified. */
    ROLLED_BACK(ExitCode.ROLLED_BACK),
    /** A step failed and so did its rollback: MANUAL INTERVENTION REQUIRED; the report says what was and was not restored. */
    ROLLBACK_FAILED(ExitCode.ROLLBACK_FAILED),
    /** Interrupted by the operator (Ctrl-C) or a signal; `ripcord resume RUN` continues it. */
    INTERRUPTED(ExitCode.INTERRUPTED);

    public final ExitCode exitCode;

    RunState(ExitCode exitCode) {
        this.exitCode = exitCode;
    }
}

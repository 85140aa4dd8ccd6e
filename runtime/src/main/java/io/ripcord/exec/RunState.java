package io.ripcord.exec;

import io.ripcord.problem.ExitCode;

/** How a run ended. Each value says what caused it and what the operator does next. */
public enum RunState {
    /** Every step completed. Nothing to do. */
    SUCCEEDED(ExitCode.OK),
    /** A step failed and the runbook defines no rollback: the message names the step and verb; fix and run again. */
    FAILED(ExitCode.STEP_FAILED),
    /** Interrupted by the operator (Ctrl-C) or a signal. */
    INTERRUPTED(ExitCode.INTERRUPTED);

    public final ExitCode exitCode;

    RunState(ExitCode exitCode) {
        this.exitCode = exitCode;
    }
}

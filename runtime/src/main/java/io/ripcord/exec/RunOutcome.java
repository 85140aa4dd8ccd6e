package io.ripcord.exec;

import io.ripcord.problem.ExitCode;
import io.ripcord.problem.Problem;
import io.ripcord.problem.ProblemCode;

import java.time.Duration;

/**
 * The end of a run: its state, the problem that ended it (null on success), how long it took, and — when a step
 * failed and a rollback ran — what the rollback did.
 */
public record RunOutcome(RunState state, Problem problem, Duration elapsed, int stepsCompleted, RollbackSummary rollback) {

    public RunOutcome(RunState state, Problem problem, Duration elapsed, int stepsCompleted) {
        this(state, problem, elapsed, stepsCompleted, null);
    }

    /**
     * A run that succeeded or rolled back says so; any other ended with a problem, and exits with that problem's code
     * ({@link io.ripcord.problem.ProblemCode#exitCode}, the one mapping).
     */
    public ExitCode exitCode() {
        return exitCodeOf(state, problem == null ? null : problem.code());
    }

    /** The same rule for a run read back from the journal ({@code code}: the problem that ended it, null if none). */
    public static ExitCode exitCodeOf(RunState state, ProblemCode code) {
        return switch (state) {
            case SUCCEEDED -> ExitCode.OK;
            case ROLLED_BACK -> ExitCode.ROLLED_BACK;
            case ROLLBACK_FAILED -> ExitCode.ROLLBACK_FAILED;
            case RUNNING, FAILED, INTERRUPTED -> code == null ? ExitCode.INTERNAL_ERROR : code.exitCode;
        };
    }
}

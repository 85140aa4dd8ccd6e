package io.ripcord.exec;

import io.ripcord.problem.ExitCode;
import io.ripcord.problem.Problem;

import java.time.Duration;

/**
 * The end of a run: its state, the problem that ended it (null on success), how long it took, and — when a step
 * failed and a rollback ran — what the rollback did.
 */
public record RunOutcome(RunState state, Problem problem, Duration elapsed, int stepsCompleted, RollbackSummary rollback) {

    public RunOutcome(RunState state, Problem problem, Duration elapsed, int stepsCompleted) {
        this(state, problem, elapsed, stepsCompleted, null);
    }

    /** The state's exit code, except that a run stopped by an invalid runbook (found only while running) exits 2. */
    public ExitCode exitCode() {
        return problem != null && problem.code().exitCode == ExitCode.USAGE && rollback == null ? ExitCode.USAGE : state.exitCode;
    }
}

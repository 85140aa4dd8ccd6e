package io.ripcord.exec;

import io.ripcord.problem.Problem;

import java.time.Duration;

/** The end of a run: its state, the problem that ended it (null on success) and how long it took. */
public record RunOutcome(RunState state, Problem problem, Duration elapsed, int stepsCompleted) {
}

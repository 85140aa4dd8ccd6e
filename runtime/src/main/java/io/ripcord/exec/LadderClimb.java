package io.ripcord.exec;

import groovy.lang.Closure;
import io.ripcord.dsl.ScriptLocator;
import io.ripcord.model.LadderDefinition;
import io.ripcord.params.Params;
import io.ripcord.problem.Problem;
import io.ripcord.verb.PastCall;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Climbs a rollback ladder: from its first level to try, each level's approval (if it asks for one), its actions,
 * then its gate — the level's own {@code gate { … }}, or else the failed step's health checks repeated. A green gate
 * ends the climb; a red one (or a failed action) climbs to the next level; a refused approval stops it with nothing
 * of that level done. Every call is an ordinary journaled call of the rollback, so a resume replays the levels
 * already climbed (their red gates fail again the same way, without acting) and continues inside the level it was in.
 */
final class LadderClimb {

    private final Runner runner;
    private final Attempt attempt;
    private final Params params;
    private final ScriptLocator locator;

    LadderClimb(Runner runner, Attempt attempt, Params params, ScriptLocator locator) {
        this.runner = runner;
        this.attempt = attempt;
        this.params = params;
        this.locator = locator;
    }

    /** The levels tried, in order; null when interrupted (Ctrl-C), to be continued by a resume. */
    List<RollbackSummary.Level> climb(LadderDefinition ladder, String failedStep, List<Runner.GateCall> failedGates) {
        List<RollbackSummary.Level> tried = new ArrayList<>();
        int count = ladder.levels().size();
        for (int number = ladder.from(); number <= count; number++) {
            LadderDefinition.Level level = ladder.levels().get(number - 1);
            runner.listener().ladderLevelStarted(number, count, level.name());
            RollbackSummary.Level outcome = tryLevel(number, level, failedStep, failedGates);
            if (Thread.currentThread().isInterrupted()) {
                return null;
            }
            tried.add(outcome);
            runner.listener().ladderLevelFinished(outcome);
            if (outcome.outcome() != RollbackSummary.LevelOutcome.STILL_RED && outcome.outcome() != RollbackSummary.LevelOutcome.FAILED) {
                break; // fixed, refused or unverifiable: climbing on would act without knowing why
            }
        }
        return tried;
    }

    private RollbackSummary.Level tryLevel(int number, LadderDefinition.Level level, String failedStep, List<Runner.GateCall> failedGates) {
        int before = attempt.ordinal();
        int done = runner.history().size();
        attempt.enterLevel(level.name());
        try {
            if (level.confirm()) {
                Problem refused = runner.approve(level.question(number), level.location());
                if (refused != null) {
                    return ended(number, level, RollbackSummary.LevelOutcome.NOT_APPROVED,
                            List.of(new RollbackSummary.Part("approval", RollbackSummary.Status.FAILED, answer(refused))),
                            "not asked: nothing of this level was done", before);
                }
            }
            List<Closure<?>> gates = new ArrayList<>();
            Problem failed = runner.runBody(RollbackRun.STEP, level.body(), params, locator, null, gates::add);
            List<RollbackSummary.Part> did = did(done, failed);
            if (failed != null) {
                return ended(number, level, RollbackSummary.LevelOutcome.FAILED, did, "not asked: the level's actions failed", before);
            }
            String red = null;
            String green = null;
            if (!gates.isEmpty()) {
                for (Closure<?> gate : gates) {
                    int checked = runner.history().size();
                    Problem problem = runner.runBody(RollbackRun.STEP, gate, params, locator, null);
                    red = problem == null ? null : answer(problem);
                    green = red == null ? "healthy: " + checks(checked, "the level's gate") : null;
                    if (red != null) {
                        break;
                    }
                }
            } else if (!failedGates.isEmpty()) {
                for (Runner.GateCall gate : failedGates) {
                    Problem problem = runner.repeatGate(gate);
                    red = problem == null ? null : answer(problem);
                    green = red == null ? "healthy: " + gate.call().verb() + " of step '" + failedStep + "' (line "
                            + (gate.call().location() == null ? "?" : gate.call().location().line()) + ") repeated" : null;
                    if (red != null) {
                        break;
                    }
                }
            } else {
                return ended(number, level, RollbackSummary.LevelOutcome.UNVERIFIED, did, "no gate: neither the level has a gate { }"
                        + " nor did step '" + failedStep + "' run a health check; check the service by hand", before);
            }
            return red == null ? ended(number, level, RollbackSummary.LevelOutcome.FIXED, did, green, before)
                    : ended(number, level, RollbackSummary.LevelOutcome.STILL_RED, did, "still red: " + red, before);
        } finally {
            attempt.enterLevel(null);
        }
    }

    private RollbackSummary.Level ended(int number, LadderDefinition.Level level, RollbackSummary.LevelOutcome outcome,
                                        List<RollbackSummary.Part> did, String gate, int before) {
        Instant[] span = attempt.span(before);
        return new RollbackSummary.Level(number, level.name(), outcome, did, gate, span == null ? null : span[0],
                span == null ? null : Duration.between(span[0], span[1]), before + 1);
    }

    /** A call's failure as the gate answered it, without the "step 'rollback' failed: " every rollback call's has. */
    private static String answer(Problem problem) {
        String prefix = "step '" + RollbackRun.STEP + "' failed: ";
        return problem.message().startsWith(prefix) ? problem.message().substring(prefix.length()) : problem.message();
    }

    /** What the level's actions did, call by call, and where they stopped if they failed. */
    private List<RollbackSummary.Part> did(int done, Problem failed) {
        List<RollbackSummary.Part> did = new ArrayList<>();
        for (PastCall call : runner.history().subList(done, runner.history().size())) {
            if (!"confirm".equals(call.verb())) {
                did.add(new RollbackSummary.Part(call.verb() + " (line " + call.line() + ")", RollbackSummary.Status.DONE, null));
            }
        }
        if (failed != null) {
            did.add(new RollbackSummary.Part("stopped" + (failed.location() == null ? "" : " at line " + failed.location().line()),
                    RollbackSummary.Status.FAILED, answer(failed)));
        }
        return did;
    }

    private String checks(int from, String fallback) {
        List<PastCall> calls = runner.history().subList(from, runner.history().size());
        return calls.isEmpty() ? fallback : String.join(", ", calls.stream().map(c -> c.verb() + " (line " + c.line() + ")").toList());
    }
}

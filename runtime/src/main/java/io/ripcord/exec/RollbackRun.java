package io.ripcord.exec;

import groovy.json.JsonOutput;
import groovy.lang.Closure;
import io.ripcord.dsl.ScriptLocator;
import io.ripcord.model.RollbackDefinition;
import io.ripcord.params.Params;
import io.ripcord.problem.Problem;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One rollback, after a step failed and a {@code rollbackIf} condition held: runs its body (or the completed steps'
 * undo blocks, newest first), then makes sure it is verified — by the body's own health checks, or by repeating the
 * failed step's. Journaled as a step named {@value #STEP}; its summary is journaled as a "rollback" event that the
 * run report reads for RTO and RPO.
 */
final class RollbackRun {

    /** The journal's name for the rollback's step. */
    static final String STEP = RollbackDefinition.STEP;

    private final Runner runner;
    private final Attempt attempt;
    private final Params params;
    private final ScriptLocator locator;
    private final int stepIndex;

    RollbackRun(Runner runner, Attempt attempt, Params params, ScriptLocator locator, int stepIndex) {
        this.runner = runner;
        this.attempt = attempt;
        this.params = params;
        this.locator = locator;
        this.stepIndex = stepIndex;
    }

    /** Runs the rollback; null when it was interrupted (Ctrl-C), to be continued by a resume. */
    RollbackSummary run(RollbackDefinition rollback, String failedStep, List<Runner.GateCall> failedGates,
                        Map<String, List<Closure<?>>> undoBlocks, Instant detected) {
        int conditionLine = rollback.location() == null ? 0 : rollback.location().line();
        runner.listener().rollbackStarted(failedStep, conditionLine);
        runner.checkpoints().stepStarted(stepIndex, STEP);
        attempt.rollbackStarted();
        List<RollbackSummary.Part> parts = new ArrayList<>();
        if (rollback.ladder() != null) {
            return climbed(rollback, failedStep, failedGates, detected);
        }
        boolean ok = rollback.undoesSteps()
                ? undo(undoBlocks, parts)
                : attempt("rollback at line " + conditionLine, rollback.body(), parts);
        if (Thread.currentThread().isInterrupted()) {
            // Ctrl-C: not a failed rollback but a paused one; its calls are journaled and a resume goes on from there
            runner.checkpoints().stepFinished(stepIndex, STEP, RunState.INTERRUPTED, "interrupted");
            return null;
        }
        boolean verified = false;
        if (ok && attempt.rollbackGates() > 0) {
            verified = true; // the rollback's own health checks passed
        } else if (ok && !failedGates.isEmpty()) {
            for (Runner.GateCall gate : failedGates) {
                Problem problem = runner.repeatGate(gate);
                String what = "verify: repeat " + gate.call().verb() + " of step '" + failedStep + "' (line "
                        + (gate.call().location() == null ? "?" : gate.call().location().line()) + ")";
                parts.add(new RollbackSummary.Part(what, problem == null ? RollbackSummary.Status.DONE : RollbackSummary.Status.FAILED,
                        problem == null ? null : problem.message()));
                if (problem != null) {
                    ok = false;
                    break;
                }
            }
            verified = ok;
        } else if (ok) {
            // exit 3 promises a verified rollback: with nothing that checks health, the operator must look
            parts.add(new RollbackSummary.Part("verify: no health check ran, in the rollback or in step '" + failedStep + "'",
                    RollbackSummary.Status.NOT_ATTEMPTED, "check the service by hand; a healthCheck in the rollback makes this automatic"));
            ok = false;
        }
        if (Thread.currentThread().isInterrupted()) {
            runner.checkpoints().stepFinished(stepIndex, STEP, RunState.INTERRUPTED, "interrupted");
            return null;
        }
        return finished(failedStep, conditionLine, detected, parts, ok, verified, List.of());
    }

    /** A ladder's rollback: its levels climbed until one's gate passes (see {@link LadderClimb}). */
    private RollbackSummary climbed(RollbackDefinition rollback, String failedStep, List<Runner.GateCall> failedGates, Instant detected) {
        List<RollbackSummary.Level> levels = new LadderClimb(runner, attempt, params, locator).climb(rollback.ladder(), failedStep, failedGates);
        if (levels == null) {
            runner.checkpoints().stepFinished(stepIndex, STEP, RunState.INTERRUPTED, "interrupted");
            return null;
        }
        List<RollbackSummary.Part> parts = new ArrayList<>();
        for (RollbackSummary.Level level : levels) {
            RollbackSummary.Status status = switch (level.outcome()) {
                case FIXED -> RollbackSummary.Status.DONE;
                case NOT_APPROVED -> RollbackSummary.Status.NOT_ATTEMPTED;
                default -> RollbackSummary.Status.FAILED;
            };
            parts.add(new RollbackSummary.Part("level " + level.number() + " '" + level.name() + "'", status, level.gate()));
        }
        boolean fixed = !levels.isEmpty() && levels.get(levels.size() - 1).outcome() == RollbackSummary.LevelOutcome.FIXED;
        int line = rollback.location() == null ? 0 : rollback.location().line();
        return finished(failedStep, line, detected, parts, fixed, fixed, levels);
    }

    /** The rollback's end: its summary journaled (the report reads RTO and RPO from it) and told. */
    private RollbackSummary finished(String failedStep, int conditionLine, Instant detected, List<RollbackSummary.Part> parts,
                                     boolean ok, boolean verified, List<RollbackSummary.Level> levels) {
        Instant finished = Instant.now();
        Instant restoredAsOf = attempt.restoredAsOf();
        RollbackSummary summary = new RollbackSummary(failedStep, conditionLine, detected, finished, parts, ok, verified,
                verified ? Duration.between(detected, finished) : null,
                restoredAsOf == null ? null : Duration.between(restoredAsOf, detected), levels);
        // a ladder's red levels below the one that fixed it are not the rollback's error
        String firstError = ok ? null : summary.withStatus(RollbackSummary.Status.FAILED).stream().map(RollbackSummary.Part::detail).findFirst().orElse(null);
        runner.checkpoints().stepFinished(stepIndex, STEP, ok ? RunState.SUCCEEDED : RunState.FAILED, firstError);
        runner.checkpoints().event("rollback", JsonOutput.toJson(journalForm(summary)));
        runner.listener().rollbackFinished(summary);
        return summary;
    }

    /** The completed steps' undo blocks, newest step first and, within a step, last declared first; stops at the first failure. */
    private boolean undo(Map<String, List<Closure<?>>> undoBlocks, List<RollbackSummary.Part> parts) {
        List<String> steps = new ArrayList<>(undoBlocks.keySet());
        java.util.Collections.reverse(steps);
        boolean ok = true;
        for (String step : steps) {
            List<Closure<?>> blocks = new ArrayList<>(undoBlocks.get(step));
            java.util.Collections.reverse(blocks);
            for (Closure<?> block : blocks) {
                String what = "undo of step '" + step + "'";
                if (!ok) {
                    parts.add(new RollbackSummary.Part(what, RollbackSummary.Status.NOT_ATTEMPTED, null));
                } else {
                    ok = attempt(what, block, parts);
                }
            }
        }
        return ok;
    }

    private boolean attempt(String what, Closure<?> body, List<RollbackSummary.Part> parts) {
        int before = runner.history().size();
        Problem problem = runner.runBody(STEP, body, params, locator, null);
        if (problem != null) {
            // what the body did before it stopped, call by call: the operator finishing by hand starts from there
            for (var done : runner.history().subList(before, runner.history().size())) {
                parts.add(new RollbackSummary.Part(what + ": " + done.verb() + " (line " + done.line() + ")", RollbackSummary.Status.DONE, null));
            }
        }
        if (problem != null && problem.location() != null) {
            what += " — stopped at line " + problem.location().line();
        }
        parts.add(new RollbackSummary.Part(what, problem == null ? RollbackSummary.Status.DONE : RollbackSummary.Status.FAILED,
                problem == null ? null : problem.message()));
        return problem == null;
    }

    static Map<String, Object> journalForm(RollbackSummary s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("failedStep", s.failedStep());
        m.put("conditionLine", s.conditionLine());
        m.put("failureDetected", s.failureDetected().toString());
        m.put("finished", s.finished().toString());
        m.put("succeeded", s.succeeded());
        m.put("verified", s.verified());
        m.put("rtoMillis", s.rto() == null ? null : s.rto().toMillis());
        m.put("rpoMillis", s.rpo() == null ? null : s.rpo().toMillis());
        List<Map<String, Object>> parts = new ArrayList<>();
        for (RollbackSummary.Part p : s.parts()) {
            Map<String, Object> part = new LinkedHashMap<>();
            part.put("what", p.what());
            part.put("status", p.status().name());
            part.put("detail", p.detail());
            parts.add(part);
        }
        m.put("parts", parts);
        if (!s.levels().isEmpty()) {
            m.put("fixedBy", s.fixedBy() == null ? null : s.fixedBy().name());
            List<Map<String, Object>> levels = new ArrayList<>();
            for (RollbackSummary.Level l : s.levels()) {
                Map<String, Object> level = new LinkedHashMap<>();
                level.put("number", l.number());
                level.put("name", l.name());
                level.put("outcome", l.outcome().name());
                level.put("started", l.started() == null ? null : l.started().toString());
                level.put("millis", l.took() == null ? null : l.took().toMillis());
                level.put("firstCall", l.firstCall());
                level.put("did", l.did().stream().map(p -> p.detail() == null ? p.what() : p.what() + ": " + p.detail()).toList());
                level.put("gate", l.gate());
                levels.add(level);
            }
            m.put("levels", levels);
        }
        return m;
    }
}

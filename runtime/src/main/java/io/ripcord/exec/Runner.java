package io.ripcord.exec;

import io.ripcord.dsl.ScriptLocator;
import io.ripcord.dsl.StepScope;
import io.ripcord.model.RunbookDefinition;
import io.ripcord.model.StepDefinition;
import io.ripcord.params.Params;
import io.ripcord.plan.PlannedAction;
import io.ripcord.problem.ExitCode;
import io.ripcord.problem.Problem;
import io.ripcord.problem.ProblemCode;
import io.ripcord.problem.RunbookException;
import io.ripcord.problem.SourceLocation;
import io.ripcord.verb.Verb;
import io.ripcord.verb.VerbCall;
import io.ripcord.verb.VerbFailure;
import io.ripcord.verb.VerbRegistry;

import groovy.json.JsonOutput;
import groovy.json.JsonSlurper;
import io.ripcord.model.RunbookSource;
import io.ripcord.secret.Redactor;
import io.ripcord.plan.ActionKind;
import io.ripcord.verb.ResultData;
import io.ripcord.verb.ValueVerb;

import groovy.lang.Closure;
import io.ripcord.dsl.RollbackCondition;
import io.ripcord.model.RollbackDefinition;
import io.ripcord.verb.HealthGate;
import io.ripcord.verb.PastCall;
import io.ripcord.verb.RestorePoint;
import io.ripcord.verb.StageLog;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.function.Consumer;
import java.util.Optional;
import java.util.TreeMap;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Runs a loaded runbook's steps in order, applying each verb call. The first failure ends the run with a problem
 * that names the step, the verb, the line and the verb's reason.
 */
public final class Runner {

    private final VerbRegistry verbs;
    private final ExecutionContext.Setting setting;
    private final RunListener listener;
    private final Checkpoints checkpoints;
    private final Redactor redactor;
    /** This attempt's state: one Runner runs one attempt of a run (or one REPL session). */
    private final Attempt attempt = new Attempt();
    /** Whether a verb call acted (not replayed, not a lookup) in this attempt: until one has, nothing ran. */
    private boolean acted;

    public Runner(VerbRegistry verbs, Path workingDirectory, Map<String, String> environment, RunListener listener) {
        this(verbs, ExecutionContext.Setting.of(workingDirectory, environment), listener, Checkpoints.NONE, new Redactor());
    }

    public Runner(VerbRegistry verbs, ExecutionContext.Setting setting, RunListener listener, Checkpoints checkpoints,
                  Redactor redactor) {
        this.verbs = verbs;
        this.setting = setting;
        this.listener = listener;
        this.checkpoints = checkpoints;
        this.redactor = redactor;
    }

    public RunOutcome run(RunbookDefinition runbook, Map<String, Object> paramValues) {
        return run(runbook, paramValues, null);
    }

    /**
     * Runs the steps in order but stops after {@code throughStep} (null: to the end), as INTERRUPTED, when steps remain:
     * the REPL's {@code :retry} redoes a failed step this way and leaves the rest to {@code :continue} or a resume.
     */
    public RunOutcome run(RunbookDefinition runbook, Map<String, Object> paramValues, String throughStep) {
        long start = System.nanoTime();
        acted = false;
        listener.runStarted(runbook);
        Params params = new Params(paramValues);
        ScriptLocator locator = new ScriptLocator(runbook.source());
        List<StepDefinition> steps = runbook.steps();
        Map<String, List<Closure<?>>> undoBlocks = new LinkedHashMap<>();
        int completed = 0;
        for (StepDefinition step : steps) {
            long stepStart = System.nanoTime();
            listener.stepStarted(step.name(), completed + 1, steps.size());
            checkpoints.stepStarted(completed + 1, step.name());
            List<Closure<?>> undo = new ArrayList<>();
            attempt.stepGates.clear();
            Problem failure = runBody(step.name(), step.body(), params, locator, undo::add);
            if (failure != null) {
                Instant detected = attempt.endingDetected();
                RunState state = Thread.currentThread().isInterrupted() ? RunState.INTERRUPTED : RunState.FAILED;
                if (state == RunState.INTERRUPTED) {
                    failure = failure.as(ProblemCode.INTERRUPTED); // the verb failed because it was stopped
                }
                checkpoints.stepFinished(completed + 1, step.name(), state, failure.headline());
                if (state == RunState.FAILED && failure.code() != ProblemCode.NOT_DETERMINISTIC) {
                    Optional<RollbackDefinition> rollback = chooseRollback(runbook, step.name(), params);
                    if (rollback.isPresent()) {
                        RollbackSummary summary = new RollbackRun(this, attempt, params, locator, completed + 2)
                                .run(rollback.get(), step.name(), List.copyOf(attempt.stepGates), undoBlocks, detected);
                        if (summary == null) { // interrupted: the rollback is journaled as far as it went and resumes
                            markStoppingCall();
                            return finish(new RunOutcome(RunState.INTERRUPTED, Problem.of(ProblemCode.ROLLBACK_INTERRUPTED,
                                    "interrupted during the rollback after step '" + step.name() + "' failed", null)
                                    .withNext("`ripcord resume RUN` continues the rollback where it stopped"), since(start), completed));
                        }
                        return finish(afterFailure(runbook, step.name(), completed + 3, params, locator, new RunOutcome(
                                summary.succeeded() ? RunState.ROLLED_BACK : RunState.ROLLBACK_FAILED, failure, since(start), completed, summary)));
                    }
                }
                markStoppingCall();
                RunOutcome outcome = new RunOutcome(state, failure, since(start), completed);
                return finish(state == RunState.FAILED ? afterFailure(runbook, step.name(), completed + 2, params, locator, outcome) : outcome);
            }
            undoBlocks.put(step.name(), undo);
            checkpoints.stepFinished(completed + 1, step.name(), RunState.SUCCEEDED, null);
            listener.stepFinished(step.name(), since(stepStart));
            completed++;
            if (step.name().equals(throughStep) && completed < steps.size()) {
                return finish(new RunOutcome(RunState.INTERRUPTED, Problem.of(ProblemCode.PAUSED, "paused after step '"
                        + step.name() + "'; the steps after it have not run", null)
                        .withNext("`ripcord resume RUN` (or :continue in the REPL) runs the rest"), since(start), completed));
            }
        }
        return finish(new RunOutcome(RunState.SUCCEEDED, null, since(start), completed));
    }

    /** The first rollback whose condition holds for this failure, if any. */
    private Optional<RollbackDefinition> chooseRollback(RunbookDefinition runbook, String failedStep, Params params) {
        RollbackCondition condition = new RollbackCondition(failedStep, params);
        for (RollbackDefinition rollback : runbook.rollbacks()) {
            try {
                if (condition.holds(rollback.condition())) {
                    return Optional.of(rollback);
                }
            } catch (Exception | StackOverflowError e) {
                // a broken condition must not hide the failure: roll back, which is the safe reading of "if"
                listener.warning("the rollbackIf condition at line " + (rollback.location() == null ? "?" : rollback.location().line())
                        + " could not be evaluated (" + describe(e) + "); rolling back");
                return Optional.of(rollback);
            }
        }
        return Optional.empty();
    }

    /** Runs the runbook's onFailure block, if it has one, as step {@code stepIndex}; the outcome is unchanged. */
    private RunOutcome afterFailure(RunbookDefinition runbook, String failedStep, int stepIndex, Params params, ScriptLocator locator,
                                    RunOutcome outcome) {
        if (runbook.onFailure() != null) {
            new OnFailureRun(this, params, locator).run(runbook.onFailure(), failedStep, stepIndex, outcome);
        }
        return outcome;
    }

    /** The run stops here: the call whose failure stopped it acts again on resume; the failures it caught replay. */
    private void markStoppingCall() {
        if (attempt.endingOrdinal() > 0) {
            checkpoints.stoppedBy(attempt.endingOrdinal());
        }
    }

    private RunOutcome finish(RunOutcome outcome) {
        listener.runFinished(outcome);
        return outcome;
    }

    /**
     * Runs one step on its own, journaled as step {@code index}; verb calls go on numbering from this runner's earlier
     * calls. The REPL runs each command, and a loaded runbook's {@code :step}, this way. Null on success.
     */
    public Problem runStep(int index, StepDefinition step, Params params, ScriptLocator locator) {
        checkpoints.stepStarted(index, step.name());
        acted = false; // each command of the REPL is an attempt of its own: bad input there ran nothing
        Problem failure = runBody(step.name(), step.body(), params, locator, null);
        RunState state = failure == null ? RunState.SUCCEEDED
                : Thread.currentThread().isInterrupted() ? RunState.INTERRUPTED : RunState.FAILED;
        if (state == RunState.INTERRUPTED) {
            failure = failure.as(ProblemCode.INTERRUPTED);
        }
        checkpoints.stepFinished(index, step.name(), state, failure == null ? null : failure.headline());
        return failure;
    }

    /** Runs one step's (or a rollback's) code; returns null on success or the problem that failed it. */
    Problem runBody(String stepName, Closure<?> body, Params params, ScriptLocator locator, Consumer<Closure<?>> undoSink) {
        return runBody(stepName, body, params, locator, undoSink, null);
    }

    /** The same for a ladder level's body, whose {@code gate { … }} blocks go to {@code gateSink}. */
    Problem runBody(String stepName, Closure<?> body, Params params, ScriptLocator locator, Consumer<Closure<?>> undoSink,
                    Consumer<Closure<?>> gateSink) {
        return runIn(new StepScope(stepName, params, verbs, locator, this::apply).onUndo(undoSink).onGate(gateSink), stepName, body, locator);
    }

    /** The onFailure block's body: like a rollback's, with the run's {@code failure} to read. */
    Problem runOnFailureBody(String stepName, Closure<?> body, Params params, ScriptLocator locator, io.ripcord.dsl.RunFailure failure) {
        return runIn(new StepScope(stepName, params, verbs, locator, this::apply).onFailureOf(failure), stepName, body, locator);
    }

    private Problem runIn(StepScope scope, String stepName, Closure<?> body, ScriptLocator locator) {
        try {
            scope.enter(body);
            return null;
        } catch (Exception | StackOverflowError e) {
            attempt.bodyEndedBy(e);
            return problemOf(stepName, locator, e);
        }
    }

    private Problem problemOf(String stepName, ScriptLocator locator, Throwable thrown) {
        try {
            throw thrown;
        } catch (StepFailure failure) {
            return failure.problem;
        } catch (RunbookException e) {
            Problem p = e.orAt(locator.of(e)).first();
            if (p.code() == ProblemCode.NOT_DETERMINISTIC) {
                return p;
            }
            // bad input found before any call acted (a value only the run has, of the wrong type) ran nothing and
            // keeps its code (exit 2); once something acted, the run failed part-way (exit 1), whatever the cause; a
            // verb's failure with a cause of its own (a lookup that found no backup) keeps its code either way
            ProblemCode code = p.code().raisedByVerb || !acted && p.code().exitCode == ExitCode.USAGE ? p.code() : ProblemCode.STEP_FAILED;
            return new Problem(code, "step '" + stepName + "' failed: " + p.message(), p.location(),
                    p.didYouMean(), p.next());
        } catch (Throwable e) { // Groovy code throws checked exceptions undeclared
            SourceLocation where = locator.of(e);
            return Problem.of(ProblemCode.STEP_FAILED, "step '" + stepName + "' failed: " + describe(e), where)
                    .withNext("this is an error in the step's own code; fix the line shown (--debug shows the stack trace)");
        }
    }

    /** Repeats a health gate of the failed step, now as part of the rollback, to verify it. */
    Problem repeatGate(GateCall gate) {
        return callInRollback(gate.verb(), new VerbCall(gate.call().verb(), gate.call().args(), RollbackRun.STEP, gate.call().location()));
    }

    /**
     * Asks for the approval a ladder's level needs before it acts: a {@code confirm} call of the rollback, journaled,
     * so a resume does not ask again. Null when approved, else the refusal.
     */
    Problem approve(String question, SourceLocation where) {
        Optional<Verb> confirm = verbs.find("confirm");
        if (confirm.isEmpty()) {
            return Problem.of(ProblemCode.STEP_FAILED, "no confirm verb to ask for the approval: " + question, where);
        }
        return callInRollback(confirm.get(), new VerbCall("confirm", Map.of("question", question), RollbackRun.STEP, where));
    }

    /** A call the engine makes for the rollback itself (not written in its body): null when it succeeded, else why not. */
    private Problem callInRollback(Verb verb, VerbCall call) {
        try {
            apply(verb, call);
            return null;
        } catch (StepFailure failure) {
            attempt.bodyEndedBy(failure);
            return failure.problem;
        } catch (RunbookException e) {
            attempt.bodyEndedBy(e);
            return e.first();
        }
    }

    /** A health gate call as the failed step made it. */
    record GateCall(Verb verb, VerbCall call) {
    }

    RunListener listener() { return listener; }
    Checkpoints checkpoints() { return checkpoints; }
    Redactor redactor() { return redactor; }

    /** The calls completed so far in this run, oldest first. */
    List<PastCall> history() { return setting.history(); }

    /** One verb call: replayed from the journal if it completed before, otherwise journaled, applied, journaled. */
    private Object apply(Verb verb, VerbCall call) {
        // inside a ladder's level, the level is what its calls belong to: an approval there is --approve 'LEVEL'
        String step = attempt.level() == null ? call.step() : attempt.level();
        ExecutionContext context = setting.forCall(step, listener.verbOutput(call), false, redactor);
        if (verb instanceof ValueVerb value && !value.dependsOnRun()) {
            return ValueVerb.evaluate(value, call, context); // a pure value: the same on every attempt, nothing to journal
        }
        PlannedAction action = verb instanceof ValueVerb ? PlannedAction.of(ActionKind.CHECK, "look up " + call.verb()) : announcement(verb, call, context);
        int position = attempt.nextOrdinal();
        if (verb instanceof HealthGate && !attempt.inRollback()) {
            attempt.stepGates.add(new GateCall(verb, call)); // whatever its outcome: a rollback repeats it to verify itself
        }
        String argsJson = JsonOutput.toJson(redactor.redactTree(ResultData.of(new TreeMap<>(call.args()))));
        String argsHash = RunbookSource.sha256(call.verb() + "\n" + argsJson);
        Optional<Checkpoints.Journaled> journaled = checkpoints.replay(position, call, argsHash);
        boolean announced = !(verb instanceof ValueVerb); // a lookup is not an action: journaled, not announced
        journaled.ifPresent(j -> attempt.callTimed(position, j.startedAt(), j.finishedAt()));
        if (journaled.isPresent() && journaled.get().failed()) {
            // it failed before and the run went on (the runbook caught it, or its rollback began): the same failure again
            if (announced) {
                listener.verbFailureReplayed(call, action, journaled.get().failure());
            }
            StepFailure again = new StepFailure(Problem.of(ProblemCode.STEP_FAILED, journaled.get().failure(), null)
                    .withNext("this failure was journaled by an earlier attempt of the run and is replayed, not retried"));
            attempt.callFailed(position, again, journaled.get().failedAt());
            throw again;
        }
        if (journaled.isPresent()) {
            if (announced) {
                listener.verbReplayed(call, action);
            }
            String resultJson = journaled.get().resultJson();
            Object result = verb.restore(resultJson == null ? null : new JsonSlurper().parseText(resultJson));
            noteResult(verb, call, result);
            return result;
        }
        if (announced) {
            listener.verbStarted(call, action);
        }
        checkpoints.started(position, call, argsHash, argsJson);
        acted |= announced;
        long start = System.nanoTime();
        Instant startedAt = Instant.now();
        try {
            return applyLive(verb, call, context, position, start);
        } finally {
            attempt.callTimed(position, startedAt, Instant.now());
        }
    }

    /** The call acts: its result or failure journaled before the next call starts. */
    private Object applyLive(Verb verb, VerbCall call, ExecutionContext context, int position, long start) {
        try {
            Object result = verb.apply(call, context.withStages(stagesOf(position)));
            noteResult(verb, call, result);
            checkpoints.completed(position, JsonOutput.toJson(redactor.redactTree(verb.journal(result))), millisSince(start));
            listener.verbFinished(call, since(start));
            return result;
        } catch (VerbFailure e) {
            String details = e.details() == null ? null : JsonOutput.toJson(redactor.redactTree(ResultData.of(e.details())));
            Problem problem = Problem.of(e.code(),
                    "step '" + call.step() + "' failed: " + call.verb() + ": " + e.getMessage(), call.location()).withNext(e.next());
            checkpoints.failed(position, problem.headline(), millisSince(start), details);
            throw thrownBy(position, new StepFailure(problem));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failed(position, start, interrupted(call));
        } catch (RunbookException | StepFailure e) {
            checkpoints.failed(position, e.getMessage(), millisSince(start));
            throw thrownBy(position, e);
        } catch (Exception e) {
            if (Thread.currentThread().isInterrupted()) { // a signal closed the verb's file channel under it
                throw failed(position, start, interrupted(call));
            }
            throw failed(position, start, Problem.of(ProblemCode.STEP_FAILED,
                    "step '" + call.step() + "' failed: " + call.verb() + ": " + describe(e), call.location())
                    .withNext("this looks like a bug in verb '" + call.verb() + "'; run with --debug and report the stack trace"));
        }
    }

    /** A call's stages, journaled as {@code stage} events naming the call's ordinal (RunReport lists them under it). */
    private StageLog stagesOf(int ordinal) {
        return (stage, outcome, millis) -> {
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("call", ordinal);
            detail.put("stage", stage);
            detail.put("outcome", outcome);
            detail.put("ms", millis);
            checkpoints.event(STAGE_EVENT, JsonOutput.toJson(detail));
        };
    }

    /** The kind of event a call's stage is journaled as. */
    public static final String STAGE_EVENT = "stage";

    private static Problem interrupted(VerbCall call) {
        return Problem.of(ProblemCode.INTERRUPTED, "step '" + call.step() + "' interrupted during " + call.verb(), call.location())
                .withNext("resume it with `ripcord resume RUN` when ready");
    }

    /** The plan half's description of the call, announced before it acts; a plan half that fails must not stop the act. */
    private static PlannedAction announcement(Verb verb, VerbCall call, ExecutionContext context) {
        try {
            return verb.plan(call, context);
        } catch (RuntimeException e) {
            return PlannedAction.of(ActionKind.RUN, call.verb());
        }
    }

    /** Keeps what a rollback needs to know: whether it checked health itself, and how old restored data is. */
    private void noteResult(Verb verb, VerbCall call, Object result) {
        setting.history().add(new PastCall(call.verb(), call.step(), call.args(), result,
                call.location() == null ? 0 : call.location().line()));
        if (verb instanceof HealthGate && attempt.inRollback()) {
            attempt.rollbackGatePassed();
        }
        if (result instanceof RestorePoint point && point.dataAsOf() != null) {
            attempt.restored(point.dataAsOf());
        }
    }

    private StepFailure failed(int position, long start, Problem problem) {
        checkpoints.failed(position, problem.headline(), millisSince(start));
        return thrownBy(position, new StepFailure(problem));
    }

    /** A live call's failure, remembered so the step's end knows whether this is what stopped it. */
    private <T extends RuntimeException> T thrownBy(int position, T thrown) {
        attempt.callFailed(position, thrown, Instant.now());
        return thrown;
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message.lines().findFirst().orElse(""));
    }

    private static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    /** Carries a verb's failure out of the step's Groovy code untouched. */
    static final class StepFailure extends RuntimeException {
        final Problem problem;

        StepFailure(Problem problem) {
            super(problem.headline(), null, false, false);
            this.problem = problem;
        }
    }
}

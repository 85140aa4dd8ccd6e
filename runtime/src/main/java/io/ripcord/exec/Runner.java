package io.ripcord.exec;

import io.ripcord.dsl.ScriptLocator;
import io.ripcord.dsl.StepScope;
import io.ripcord.model.RunbookDefinition;
import io.ripcord.model.StepDefinition;
import io.ripcord.params.Params;
import io.ripcord.plan.PlannedAction;
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
    private int ordinal;
    private final List<GateCall> stepGates = new ArrayList<>();
    private boolean inRollback;
    /** When a resumed run replays the failure that started its rollback: when that failure was first detected. */
    private Instant earlierFailure;
    private int rollbackGates;
    private Instant restoredAsOf;

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
            stepGates.clear();
            Problem failure = runBody(step.name(), step.body(), params, locator, undo::add);
            if (failure != null) {
                Instant detected = earlierFailure != null ? earlierFailure : Instant.now();
                RunState state = Thread.currentThread().isInterrupted() ? RunState.INTERRUPTED : RunState.FAILED;
                checkpoints.stepFinished(completed + 1, step.name(), state, redactor.redact(failure.headline()));
                if (state == RunState.FAILED && failure.code() != ProblemCode.NOT_DETERMINISTIC) {
                    Optional<RollbackDefinition> rollback = chooseRollback(runbook, step.name(), params);
                    if (rollback.isPresent()) {
                        RollbackSummary summary = new RollbackRun(this, params, locator, completed + 2)
                                .run(rollback.get(), step.name(), List.copyOf(stepGates), undoBlocks, detected);
                        if (summary == null) { // interrupted: the rollback is journaled as far as it went and resumes
                            return finish(new RunOutcome(RunState.INTERRUPTED, Problem.of(ProblemCode.STEP_FAILED,
                                    "interrupted during the rollback after step '" + step.name() + "' failed", null)
                                    .withNext("`ripcord resume RUN` continues the rollback where it stopped"), since(start), completed));
                        }
                        return finish(new RunOutcome(summary.succeeded() ? RunState.ROLLED_BACK : RunState.ROLLBACK_FAILED,
                                failure, since(start), completed, summary));
                    }
                }
                return finish(new RunOutcome(state, failure, since(start), completed));
            }
            undoBlocks.put(step.name(), undo);
            checkpoints.stepFinished(completed + 1, step.name(), RunState.SUCCEEDED, null);
            listener.stepFinished(step.name(), since(stepStart));
            completed++;
            if (step.name().equals(throughStep) && completed < steps.size()) {
                return finish(new RunOutcome(RunState.INTERRUPTED, Problem.of(ProblemCode.STEP_FAILED, "paused after step '"
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
        Problem failure = runBody(step.name(), step.body(), params, locator, null);
        RunState state = failure == null ? RunState.SUCCEEDED
                : Thread.currentThread().isInterrupted() ? RunState.INTERRUPTED : RunState.FAILED;
        checkpoints.stepFinished(index, step.name(), state, failure == null ? null : redactor.redact(failure.headline()));
        return failure;
    }

    /** Runs one step's (or a rollback's) code; returns null on success or the problem that failed it. */
    Problem runBody(String stepName, Closure<?> body, Params params, ScriptLocator locator, Consumer<Closure<?>> undoSink) {
        StepScope scope = new StepScope(stepName, params, verbs, locator, this::apply).onUndo(undoSink);
        try {
            scope.enter(body);
            return null;
        } catch (StepFailure failure) {
            return failure.problem;
        } catch (RunbookException e) {
            Problem p = e.orAt(locator.of(e)).first();
            if (p.code() == ProblemCode.NOT_DETERMINISTIC) {
                return p;
            }
            return new Problem(ProblemCode.STEP_FAILED, "step '" + stepName + "' failed: " + p.message(), p.location(),
                    p.didYouMean(), p.next());
        } catch (Exception | StackOverflowError e) { // Groovy code throws checked exceptions undeclared
            SourceLocation where = locator.of(e);
            return Problem.of(ProblemCode.STEP_FAILED, "step '" + stepName + "' failed: " + describe(e), where)
                    .withNext("this is an error in the step's own code; fix the line shown (--debug shows the stack trace)");
        }
    }

    /** Repeats a health gate of the failed step, now as part of the rollback, to verify it. */
    Problem repeatGate(GateCall gate) {
        VerbCall again = new VerbCall(gate.call().verb(), gate.call().args(), RollbackRun.STEP, gate.call().location());
        try {
            apply(gate.verb(), again);
            return null;
        } catch (StepFailure failure) {
            return failure.problem;
        } catch (RunbookException e) {
            return e.first();
        }
    }

    /** A health gate call as the failed step made it. */
    record GateCall(Verb verb, VerbCall call) {
    }

    RunListener listener() { return listener; }
    Checkpoints checkpoints() { return checkpoints; }
    Redactor redactor() { return redactor; }

    /** Gates called since {@link #watchRollback()}, and the oldest restore point among the results. */
    void watchRollback() {
        inRollback = true;
        rollbackGates = 0;
        restoredAsOf = null;
    }

    int rollbackGates() { return rollbackGates; }

    /** The calls completed so far in this run, oldest first. */
    List<PastCall> history() { return setting.history(); }
    Instant restoredAsOf() { return restoredAsOf; }

    /** One verb call: replayed from the journal if it completed before, otherwise journaled, applied, journaled. */
    private Object apply(Verb verb, VerbCall call) {
        ExecutionContext context = setting.forCall(call.step(), listener.verbOutput(call), false, redactor);
        if (verb instanceof ValueVerb value && !value.dependsOnRun()) {
            return ValueVerb.evaluate(value, call, context); // a pure value: the same on every attempt, nothing to journal
        }
        PlannedAction action = verb instanceof ValueVerb ? PlannedAction.of(ActionKind.CHECK, "look up " + call.verb()) : announcement(verb, call, context);
        int position = ++ordinal;
        if (verb instanceof HealthGate && !inRollback) {
            stepGates.add(new GateCall(verb, call)); // whatever its outcome: a rollback repeats it to verify itself
        }
        String argsJson = JsonOutput.toJson(redactor.redactTree(ResultData.of(new TreeMap<>(call.args()))));
        String argsHash = RunbookSource.sha256(call.verb() + "\n" + argsJson);
        Optional<Checkpoints.EarlierFailure> failedBefore = inRollback ? Optional.empty() : checkpoints.failedBeforeRollback(position);
        if (failedBefore.isPresent()) {
            // this run's rollback had begun: the failure that started it stands, the rollback goes on from where it was
            earlierFailure = failedBefore.get().detected();
            listener.verbReplayed(call, action);
            throw new StepFailure(Problem.of(ProblemCode.STEP_FAILED, failedBefore.get().error(), null)
                    .withNext("its rollback was under way when the run stopped; it continues now"));
        }
        Optional<String> journaled = checkpoints.replay(position, call, argsHash);
        boolean announced = !(verb instanceof ValueVerb); // a lookup is not an action: journaled, not announced
        if (journaled.isPresent()) {
            if (announced) {
                listener.verbReplayed(call, action);
            }
            Object result = verb.restore(journaled.get() == null ? null : new JsonSlurper().parseText(journaled.get()));
            noteResult(verb, call, result);
            return result;
        }
        if (announced) {
            listener.verbStarted(call, action);
        }
        checkpoints.started(position, call, argsHash, argsJson);
        long start = System.nanoTime();
        try {
            Object result = verb.apply(call, context);
            noteResult(verb, call, result);
            checkpoints.completed(position, JsonOutput.toJson(redactor.redactTree(verb.journal(result))), millisSince(start));
            listener.verbFinished(call, since(start));
            return result;
        } catch (VerbFailure e) {
            String details = e.details() == null ? null : JsonOutput.toJson(redactor.redactTree(ResultData.of(e.details())));
            Problem problem = Problem.of(ProblemCode.STEP_FAILED,
                    "step '" + call.step() + "' failed: " + call.verb() + ": " + e.getMessage(), call.location()).withNext(e.next());
            checkpoints.failed(position, redactor.redact(problem.headline()), millisSince(start), details);
            throw new StepFailure(problem);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failed(position, start, Problem.of(ProblemCode.STEP_FAILED,
                    "step '" + call.step() + "' interrupted during " + call.verb(), call.location())
                    .withNext("resume it with `ripcord resume RUN` when ready"));
        } catch (RunbookException | StepFailure e) {
            checkpoints.failed(position, redactor.redact(e.getMessage()), millisSince(start));
            throw e;
        } catch (Exception e) {
            throw failed(position, start, Problem.of(ProblemCode.STEP_FAILED,
                    "step '" + call.step() + "' failed: " + call.verb() + ": " + describe(e), call.location())
                    .withNext("this looks like a bug in verb '" + call.verb() + "'; run with --debug and report the stack trace"));
        }
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
        if (verb instanceof HealthGate && inRollback) {
            rollbackGates++;
        }
        if (result instanceof RestorePoint point && point.dataAsOf() != null
                && (restoredAsOf == null || point.dataAsOf().isBefore(restoredAsOf))) {
            restoredAsOf = point.dataAsOf();
        }
    }

    private StepFailure failed(int position, long start, Problem problem) {
        checkpoints.failed(position, redactor.redact(problem.headline()), millisSince(start));
        return new StepFailure(problem);
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

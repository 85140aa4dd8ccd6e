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

import java.nio.file.Path;
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
        int completed = 0;
        for (StepDefinition step : steps) {
            long stepStart = System.nanoTime();
            listener.stepStarted(step.name(), completed + 1, steps.size());
            checkpoints.stepStarted(completed + 1, step.name());
            Problem failure = runStep(step, params, locator);
            if (failure != null) {
                RunState state = Thread.currentThread().isInterrupted() ? RunState.INTERRUPTED : RunState.FAILED;
                checkpoints.stepFinished(completed + 1, step.name(), state, redactor.redact(failure.headline()));
                return finish(new RunOutcome(state, failure, since(start), completed));
            }
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
        Problem failure = runStep(step, params, locator);
        RunState state = failure == null ? RunState.SUCCEEDED
                : Thread.currentThread().isInterrupted() ? RunState.INTERRUPTED : RunState.FAILED;
        checkpoints.stepFinished(index, step.name(), state, failure == null ? null : redactor.redact(failure.headline()));
        return failure;
    }

    /** Runs one step; returns null on success or the problem that failed it. */
    private Problem runStep(StepDefinition step, Params params, ScriptLocator locator) {
        StepScope scope = new StepScope(step.name(), params, verbs, locator, this::apply);
        try {
            scope.enter(step.body());
            return null;
        } catch (StepFailure failure) {
            return failure.problem;
        } catch (RunbookException e) {
            Problem p = e.orAt(locator.of(e)).first();
            if (p.code() == ProblemCode.NOT_DETERMINISTIC) {
                return p;
            }
            return new Problem(ProblemCode.STEP_FAILED, "step '" + step.name() + "' failed: " + p.message(), p.location(),
                    p.didYouMean(), p.next());
        } catch (Exception | StackOverflowError e) { // Groovy code throws checked exceptions undeclared
            SourceLocation where = locator.of(e);
            return Problem.of(ProblemCode.STEP_FAILED, "step '" + step.name() + "' failed: " + describe(e), where)
                    .withNext("this is an error in the step's own code; fix the line shown (--debug shows the stack trace)");
        }
    }

    /** One verb call: replayed from the journal if it completed before, otherwise journaled, applied, journaled. */
    private Object apply(Verb verb, VerbCall call) {
        ExecutionContext context = setting.forCall(call.step(), listener.verbOutput(call), false);
        if (verb instanceof ValueVerb value && !value.dependsOnRun()) {
            return ValueVerb.evaluate(value, call, context); // a pure value: the same on every attempt, nothing to journal
        }
        PlannedAction action = verb instanceof ValueVerb ? PlannedAction.of(ActionKind.CHECK, "look up " + call.verb()) : verb.plan(call, context);
        int position = ++ordinal;
        String argsJson = JsonOutput.toJson(redactor.redactTree(ResultData.of(new TreeMap<>(call.args()))));
        String argsHash = RunbookSource.sha256(call.verb() + "\n" + argsJson);
        Optional<String> journaled = checkpoints.replay(position, call, argsHash);
        boolean announced = !(verb instanceof ValueVerb); // a lookup is not an action: journaled, not announced
        if (journaled.isPresent()) {
            if (announced) {
                listener.verbReplayed(call, action);
            }
            return verb.restore(journaled.get() == null ? null : new JsonSlurper().parseText(journaled.get()));
        }
        if (announced) {
            listener.verbStarted(call, action);
        }
        checkpoints.started(position, call, argsHash, argsJson);
        long start = System.nanoTime();
        try {
            Object result = verb.apply(call, context);
            checkpoints.completed(position, JsonOutput.toJson(redactor.redactTree(verb.journal(result))), millisSince(start));
            listener.verbFinished(call, since(start));
            return result;
        } catch (VerbFailure e) {
            throw failed(position, start, Problem.of(ProblemCode.STEP_FAILED,
                    "step '" + call.step() + "' failed: " + call.verb() + ": " + e.getMessage(), call.location()).withNext(e.next()));
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
    private static final class StepFailure extends RuntimeException {
        final Problem problem;

        StepFailure(Problem problem) {
            super(problem.headline(), null, false, false);
            this.problem = problem;
        }
    }
}

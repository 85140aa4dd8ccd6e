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

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Runs a loaded runbook's steps in order, applying each verb call. The first failure ends the run with a problem
 * that names the step, the verb, the line and the verb's reason.
 */
public final class Runner {

    private final VerbRegistry verbs;
    private final Path workingDirectory;
    private final Map<String, String> environment;
    private final RunListener listener;

    public Runner(VerbRegistry verbs, Path workingDirectory, Map<String, String> environment, RunListener listener) {
        this.verbs = verbs;
        this.workingDirectory = workingDirectory;
        this.environment = Map.copyOf(environment);
        this.listener = listener;
    }

    public RunOutcome run(RunbookDefinition runbook, Map<String, Object> paramValues) {
        long start = System.nanoTime();
        listener.runStarted(runbook);
        Params params = new Params(paramValues);
        ScriptLocator locator = new ScriptLocator(runbook.source());
        List<StepDefinition> steps = runbook.steps();
        int completed = 0;
        for (StepDefinition step : steps) {
            long stepStart = System.nanoTime();
            listener.stepStarted(step.name(), completed + 1, steps.size());
            Problem failure = runStep(step, params, locator);
            if (failure != null) {
                return finish(new RunOutcome(failure.code() == ProblemCode.STEP_FAILED && Thread.currentThread().isInterrupted()
                        ? RunState.INTERRUPTED : RunState.FAILED, failure, since(start), completed));
            }
            listener.stepFinished(step.name(), since(stepStart));
            completed++;
        }
        return finish(new RunOutcome(RunState.SUCCEEDED, null, since(start), completed));
    }

    private RunOutcome finish(RunOutcome outcome) {
        listener.runFinished(outcome);
        return outcome;
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
            return new Problem(ProblemCode.STEP_FAILED, "step '" + step.name() + "' failed: " + p.message(), p.location(),
                    p.didYouMean(), p.next());
        } catch (Exception e) { // Groovy code throws checked exceptions undeclared
            SourceLocation where = locator.of(e);
            return Problem.of(ProblemCode.STEP_FAILED, "step '" + step.name() + "' failed: " + describe(e), where)
                    .withNext("this is an error in the step's own code; fix the line shown (--debug shows the stack trace)");
        }
    }

    private Object apply(Verb verb, VerbCall call) {
        ExecutionContext context = new ExecutionContext(call.step(), workingDirectory, environment, listener.verbOutput(call));
        PlannedAction action = verb.plan(call, context);
        listener.verbStarted(call, action);
        long start = System.nanoTime();
        try {
            Object result = verb.apply(call, context);
            listener.verbFinished(call, since(start));
            return result;
        } catch (VerbFailure e) {
            throw new StepFailure(Problem.of(ProblemCode.STEP_FAILED,
                    "step '" + call.step() + "' failed: " + call.verb() + ": " + e.getMessage(), call.location()).withNext(e.next()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StepFailure(Problem.of(ProblemCode.STEP_FAILED,
                    "step '" + call.step() + "' interrupted during " + call.verb(), call.location()));
        } catch (RunbookException | StepFailure e) {
            throw e;
        } catch (Exception e) {
            throw new StepFailure(Problem.of(ProblemCode.STEP_FAILED,
                    "step '" + call.step() + "' failed: " + call.verb() + ": " + describe(e), call.location())
                    .withNext("this looks like a bug in verb '" + call.verb() + "'; run with --debug and report the stack trace"));
        }
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

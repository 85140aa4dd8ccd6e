package io.ripcord.exec;

import groovy.json.JsonOutput;
import io.ripcord.dsl.RunFailure;
import io.ripcord.dsl.ScriptLocator;
import io.ripcord.model.RunbookDefinition;
import io.ripcord.model.StepDefinition;
import io.ripcord.params.Params;
import io.ripcord.problem.Problem;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The runbook's {@code onFailure { … }}, once a run has failed or rolled back (after the rollback): journaled as a step
 * named {@value RunbookDefinition#ON_FAILURE} and as an "onFailure" event. It tells someone; it does not decide how the
 * run ended, so its own failure is a warning beside the run's problem, never in its place. Its calls belong to the
 * attempt that failed: a resume does not replay them (see {@code JournaledCheckpoints}).
 */
final class OnFailureRun {

    private final Runner runner;
    private final Params params;
    private final ScriptLocator locator;

    OnFailureRun(Runner runner, Params params, ScriptLocator locator) {
        this.runner = runner;
        this.params = params;
        this.locator = locator;
    }

    /**
     * Runs {@code block} as step {@code stepIndex} after step {@code failedStep} ended the run as {@code outcome}; the
     * block reads that as {@code failure}, and the outcome stays what it was.
     */
    void run(StepDefinition block, String failedStep, int stepIndex, RunOutcome outcome) {
        runner.listener().onFailureStarted(outcome.state(), block.location() == null ? 0 : block.location().line());
        runner.checkpoints().stepStarted(stepIndex, RunbookDefinition.ON_FAILURE);
        Problem failed = outcome.problem();
        RunFailure failure = new RunFailure(failedStep, failed == null ? null : failed.code().name(), failed == null ? null : failed.message(),
                outcome.state().name(), outcome.exitCode().code);
        Problem problem = runner.runOnFailureBody(RunbookDefinition.ON_FAILURE, block.body(), params, locator, failure);
        RunState state = problem == null ? RunState.SUCCEEDED
                : Thread.currentThread().isInterrupted() ? RunState.INTERRUPTED : RunState.FAILED;
        runner.checkpoints().stepFinished(stepIndex, RunbookDefinition.ON_FAILURE, state, problem == null ? null : problem.headline());
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("after", outcome.state().name());
        event.put("succeeded", problem == null);
        event.put("error", problem == null ? null : problem.message());
        runner.checkpoints().event("onFailure", runner.redactor().redact(JsonOutput.toJson(event)));
        if (problem != null) {
            runner.listener().warning("the onFailure block failed (" + problem.message() + "); the run's own failure stands");
        }
    }
}

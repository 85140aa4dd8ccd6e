package io.ripcord.cli.repl;

import groovy.json.JsonSlurper;
import io.ripcord.cli.Cli;
import io.ripcord.exec.RunListener;
import io.ripcord.exec.RunOutcome;
import io.ripcord.exec.RunState;
import io.ripcord.journal.CallRecord;
import io.ripcord.journal.Journal;
import io.ripcord.journal.RunRecord;
import io.ripcord.model.RunbookDefinition;
import io.ripcord.problem.ExitCode;
import io.ripcord.problem.Problem;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The run a {@code ripcord run --repl-on-failure} stopped at: its runbook, parameters and failed step. After a fix
 * typed at the prompt, {@code :retry} redoes the failed step and {@code :continue} runs the rest, both through the
 * resume machinery, so what completed is replayed from the journal, never repeated.
 */
final class FailedRun {

    private final Cli cli;
    private final Journal journal;
    private final String runId;
    final RunbookDefinition runbook;
    final Map<String, Object> params;
    private String failedStep;
    private boolean finished;
    /** How the run stands now: the failure it was opened on, then the outcome of each :retry or :continue. */
    private ExitCode exit;
    /** The problem the last :retry or :continue ended with; null before one ran, or once the run succeeded. */
    private Problem standing;

    FailedRun(Cli cli, Journal journal, String runId, RunbookDefinition runbook, Map<String, Object> params, String failedStep,
              ExitCode exit) {
        this.exit = exit;
        this.cli = cli;
        this.journal = journal;
        this.runId = runId;
        this.runbook = runbook;
        this.params = params;
        this.failedStep = failedStep;
    }

    String runId() {
        return runId;
    }

    String failedStep() {
        return failedStep;
    }

    boolean finished() {
        return finished;
    }

    /** The exit code of the run as it stands: 0 once {@code :continue} got it through, 6 paused after a :retry. */
    ExitCode exitCode() {
        return exit;
    }

    Problem standing() {
        return standing;
    }

    /** The backups this run made (results of its completed {@code backup} calls), oldest first: for verify and restore. */
    List<Object> artifacts() {
        List<Object> out = new ArrayList<>();
        cli.verbs().find("backup").ifPresent(backup -> {
            for (CallRecord call : journal.calls(runId)) {
                if (call.verb().equals("backup") && call.state() == CallRecord.CallState.COMPLETED && call.resultJson() != null) {
                    out.add(backup.restore(new JsonSlurper().parseText(call.resultJson())));
                }
            }
        });
        return out;
    }

    /** {@code :retry}: the failed step again (earlier steps replayed from the journal); the run pauses after it. */
    RunOutcome retry(RunListener listener) {
        return resume(listener, failedStep);
    }

    /** {@code :continue}: the rest of the run, from the first call that did not complete. */
    RunOutcome resumeAll(RunListener listener) {
        return resume(listener, null);
    }

    private RunOutcome resume(RunListener listener, String throughStep) {
        RunRecord run = journal.run(runId).orElseThrow();
        RunOutcome outcome = cli.session(journal, listener).resume(run, runbook, params, false, throughStep);
        exit = outcome.exitCode();
        standing = outcome.problem();
        if (outcome.state() == RunState.SUCCEEDED) {
            finished = true;
        } else if (outcome.state() == RunState.FAILED && outcome.stepsCompleted() < runbook.steps().size()) {
            failedStep = runbook.steps().get(outcome.stepsCompleted()).name();
        }
        return outcome;
    }
}

package io.ripcord.session;

import io.ripcord.model.RunbookDefinition;
import io.ripcord.journal.Journal;
import io.ripcord.journal.CallRecord;
import io.ripcord.journal.Operator;

import io.ripcord.exec.Checkpoints;
import io.ripcord.exec.RunState;
import io.ripcord.problem.Problem;
import io.ripcord.problem.ProblemCode;
import io.ripcord.problem.RunbookException;
import io.ripcord.verb.VerbCall;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Checkpoints in the journal. On a resume, the calls an earlier attempt finished (completed, or failed and caught) are
 * replayed in order, each checked against what the runbook asks for now; from the first call that did not finish, or
 * whose failure stopped the run, everything acts again. The REPL journals its interactive run through these too.
 */
public final class JournaledCheckpoints implements Checkpoints {

    private final Journal journal;
    private final String runId;
    private final Operator operator;
    private final Map<Integer, CallRecord> earlier;
    private boolean acting;

    public JournaledCheckpoints(Journal journal, String runId, Operator operator) {
        this.journal = journal;
        this.operator = operator;
        this.runId = runId;
        this.earlier = journal.calls(runId).stream().collect(Collectors.toMap(CallRecord::ordinal, Function.identity()));
    }

    @Override
    public Optional<Journaled> replay(int ordinal, VerbCall call, String argsHash) {
        CallRecord before = acting ? null : earlier.get(ordinal);
        // an onFailure block's calls told someone about the attempt that failed: this attempt acts from there on
        if (before == null || RunbookDefinition.ON_FAILURE.equals(before.step()) || (before.state() != CallRecord.CallState.COMPLETED && before.state() != CallRecord.CallState.FAILED)) {
            acting = true; // never journaled, in flight when the process died, or the call that stopped the run
            return Optional.empty();
        }
        if (!before.verb().equals(call.verb()) || !before.argsHash().equals(argsHash)) {
            String then = before.verb() + " at line " + before.line() + " in step '" + before.step() + "'";
            String now = call.verb() + " in step '" + call.step() + "'";
            throw new RunbookException(Problem.of(ProblemCode.NOT_DETERMINISTIC, "runbook is not deterministic here: call #"
                            + ordinal + " was " + then + (before.verb().equals(call.verb()) ? " with other arguments" : "")
                            + " when run " + runId + " started, and is now " + now, call.location())
                    .withNext("a resume can only replay the same calls; make this call depend on nothing that changes between"
                            + " attempts, or start a new run"));
        }
        Instant at = before.startedAt() == null ? Instant.now()
                : before.startedAt().plusMillis(before.elapsedMillis() == null ? 0 : before.elapsedMillis());
        return Optional.of(new Journaled(before.resultJson(),
                before.state() == CallRecord.CallState.FAILED ? before.error() : null, before.startedAt(), at));
    }

    @Override
    public void stoppedBy(int ordinal) {
        journal.callStoppedRun(runId, ordinal);
    }

    @Override
    public void started(int ordinal, VerbCall call, String argsHash, String argsJson) {
        journal.callStarted(runId, ordinal, call.step(), call.verb(), call.location() == null ? 0 : call.location().line(), argsHash, argsJson);
    }

    @Override
    public void completed(int ordinal, String resultJson, long elapsedMillis) {
        journal.callFinished(runId, ordinal, CallRecord.CallState.COMPLETED, resultJson, null, elapsedMillis);
    }

    @Override
    public void failed(int ordinal, String error, long elapsedMillis) {
        journal.callFinished(runId, ordinal, CallRecord.CallState.FAILED, null, error, elapsedMillis);
    }

    @Override
    public void failed(int ordinal, String error, long elapsedMillis, String detailsJson) {
        journal.callFinished(runId, ordinal, CallRecord.CallState.FAILED, detailsJson, error, elapsedMillis);
    }

    @Override
    public void stepStarted(int index, String name) {
        journal.stepStarted(runId, index, name);
    }

    @Override
    public void stepFinished(int index, String name, RunState state, String error) {
        journal.stepFinished(runId, index, state, error);
    }

    @Override
    public void event(String kind, String detail) {
        journal.event(runId, kind, detail, operator);
    }
}

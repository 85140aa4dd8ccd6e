package io.ripcord.exec;

import io.ripcord.model.RunbookDefinition;
import io.ripcord.plan.PlannedAction;
import io.ripcord.verb.VerbCall;
import io.ripcord.verb.VerbOutput;

import java.time.Duration;

/** Progress of a run as it happens; the CLI prints it, tests record it. */
public interface RunListener {

    default void runStarted(RunbookDefinition runbook) { }

    /** The run is journaled under this id (new, or resumed). */
    default void journaled(String runId, boolean resumed) { }

    default void stepStarted(String step, int index, int count) { }

    /** A verb is about to act; {@code action} is its plan half's description of what it will do. */
    default void verbStarted(VerbCall call, PlannedAction action) { }

    /** Where the verb's own output goes while it acts. */
    default VerbOutput verbOutput(VerbCall call) { return VerbOutput.SILENT; }

    default void verbFinished(VerbCall call, Duration elapsed) { }

    /** A resumed run met a call that completed before: its journaled result is used, nothing acts. */
    default void verbReplayed(VerbCall call, PlannedAction action) { }

    /** A call that failed in an earlier attempt, and that the run went on from, fails again the same way without acting. */
    default void verbFailureReplayed(VerbCall call, PlannedAction action, String failure) { verbReplayed(call, action); }

    default void stepFinished(String step, Duration elapsed) { }

    /** Step {@code failedStep} failed and the rollbackIf at {@code conditionLine} fired: the rollback starts. */
    default void rollbackStarted(String failedStep, int conditionLine) { }

    /** A rollback ladder climbs to level {@code number} of {@code count}. */
    default void ladderLevelStarted(int number, int count, String name) { }

    /** A ladder's level ended: fixed, still red, failed or refused. */
    default void ladderLevelFinished(RollbackSummary.Level level) { }

    default void rollbackFinished(RollbackSummary summary) { }

    /** The run ended {@code after} (failed, rolled back) and the runbook's onFailure block at {@code line} starts. */
    default void onFailureStarted(RunState after, int line) { }

    default void runFinished(RunOutcome outcome) { }

    /** Something the operator should know that does not stop the run (a lock lease lost, say). */
    default void warning(String message) { }

    RunListener SILENT = new RunListener() { };
}

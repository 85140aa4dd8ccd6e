package io.ripcord.exec;

import io.ripcord.verb.VerbCall;

import java.util.Optional;

/**
 * Where a run records its progress, call by call, and where a resumed run finds what already happened. Calls are
 * numbered in the order they happen (ordinal 1, 2, …, across steps). {@link #NONE} records nothing (tests, plans).
 */
public interface Checkpoints {

    /**
     * The journaled result data of the call at {@code ordinal} if it completed before; empty if it has to act.
     * Throws a NOT_DETERMINISTIC problem if a completed call at this position was another verb or other arguments.
     */
    Optional<String> replay(int ordinal, VerbCall call, String argsHash);

    /** Durably records that the call is about to act. */
    void started(int ordinal, VerbCall call, String argsHash, String argsJson);

    /** Durably records the call's result (JSON) before the next call starts. */
    void completed(int ordinal, String resultJson, long elapsedMillis);

    void failed(int ordinal, String error, long elapsedMillis);

    /** A failure with data about it (JSON), journaled where a completed call keeps its result. */
    default void failed(int ordinal, String error, long elapsedMillis, String detailsJson) {
        failed(ordinal, error, elapsedMillis);
    }

    void stepStarted(int index, String name);

    void stepFinished(int index, String name, RunState state, String error);

    /** Something that happened to the run as a whole (a rollback and its summary, as JSON). */
    default void event(String kind, String detail) { }

    /**
     * When an earlier attempt of this run had already begun its rollback (it crashed or was interrupted during it):
     * the failure of the call at {@code ordinal} that started it. A resume replays that failure instead of trying the
     * call again, so the rollback continues rather than the run going forward over what the rollback already undid.
     */
    default Optional<EarlierFailure> failedBeforeRollback(int ordinal) {
        return Optional.empty();
    }

    /** A failure journaled by an earlier attempt: its message and when it was detected. */
    record EarlierFailure(String error, java.time.Instant detected) {
    }

    Checkpoints NONE = new Checkpoints() {
        @Override public Optional<String> replay(int ordinal, VerbCall call, String argsHash) { return Optional.empty(); }
        @Override public void started(int ordinal, VerbCall call, String argsHash, String argsJson) { }
        @Override public void completed(int ordinal, String resultJson, long elapsedMillis) { }
        @Override public void failed(int ordinal, String error, long elapsedMillis) { }
        @Override public void stepStarted(int index, String name) { }
        @Override public void stepFinished(int index, String name, RunState state, String error) { }
    };
}

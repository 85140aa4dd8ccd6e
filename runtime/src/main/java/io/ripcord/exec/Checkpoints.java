package io.ripcord.exec;

import io.ripcord.verb.VerbCall;

import java.time.Instant;
import java.util.Optional;

/**
 * Where a run records its progress, call by call, and where a resumed run finds what already happened. Calls are
 * numbered in the order they happen (ordinal 1, 2, …, across steps). {@link #NONE} records nothing (tests, plans).
 *
 * <p>The replay rule: a call an earlier attempt finished is never repeated. One that completed returns its journaled
 * result; one that failed fails again the same way without acting — the runbook caught it (try/catch, a helper that
 * swallows it), so the same code path must be taken again. Only the call whose failure stopped the attempt (see
 * {@link #stoppedBy}) acts again, and with it everything after it.
 */
public interface Checkpoints {

    /**
     * What an earlier attempt journaled for the call at {@code ordinal}; empty if it has to act. Throws a
     * NOT_DETERMINISTIC problem if a finished call at this position was another verb or other arguments.
     */
    Optional<Journaled> replay(int ordinal, VerbCall call, String argsHash);

    /**
     * A finished call as an earlier attempt journaled it: its result (JSON, may be null), or, when {@code failure} is
     * set, the failure it ended with (with its data as JSON in {@code resultJson}, if any); when it started and
     * finished (null when not known), so what is timed across attempts (a ladder's levels) keeps the first attempt's times.
     */
    record Journaled(String resultJson, String failure, Instant startedAt, Instant finishedAt) {

        public static Journaled completed(String resultJson) {
            return new Journaled(resultJson, null, null, null);
        }

        public boolean failed() {
            return failure != null;
        }

        /** When a failed call failed. */
        public Instant failedAt() {
            return finishedAt;
        }
    }

    /**
     * Durably records that the failure of the call at {@code ordinal} stopped this attempt (the run ended failed or
     * interrupted there): a resume acts that call again instead of replaying its failure.
     */
    default void stoppedBy(int ordinal) { }

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

    Checkpoints NONE = new Checkpoints() {
        @Override public Optional<Journaled> replay(int ordinal, VerbCall call, String argsHash) { return Optional.empty(); }
        @Override public void started(int ordinal, VerbCall call, String argsHash, String argsJson) { }
        @Override public void completed(int ordinal, String resultJson, long elapsedMillis) { }
        @Override public void failed(int ordinal, String error, long elapsedMillis) { }
        @Override public void stepStarted(int index, String name) { }
        @Override public void stepFinished(int index, String name, RunState state, String error) { }
    };
}

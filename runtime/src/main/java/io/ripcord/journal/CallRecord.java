package io.ripcord.journal;

import java.time.Instant;

/** One verb call as journaled: where it was, what it was called with (redacted), and how it ended. */
public record CallRecord(int ordinal, String step, String verb, int line, String argsHash, String argsJson,
                         CallState state, String resultJson, String error, Instant startedAt, Long elapsedMillis) {

    /** How far a call got. */
    public enum CallState {
        /** Journaled before acting; still in this state after a crash, so resume acts again. */
        STARTED,
        /** Acted and its result is journaled; resume returns the result without acting. */
        COMPLETED,
        /**
         * Acted and failed. A resume fails it again the same way without acting: the runbook caught it (the run went
         * on), or its failure is what the run's rollback started from.
         */
        FAILED,
        /** Acted and failed, and that failure stopped the run (failed or interrupted there): resume acts again. */
        STOPPED_RUN,
        /** Returned from the journal on a resume; not acted again. */
        REPLAYED
    }
}
